import pytest
from django.core import mail
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from promesa.accounts.choices import Role
from promesa.accounts.services import user_create
from promesa.organization.models import Organization


def run_worker() -> None:
    call_command(
        "db_worker", batch=True, reload=False, startup_delay=False, queue_name="*", verbosity=0
    )


@pytest.mark.django_db(transaction=True)
def test_the_worker_sends_the_welcome_email_enqueued_with_a_new_user() -> None:
    # given a new staff member; the welcome e-mail waits in the queue
    organization = Organization.objects.create(name="Aguas de Prueba", slug="prueba")
    user_create(
        email="Nueva@Prueba.test",
        full_name="Nueva Agente",
        role=Role.AGENT,
        organization=organization,
    )
    assert DBTaskResult.objects.ready().count() == 1
    assert mail.outbox == []

    # when the worker runs
    run_worker()

    # then the e-mail went out and the task is finished
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["nueva@prueba.test"]
    assert "Nueva Agente" in mail.outbox[0].body
    assert "/cuenta/ingresar/" in mail.outbox[0].body
    assert DBTaskResult.objects.successful().count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_user_creation_that_rolls_back_leaves_no_task_behind() -> None:
    from django.db import transaction

    organization = Organization.objects.create(name="Aguas de Prueba", slug="prueba")

    def creation_whose_transaction_fails() -> None:
        with transaction.atomic():
            user_create(
                email="fantasma@prueba.test",
                full_name="Fantasma",
                role=Role.AGENT,
                organization=organization,
            )
            raise RuntimeError("the surrounding work failed")

    with pytest.raises(RuntimeError):
        creation_whose_transaction_fails()

    assert DBTaskResult.objects.count() == 0
    run_worker()
    assert mail.outbox == []


@pytest.mark.django_db(transaction=True)
def test_a_user_added_in_the_admin_gets_the_welcome_email_too() -> None:
    from django.test import Client

    from promesa.accounts.models import User

    organization = Organization.objects.create(name="Aguas de Prueba", slug="prueba")
    User.objects.create_superuser("jefa@prueba.test", "clave-larga-2026", full_name="Jefa")
    client = Client()
    client.force_login(User.objects.get(email="jefa@prueba.test"))

    response = client.post(
        "/admin/accounts/user/add/",
        {
            "email": "nuevo@prueba.test",
            "full_name": "Nuevo Agente",
            "role": "agent",
            "organization": organization.pk,
            "password1": "otra-clave-larga-2026",
            "password2": "otra-clave-larga-2026",
            "usable_password": "true",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]

    run_worker()

    assert [m.to for m in mail.outbox] == [["nuevo@prueba.test"]]
