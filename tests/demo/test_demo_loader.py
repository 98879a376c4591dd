import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from promesa.accounts.choices import Role
from promesa.accounts.models import User
from promesa.cases.models import AnswerApprovalRule, AnswerTemplate
from promesa.demo.loader import DEMO_PASSWORD, PEOPLE, load_demo
from promesa.organization.models import Area, Organization, Touchpoint


def counts() -> tuple[int, int, int, int]:
    return (
        Organization.objects.count(),
        Area.objects.count(),
        User.objects.count(),
        Touchpoint.objects.count(),
    )


def test_loading_the_demo_twice_creates_it_once(db: None) -> None:
    assert load_demo() is True
    first = counts()

    assert load_demo() is False
    call_command("load_demo", verbosity=0)

    assert counts() == first
    assert first[1] >= 10


def test_with_if_empty_the_demo_is_not_loaded_over_real_data(db: None) -> None:
    User.objects.create_user("real@empresa.co", "x", full_name="Real")

    call_command("load_demo", if_empty=True, verbosity=0)

    assert Organization.objects.count() == 0


def test_the_demo_has_staff_with_every_role(db: None) -> None:
    load_demo()

    assert set(User.objects.values_list("role", flat=True)) == set(Role.values)


@pytest.mark.parametrize("person", PEOPLE, ids=lambda p: p.email)
def test_every_demo_login_works(db: None, client: Client, person: object) -> None:
    load_demo()

    response = client.post(
        reverse("accounts:login"),
        {"username": person.email, "password": DEMO_PASSWORD},  # type: ignore[attr-defined]
    )

    assert response.status_code == 302
    assert client.get(response["Location"]).status_code == 200  # the work queue
    assert client.get(reverse("core:home"))["Location"] == reverse("workspace:queue")


def test_the_demo_administrator_reaches_the_admin(db: None, client: Client) -> None:
    load_demo()
    client.post(
        reverse("accounts:login"), {"username": "adriana@promesa.test", "password": DEMO_PASSWORD}
    )

    assert client.get("/admin/organization/area/").status_code == 200


def test_the_demo_ships_answer_templates_that_compile_and_approval_rules(db: None) -> None:
    load_demo()

    templates = list(AnswerTemplate.objects.all())
    assert len(templates) >= 2
    for template in templates:
        template.full_clean()  # raises on a syntax error
    assert AnswerApprovalRule.objects.filter(area__code="juridica").exists()
