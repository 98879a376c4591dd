"""Full-text search: what the index holds, how words match, and who finds what."""

from __future__ import annotations

import itertools
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection

from promesa.cases.choices import CaseKind, Channel, ResponseChannel
from promesa.cases.models import Case
from promesa.cases.search import reindex_all, search_filter
from promesa.cases.selectors import cases_visible_to
from promesa.cases.services import (
    FilingInput,
    RequesterInput,
    case_add_requester_message,
    case_answer,
    case_assign,
    case_file,
    case_receive_clarification,
    case_request_clarification,
)
from promesa.organization.models import Area
from tests.cases.factories import bogota
from tests.conftest import World

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="Spanish stemming is PostgreSQL's"
)
_requester = itertools.count(1)


def filed(world: World, area: Area, subject: str, description: str = "Sin más detalles.") -> Case:
    number = next(_requester)
    return case_file(
        filing=FilingInput(
            organization=world.organization,
            kind=CaseKind.RECLAMO,
            regime="co-ley1755",
            request_type="peticion_general",
            channel=Channel.WEB,
            requester=RequesterInput(
                full_name=f"Persona {number}", email=f"p{number}@correo.test", consent_given=True
            ),
            subject=subject,
            description=description,
            area=area,
            received_at=bogota("2026-12-18T10:00"),
        ),
        notify=False,
    ).case


def found(text: str, user: object | None = None) -> set[str]:
    cases = Case.objects.all() if user is None else cases_visible_to(user)  # type: ignore[arg-type]
    return set(cases.filter(search_filter(text)).values_list("filing_number", flat=True))


@pytest.mark.parametrize("text", ["ENERGÍA", "energia", "Energia", "energía"])
def test_accents_and_case_are_ignored_both_ways(world: World, text: str) -> None:
    with_accent = filed(world, world.facturacion, "Corte de energía sin aviso")
    without_accent = filed(world, world.facturacion, "CORTE DE ENERGIA SIN AVISO")
    filed(world, world.facturacion, "Fuga de agua en el andén")

    assert found(text) == {with_accent.filing_number, without_accent.filing_number}


@pytest.mark.parametrize(
    ("written", "searched"), [("factura", "facturas"), ("facturas", "factura")]
)
def test_a_plural_finds_the_singular_and_back(world: World, written: str, searched: str) -> None:
    case = filed(world, world.facturacion, f"Error en la {written} del mes")
    filed(world, world.facturacion, "Medidor dañado")

    assert found(searched) == {case.filing_number}


@postgresql_only
def test_spanish_stemming_joins_words_of_one_family(world: World) -> None:
    case = filed(world, world.facturacion, "Reclamación por la lectura")

    assert found("reclamaciones") == {case.filing_number}
    assert found("lecturas reclamacion") == {case.filing_number}
    assert found('"por la lectura"') == {case.filing_number}
    assert found("reclamaciones -lectura") == set()


def test_every_word_must_match(world: World) -> None:
    both = filed(world, world.facturacion, "Cobro de reconexión", "Pagué la factura a tiempo.")
    filed(world, world.facturacion, "Cobro de intereses")

    assert found("cobro factura") == {both.filing_number}


def test_a_word_with_a_minus_excludes(world: World) -> None:
    reconnection = filed(world, world.facturacion, "Cobro de reconexión")
    filed(world, world.facturacion, "Cobro de intereses")

    assert found("cobro -intereses") == {reconnection.filing_number}
    assert found("-intereses") == set()


def test_the_description_is_searched(world: World) -> None:
    case = filed(world, world.facturacion, "Queja", "El técnico no dejó constancia de la visita.")

    assert found("constancia") == {case.filing_number}


def test_messages_of_the_requester_and_answers_are_found(world: World) -> None:
    # given
    replied = filed(world, world.facturacion, "Consulta general")
    clarified = case_assign(
        case=filed(world, world.facturacion, "Otra consulta"), assignee=world.bruno, by=world.bruno
    )
    answered = filed(world, world.facturacion, "Tercera consulta")

    # when
    case_add_requester_message(
        case=replied, text="Adjunto la foto del contador quemado.", channel=Channel.EMAIL
    )
    case_request_clarification(
        case=clarified, by=world.bruno, message="¿Cuál es la dirección?", notify=False
    )
    case_receive_clarification(case=clarified, message="Vivo en la vereda Potrerito.")
    case_answer(
        case=answered,
        by=world.bruno,
        text="Se programó la revisión del transformador.",
        channel=ResponseChannel.EMAIL,
        notify=False,
    )

    # then
    assert found("contador quemado") == {replied.filing_number}
    assert found("potrerito") == {clarified.filing_number}
    assert found("transformador") == {answered.filing_number}


def test_the_filing_number_is_found_exactly_and_by_its_start(world: World) -> None:
    first = filed(world, world.facturacion, "Primera")
    second = filed(world, world.facturacion, "Segunda")

    assert found(first.filing_number) == {first.filing_number}
    assert found(second.filing_number.lower()) == {second.filing_number}
    year_prefix = first.filing_number.split("-")[0] + "-"
    assert found(year_prefix) == {first.filing_number, second.filing_number}


@pytest.mark.parametrize("text", ["", "   ", "¡¿?!", '"', "*", "OR", "-", "a:b"])
def test_text_without_words_or_with_operators_never_fails(world: World, text: str) -> None:
    filed(world, world.facturacion, "Cualquier cosa")

    assert isinstance(found(text), set)


def test_carla_never_finds_the_cases_of_facturacion(world: World) -> None:
    billing = filed(world, world.facturacion, "Medidor de Facturación")
    water = filed(world, world.acueducto, "Medidor del Acueducto")

    assert found("medidor", world.carla) == {water.filing_number}
    assert found(billing.filing_number, world.carla) == set()
    assert found("medidor", world.bruno) == {billing.filing_number}


def _wipe_index() -> None:
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM cases_casesearch")


def test_the_reindex_command_rebuilds_the_index_and_can_run_twice(world: World) -> None:
    cases = [filed(world, world.facturacion, f"Poste caído número {n}") for n in range(7)]
    _wipe_index()
    assert found("poste") == set()
    out, err = StringIO(), StringIO()

    call_command("reindex_search", "--batch", "3", stdout=out, stderr=err)
    call_command("reindex_search", stdout=out, stderr=err)

    assert found("postes") == {case.filing_number for case in cases}
    assert "7 cases" in out.getvalue()
    assert "7/7" in err.getvalue()
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM cases_casesearch")
        assert cursor.fetchone() == (7,)


def test_reindexing_an_empty_database_does_nothing(db: None) -> None:
    assert reindex_all() == 0
