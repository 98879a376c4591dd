"""The manager's dashboard page (/trabajo/tablero/): figures, charts and the per-area table."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_GET

from promesa.cases.choices import CaseKind, CaseStatus
from promesa.cases.page_selectors import local_today
from promesa.cases.selectors import organization_calendar
from promesa.workspace.access import staff_and_organization
from promesa.workspace.charts import Bar, BarChart, bar_chart, count_text, percent_text
from promesa.workspace.choices import Queue
from promesa.workspace.dashboard import OPEN_STATES, AreaRow, Dashboard, build_dashboard
from promesa.workspace.dashboard import areas_in_view as visible_areas
from promesa.workspace.forms import DashboardForm

# Plural labels for counts of cases; the queue tab "Overdue" already reads "Vencidos".
RISK_LABELS = {
    "overdue": ("⚠", gettext_lazy("Overdue")),
    "due_today": ("◉", gettext_lazy("Due today")),
    "due_soon": ("◔", gettext_lazy("Due soon")),
    "on_track": ("✓", gettext_lazy("On track")),
}


@require_GET
@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    user, organization = staff_and_organization(request)
    today = local_today(organization)
    areas = visible_areas(user, organization)
    form = DashboardForm(request.GET or None, areas=areas, today=today)
    if form.is_bound and not form.is_valid():
        # A filter outside what the user may see shows no figures at all, not the wider ones.
        return render(request, "workspace/dashboard.html", {"form": form}, status=400)
    board = build_dashboard(
        organization=organization,
        areas=areas,
        area=form.chosen_area(),
        quarter=form.chosen_quarter(),
        today=today,
        calendar=organization_calendar(organization),
    )
    return render(request, "workspace/dashboard.html", {"form": form, **_present(board)})


def _queue_url(**params: str | int) -> str:
    return f"{reverse('workspace:queue')}?{urlencode(params)}"


def _present(board: Dashboard) -> dict[str, Any]:
    """Charts, sentences and links for the template, from the counts."""
    total = board.total
    area_param: dict[str, str | int] = {"area": board.queue_area.pk} if board.queue_area else {}

    def queue_link(**params: str) -> str:
        return _queue_url(**params, **area_param) if board.queue_matches else ""

    states = bar_chart(
        "states",
        [
            Bar(
                label=str(CaseStatus(state).label),
                value=total.by_state[state],
                text=count_text(total.by_state[state]),
                css=f"bar-state-{state}",
                href=queue_link(cola=Queue.AREA, status=state),
            )
            for state in OPEN_STATES
        ],
        value_heading=_("Cases"),
    )
    risk_queues = {
        "overdue": Queue.OVERDUE,
        "due_today": Queue.DUE_SOON,
        "due_soon": Queue.DUE_SOON,
    }
    risks = bar_chart(
        "risks",
        [
            Bar(
                label=f"{icon} {label}",
                value=total.by_risk[risk],
                text=count_text(total.by_risk[risk]),
                css=f"bar-risk-{risk}",
                href=queue_link(cola=risk_queues[risk]) if risk in risk_queues else "",
            )
            for risk, (icon, label) in RISK_LABELS.items()
        ],
        value_heading=_("Cases"),
    )
    kinds = bar_chart(
        "kinds",
        [
            Bar(
                label=str(label),
                value=total.received[kind],
                text=count_text(total.received[kind]),
                css="bar-kind",
            )
            for kind, label in CaseKind.choices
        ],
        value_heading=_("Cases"),
    )
    on_time = bar_chart(
        "on-time",
        [
            Bar(
                label=_row_label(row),
                value=row.tally.on_time_rate or 0,
                text=percent_text(row.tally.on_time_rate),
                css="bar-on-time",
            )
            for row in board.rows
        ],
        value_heading=_("Answered on time"),
        scale_max=100,
    )
    return {
        "board": board,
        "states": states,
        "risks": risks,
        "kinds": kinds,
        "on_time": on_time,
        "risk_labels": RISK_LABELS,
        "rows": [_row(row, board) for row in board.rows],
        "takeaways": _takeaways(board, kinds),
        "open_text": count_text(total.open),
        "answered_text": count_text(total.answered),
        "received_text": count_text(total.received_total),
        "rate_text": percent_text(total.on_time_rate),
        "open_queue": queue_link(cola=Queue.AREA),
        "silence_text": count_text(total.silence),
        "silence_queue": queue_link(cola=Queue.AREA, silence="on"),
    }


def _row_label(row: AreaRow) -> str:
    if row.own_only:
        return _("%(area)s (this area only)") % {"area": row.area.name}
    return row.area.name


def _row(row: AreaRow, board: Dashboard) -> dict[str, str]:
    """A table row's texts and links: an area with areas below it opens its own dashboard;
    one without (or its own cases) opens the queue, which filters on exactly one area."""
    tally = row.tally
    drill = ""
    open_link = overdue_link = ""
    if row.is_subtree:
        drill = "?" + urlencode({"area": str(row.area.public_id), "trimestre": board.quarter.code})
    else:
        open_link = _queue_url(cola=Queue.AREA, area=row.area.pk)
        overdue_link = _queue_url(cola=Queue.OVERDUE, area=row.area.pk)
    return {
        "label": _row_label(row),
        "drill": drill,
        "open": count_text(tally.open),
        "open_link": open_link,
        "overdue": count_text(tally.by_risk["overdue"]),
        "overdue_link": overdue_link,
        "answered": count_text(tally.answered),
        "rate": percent_text(tally.on_time_rate),
    }


def _takeaways(board: Dashboard, kinds: BarChart) -> dict[str, str]:
    """One sentence per chart saying what it shows, for everyone and for screen readers."""
    total = board.total
    waiting = total.by_state[CaseStatus.AWAITING_REQUESTER]
    states = ngettext(
        "%(open)s open case; %(waiting)s of them waiting for the requester.",
        "%(open)s open cases; %(waiting)s of them waiting for the requester.",
        total.open,
    ) % {"open": count_text(total.open), "waiting": count_text(waiting)}
    risks = _("Overdue: %(overdue)s. Due today: %(today)s.") % {
        "overdue": count_text(total.by_risk["overdue"]),
        "today": count_text(total.by_risk["due_today"]),
    }
    if total.answered:
        on_time = ngettext(
            "%(rate)s of the %(answered)s case answered in the quarter was answered on time.",
            "%(rate)s of the %(answered)s cases answered in the quarter were answered on time.",
            total.answered,
        ) % {"rate": percent_text(total.on_time_rate), "answered": count_text(total.answered)}
    else:
        on_time = _("No case was answered in this quarter yet.")
    if kinds.is_empty:
        received = _("No case was received in this quarter.")
    else:
        top = max(kinds.bars, key=lambda bar: bar.value)
        received = ngettext(
            "%(count)s case received in the quarter; the most frequent type: %(kind)s.",
            "%(count)s cases received in the quarter; the most frequent type: %(kind)s.",
            total.received_total,
        ) % {"count": count_text(total.received_total), "kind": top.label.lower()}
    return {"states": states, "risks": risks, "on_time": on_time, "received": received}
