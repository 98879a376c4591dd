"""The law in force, as citizens and staff meet it: portal, e-mails, timeline, actions, API.

Each regime's behaviour while we wait for the requester (Ley 142: the term keeps running;
Ley 1755: it stops and resumes; Peru: it stops for at most 5 business days), extensions
offered only where the law allows them, and positive silence (Ley 142 art. 158) on the
queue, the case page, the alert sweep and the dashboard.
"""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from promesa.cases import services
from promesa.cases.alerts import run_sweep
from promesa.cases.choices import CaseKind, EventKind, SilenceExclusion
from promesa.cases.events import SilenceEffectsRecognised, SilenceExcluded
from promesa.cases.models import Case
from promesa.cases.services import FiledCase
from promesa.core.errors import ApplicationError
from promesa.notifications.models import OutboxMessage
from tests.api.conftest import ApiClient
from tests.cases.factories import bogota, file_case, reload
from tests.conftest import World
from tests.queue import run_worker
from tests.workspace.helpers import action_url, case_url, new_case, queue_numbers, today

LEY_142: dict[str, Any] = {"regime": "co-ley142", "request_type": "pqr", "kind": CaseKind.RECLAMO}
LEY_1755: dict[str, Any] = {"regime": "co-ley1755", "request_type": "peticion_general"}
PERU: dict[str, Any] = {"regime": "pe-libro-reclamaciones", "request_type": "reclamo"}


def text_of(response: Any) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def ask_to_complete(world: World, filed: FiledCase) -> Case:
    return services.case_request_clarification(
        case=filed.case, by=world.bruno, message="Envíe copia de la factura."
    )


def tracking(filed: FiledCase) -> Client:
    viewer = Client()
    viewer.post(
        "/pqrs/consultar/",
        {"filing_number": filed.case.filing_number, "tracking_code": filed.tracking_code},
    )
    return viewer


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path


# --- 1. what the requester and staff are told while we wait --------------------------------


@pytest.mark.parametrize(
    ("regime", "portal", "timeline", "flash"),
    [
        (
            LEY_142,
            "El plazo para responderle no se suspende mientras esperamos su respuesta: le "
            "responderemos a más tardar el",
            "El término legal sigue corriendo mientras se espera al peticionario",
            "Recibimos su respuesta. Le responderemos a más tardar en la fecha indicada.",
        ),
        (
            LEY_1755,
            "Mientras esperamos su respuesta, el plazo para responderle se suspende; cuando "
            "usted responda, vuelven a correr los días que faltaban.",
            "El término legal se suspende hasta que el peticionario responda; luego siguen "
            "corriendo los días que faltaban.",
            "Recibimos su respuesta. Vuelven a correr los días que faltaban del plazo",
        ),
        (
            PERU,
            "el plazo para responderle se suspende por máximo 5 días hábiles; después vuelve a "
            "correr aunque usted no haya respondido.",
            "El término legal se suspende por máximo 5 días hábiles",
            "Recibimos su respuesta. El plazo para responderle vuelve a correr.",
        ),
    ],
    ids=["ley142-keeps-running", "ley1755-resumes", "peru-at-most-5-days"],
)
def test_the_portal_the_email_and_the_timeline_say_what_the_regime_does(
    world: World, client: Client, regime: dict[str, Any], portal: str, timeline: str, flash: str
) -> None:
    # given a case of the regime, and ana asked to complete it
    filed = file_case(world.organization, world.facturacion, **regime)
    mail.outbox.clear()
    ask_to_complete(world, filed)
    run_worker()

    # then the tracking page tells her what her term does meanwhile
    viewer = tracking(filed)
    page = text_of(viewer.get(f"/pqrs/caso/{filed.case.public_id}/"))
    assert portal in page
    if regime is not LEY_1755:
        assert "vuelven a correr los días que faltaban" not in page
    # and the e-mail says the same
    [request] = [m for m in mail.outbox if "Envíe copia de la factura." in m.body]
    assert portal in " ".join(request.body.split())
    # and bruno's timeline says what the law did
    client.force_login(world.bruno)
    assert timeline in text_of(client.get(case_url(filed.case)))

    # when she answers, the confirmation does not promise what the law does not give
    answered = viewer.post(
        f"/pqrs/caso/{filed.case.public_id}/responder/",
        {"message": "Adjunto la factura."},
        follow=True,
    )
    assert flash in text_of(answered)


def test_the_filed_page_says_what_the_term_of_the_case_does(world: World) -> None:
    # given ana's Ley 142 claim and her Ley 1755 petition, each just filed
    claim = file_case(world.organization, world.facturacion, **LEY_142)
    petition = file_case(world.organization, world.facturacion, **LEY_1755)

    # when she sees each confirmation
    def confirmation(filed: FiledCase) -> str:
        page = tracking(filed).get(reverse("portal:filed", args=[filed.case.public_id]))
        assert page.status_code == 200
        return text_of(page)

    # then only the petition promises that the term stops
    claim_page = confirmation(claim)
    assert "El plazo para responderle no se suspende mientras esperamos su respuesta" in claim_page
    assert "se suspende;" not in claim_page
    assert "vuelven a correr los días que faltaban" in confirmation(petition)


def test_a_ley_142_case_waiting_for_the_requester_keeps_its_due_date(world: World) -> None:
    filed = file_case(world.organization, world.facturacion, received="2026-03-16T09:00", **LEY_142)

    case = ask_to_complete(world, filed)
    case = services.case_receive_clarification(
        case=case, message="Adjunto la factura.", at=bogota("2026-04-01T10:00")
    )

    assert case.paused_since is None
    assert case.pauses == []
    assert str(case.due_date) == "2026-04-09"
    requested = case.events.get(kind=EventKind.CLARIFICATION_REQUESTED).payload
    assert requested.term_effect == "keeps_running"  # type: ignore[attr-defined]
    assert requested.pauses_clock is False  # type: ignore[attr-defined]


def test_a_peruvian_requester_slower_than_five_business_days_stops_the_clock_only_five(
    world: World,
) -> None:
    # given a claim received Monday 2 March 2026, asked to complete on Tuesday 3 March
    filed = file_case(world.organization, world.facturacion, received="2026-03-02T09:00", **PERU)
    before = filed.case.due_date
    case = services.case_request_clarification(
        case=filed.case, by=world.bruno, message="Envíe la boleta.", at=bogota("2026-03-03T09:00")
    )

    # when the answer comes two weeks later
    case = services.case_receive_clarification(
        case=case, message="Adjunto la boleta.", at=bogota("2026-03-17T09:00")
    )

    # then the due date moved by 5 business days, not by 10, and nothing failed
    calendar = services.deadline_in_force(case, today=case.due_date)
    assert calendar.paused_days == 5
    assert case.due_date == services.deadline_in_force(case, today=case.due_date).due_date
    assert case.due_date > before


# --- 2. extensions --------------------------------------------------------------------------


def test_diego_is_not_offered_an_extension_the_law_does_not_allow(
    world: World, client: Client
) -> None:
    # given a Ley 142 claim and a Ley 1755 petition, both in the term
    claim = new_case(world, world.facturacion, **LEY_142)
    petition = new_case(world, world.facturacion, **LEY_1755)
    client.force_login(world.diego)

    # then the claim's page offers no extension and says why, in Spanish
    page = client.get(case_url(claim))
    assert "extend" not in page.context["forms"]
    assert action_url(claim, "extend") not in page.content.decode()
    assert "no admite prórroga" in text_of(page)
    # while the petition's does
    assert "extend" in client.get(case_url(petition)).context["forms"]


def test_an_extension_forced_on_a_ley_142_claim_is_refused_in_spanish(
    world: World, client: Client
) -> None:
    claim = new_case(world, world.facturacion, **LEY_142)
    client.force_login(world.diego)

    response = client.post(
        action_url(claim, "extend"), {"extend_days": "5", "extend_reason": "Visita técnica."}
    )

    assert response.status_code == 400
    body = text_of(response)
    assert "Este tipo de solicitud (Petición, queja o recurso de servicios públicos" in body
    assert "cannot be extended" not in body
    assert reload(claim).extension_days == 0


def test_the_extension_is_no_longer_offered_once_its_ceiling_is_reached(
    world: World, client: Client
) -> None:
    petition = new_case(world, world.facturacion, **LEY_1755)
    services.case_extend(case=petition, by=world.diego, days=15, reason="Pruebas técnicas.")
    client.force_login(world.diego)

    page = client.get(case_url(petition))

    assert "extend" not in page.context["forms"]
    assert "como máximo 15 días adicionales en total" in text_of(page)


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("es", "no admite prórroga"),
        ("en", "cannot be extended: answer it within the term"),
    ],
)
def test_the_api_refuses_the_extension_in_the_language_of_the_request(
    world: World, language: str, message: str
) -> None:
    claim = new_case(world, world.facturacion, **LEY_142)
    api = ApiClient(world.diego)

    response = api.client.post(
        f"/api/v1/cases/{claim.filing_number}/extend",
        {"days": 5, "reason": "Visita técnica."},
        content_type="application/json",
        headers={"Accept-Language": language},
    )

    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "deadline"
    assert message in error["message"]
    assert "'pqr'" not in error["message"]


@pytest.mark.parametrize(
    ("language", "message"),
    [("es", "no admite prórroga"), ("en", "cannot be extended")],
)
def test_the_deadline_preview_speaks_the_language_of_the_request(
    world: World, language: str, message: str
) -> None:
    api = ApiClient(world.diego)

    response = api.client.get(
        "/api/v1/deadlines/preview",
        {"regime": "co-ley142", "type": "pqr", "received": "2026-03-16T09:00", "extend": "2"},
        headers={"Accept-Language": language},
    )

    assert response.status_code == 400
    assert message in response.json()["error"]["message"]


# --- 3. positive silence --------------------------------------------------------------------


def overdue_claim(world: World, *, days_overdue: int = 3) -> Case:
    return new_case(
        world,
        world.facturacion,
        due=today(world) - timedelta(days=days_overdue),
        days_ago=40,
        **LEY_142,
    )


def test_filing_takes_the_positive_silence_of_the_rule(world: World) -> None:
    assert file_case(world.organization, world.facturacion, **LEY_142).case.positive_silence
    assert not file_case(world.organization, world.facturacion, **LEY_1755).case.positive_silence
    documents = file_case(
        world.organization,
        world.facturacion,
        regime="co-ley1755",
        request_type="peticion_documentos",
    )
    assert documents.case.positive_silence


def test_the_queue_marks_and_filters_the_cases_in_positive_silence(
    world: World, client: Client
) -> None:
    # given an overdue Ley 142 claim, an overdue petition, and a Ley 142 claim still in term
    silent = overdue_claim(world)
    late_petition = new_case(
        world, world.facturacion, due=today(world) - timedelta(days=3), days_ago=40, **LEY_1755
    )
    in_term = new_case(world, world.facturacion, **LEY_142)
    client.force_login(world.bruno)

    # then the queue marks only the first
    response = client.get(reverse("workspace:queue"), {"cola": "mi-area"})
    marked = {row.case.filing_number for row in response.context["page"].rows if row.silence}
    assert marked == {silent.filing_number}
    assert "Silencio positivo" in text_of(response)
    # and the filter finds only it
    assert queue_numbers(client, "mi-area", silence="on") == [silent.filing_number]
    assert late_petition.filing_number not in queue_numbers(client, "mi-area", silence="on")
    assert in_term.filing_number in queue_numbers(client, "mi-area")


def test_the_case_page_dates_the_silence_and_the_72_hours(world: World, client: Client) -> None:
    silent = overdue_claim(world, days_overdue=3)
    client.force_login(world.diego)

    page = text_of(client.get(case_url(silent)))

    assert "Silencio administrativo positivo" in page
    assert "la solicitud se entiende resuelta a favor del usuario" in page
    assert "Ley 142 de 1994, art. 158" in page
    assert "Sus efectos deben reconocerse a más tardar el" in page
    assert "(72 horas después del vencimiento del término)" in page


def test_diego_recognises_the_effects_and_the_event_says_whether_in_time(world: World) -> None:
    silent = overdue_claim(world, days_overdue=1)

    case = services.case_recognise_silence_effects(
        case=silent, by=world.diego, note="Se accede al reclamo y se reliquida la factura."
    )

    assert case.silence_effects_recognised_at is not None
    event = case.events.get(kind=EventKind.SILENCE_EFFECTS_RECOGNISED)
    assert isinstance(event.payload, SilenceEffectsRecognised)
    assert event.payload.occurred_on == silent.due_date + timedelta(days=1)
    assert event.payload.in_time  # one day after the term, within the 72 hours
    assert event.payload.note == "Se accede al reclamo y se reliquida la factura."
    with pytest.raises(ApplicationError):
        services.case_recognise_silence_effects(case=case, by=world.diego)


def test_recognising_effects_five_days_late_is_recorded_as_late(world: World) -> None:
    case = services.case_recognise_silence_effects(
        case=overdue_claim(world, days_overdue=5), by=world.diego
    )

    event = case.events.get(kind=EventKind.SILENCE_EFFECTS_RECOGNISED)
    assert isinstance(event.payload, SilenceEffectsRecognised)
    assert not event.payload.in_time


def test_there_is_nothing_to_recognise_before_the_term_runs_out(world: World) -> None:
    with pytest.raises(ApplicationError, match="no ha ocurrido silencio administrativo positivo"):
        services.case_recognise_silence_effects(
            case=new_case(world, world.facturacion, **LEY_142), by=world.diego
        )


def test_a_recorded_exclusion_removes_the_marker(world: World, client: Client) -> None:
    # given an overdue claim whose user did not come to the technical visit
    silent = overdue_claim(world)

    # when diego records the cause with the facts
    case = services.case_exclude_silence(
        case=silent,
        by=world.diego,
        cause=SilenceExclusion.USER_DELAY,
        reason="El usuario no atendió la visita técnica del 2 de marzo.",
    )

    # then the case is out of the silence, with a typed event and its reasons
    assert case.silence_exclusion == SilenceExclusion.USER_DELAY
    event = case.events.get(kind=EventKind.SILENCE_EXCLUDED)
    assert isinstance(event.payload, SilenceExcluded)
    assert event.payload.cause is SilenceExclusion.USER_DELAY
    assert "visita técnica" in event.payload.reason
    client.force_login(world.diego)
    assert queue_numbers(client, "mi-area", silence="on") == []
    page = text_of(client.get(case_url(case)))
    assert "No aplica silencio positivo: El usuario causó la demora" in page


def test_an_exclusion_needs_a_cause_a_reason_and_a_supervisor(world: World) -> None:
    silent = overdue_claim(world)

    with pytest.raises(ApplicationError):
        services.case_exclude_silence(case=silent, by=world.diego, cause="", reason="x")
    with pytest.raises(ApplicationError):
        services.case_exclude_silence(
            case=silent, by=world.diego, cause=SilenceExclusion.EVIDENCE, reason=" "
        )
    with pytest.raises(ApplicationError) as refused:
        services.case_exclude_silence(
            case=silent, by=world.bruno, cause=SilenceExclusion.EVIDENCE, reason="Pruebas."
        )
    assert refused.value.code == "forbidden"
    assert reload(silent).silence_exclusion == ""


def test_the_case_page_offers_diego_the_silence_actions_and_bruno_none(
    world: World, client: Client
) -> None:
    silent = overdue_claim(world)

    client.force_login(world.diego)
    forms = client.get(case_url(silent)).context["forms"]
    assert {"recognise_silence", "exclude_silence"} <= set(forms)

    client.force_login(world.bruno)
    forms = client.get(case_url(silent)).context["forms"]
    assert not {"recognise_silence", "exclude_silence"} & set(forms)

    # and a petition without positive silence offers neither to diego
    client.force_login(world.diego)
    petition = new_case(world, world.facturacion, **LEY_1755)
    assert not {"recognise_silence", "exclude_silence"} & set(
        client.get(case_url(petition)).context["forms"]
    )


def test_diego_records_the_exclusion_from_the_case_page(world: World, client: Client) -> None:
    silent = overdue_claim(world)
    client.force_login(world.diego)

    response = client.post(
        action_url(silent, "exclude_silence"),
        {"silence_cause": "evidence", "silence_reason": "Se practicó prueba de laboratorio."},
    )

    assert response.status_code == 302
    assert reload(silent).silence_exclusion == SilenceExclusion.EVIDENCE


def test_the_area_manager_is_warned_once_before_the_silence(world: World) -> None:
    # given a Ley 142 claim received Monday 16 March 2026 (due Thursday 9 April), and a
    # petition due the same day that gives no positive silence
    claim = file_case(
        world.organization, world.facturacion, received="2026-03-16T09:00", **LEY_142
    ).case
    file_case(world.organization, world.facturacion, received="2026-03-16T09:00", **LEY_1755)
    mail.outbox.clear()

    # when the sweep runs on Tuesday 7 April and again the next days
    first = run_sweep(now=bogota("2026-04-07T08:00"))
    run_sweep(now=bogota("2026-04-08T08:00"))
    run_sweep(now=bogota("2026-04-09T08:00"))

    # then diego, the manager of Servicio al Cliente above Facturación, was warned once
    assert first.silence_warnings == 1
    warnings = [m for m in mail.outbox if "silencio positivo" in m.subject]
    assert [m.to for m in warnings] == [[world.diego.email]]
    [warning] = warnings
    assert claim.filing_number in warning.subject
    assert "Ley 142 de 1994, art. 158" in warning.body
    assert "viernes 10 de abril de 2026" in warning.body
    assert "72 horas" in warning.body
    assert OutboxMessage.objects.filter(kind="positive_silence_warning").count() == 1
    assert reload(claim).silence_warned_at is not None


def test_no_warning_for_a_claim_whose_silence_is_excluded(world: World) -> None:
    claim = file_case(
        world.organization, world.facturacion, received="2026-03-16T09:00", **LEY_142
    ).case
    services.case_exclude_silence(
        case=claim, by=world.diego, cause=SilenceExclusion.EVIDENCE, reason="Pruebas."
    )

    assert run_sweep(now=bogota("2026-04-07T08:00")).silence_warnings == 0


def test_a_ley_142_claim_waiting_for_the_requester_is_still_swept(world: World) -> None:
    # its clock keeps running, so the deadline alerts keep coming
    claim = file_case(
        world.organization, world.facturacion, received="2026-03-16T09:00", **LEY_142
    ).case
    services.case_request_clarification(
        case=claim, by=world.bruno, message="Envíe la factura.", at=bogota("2026-03-17T09:00")
    )

    result = run_sweep(now=bogota("2026-04-08T08:00"))

    assert result.cases_examined == 1
    assert result.silence_warnings == 1


def test_the_dashboard_counts_the_cases_in_positive_silence(world: World, client: Client) -> None:
    overdue_claim(world)
    overdue_claim(world, days_overdue=8)
    new_case(
        world, world.facturacion, due=today(world) - timedelta(days=3), days_ago=40, **LEY_1755
    )
    client.force_login(world.lucia)

    response = client.get(reverse("workspace:dashboard"))

    assert response.context["board"].total.silence == 2
    assert "en silencio administrativo positivo" in text_of(response)
