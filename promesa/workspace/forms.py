"""Forms of the staff workspace: the queue filters, saved searches, the dashboard, bulk
actions, the answer page and internal requests. The case page's action forms are in
``promesa.cases.forms``.
"""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from django import forms
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from promesa.accounts.models import User
from promesa.cases.answers import channel_problem, default_channel, templates_for
from promesa.cases.attachments import AttachmentsField, attachment_hint
from promesa.cases.choices import CaseKind, CaseStatus, Channel, ResponseChannel
from promesa.cases.forms import ActionForm
from promesa.cases.models import AnswerDraft, AnswerTemplate
from promesa.cases.selectors import CaseFilter
from promesa.core.errors import ApplicationError
from promesa.core.forms import AccessibleForm
from promesa.organization.models import Area, Organization, Touchpoint
from promesa.organization.selectors import visible_areas_filter
from promesa.workspace import dashboard, selectors
from promesa.workspace.choices import Queue


def _blank(label: object, choices: Any) -> list[tuple[str, object]]:
    return [("", label), *choices]


class DateInput(forms.DateInput):
    input_type = "date"


class QueueFilterForm(AccessibleForm):
    """GET filters of the queue; every field is optional."""

    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    kind = forms.ChoiceField(label=_("Type"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False)
    channel = forms.ChoiceField(label=_("Channel"), required=False)
    area = forms.ModelChoiceField(
        label=_("Area"), required=False, queryset=Area.objects.none(), empty_label=_("Any")
    )
    assignee = forms.ModelChoiceField(
        label=_("Assignee"), required=False, queryset=User.objects.none(), empty_label=_("Anyone")
    )
    touchpoint = forms.ModelChoiceField(
        label=_("Touchpoint"),
        required=False,
        queryset=Touchpoint.objects.none(),
        empty_label=_("Any"),
    )
    received_from = forms.DateField(label=_("Received from"), required=False, widget=DateInput)
    received_to = forms.DateField(label=_("Received until"), required=False, widget=DateInput)
    silence = forms.BooleanField(
        label=_("Only cases in positive administrative silence"),
        help_text=_("Overdue and unanswered where the law deems them granted (Ley 142)."),
        required=False,
    )

    def __init__(self, *args: Any, user: User, organization: Organization, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = _blank(_("Any"), CaseKind.choices)  # type: ignore[attr-defined]
        self.fields["status"].choices = _blank(_("Any"), CaseStatus.choices)  # type: ignore[attr-defined]
        self.fields["channel"].choices = _blank(_("Any"), Channel.choices)  # type: ignore[attr-defined]
        self.fields["area"].queryset = Area.objects.filter(  # type: ignore[attr-defined]
            visible_areas_filter(user), organization=organization
        ).order_by("path")
        self.fields["assignee"].queryset = selectors.staff_of(organization, user)  # type: ignore[attr-defined]
        self.fields["touchpoint"].queryset = Touchpoint.objects.filter(  # type: ignore[attr-defined]
            organization=organization
        )

    def case_filter(self) -> CaseFilter:
        """The valid form as the one filter of case lists, which the API uses too."""
        data = self.cleaned_data

        def public_id(name: str) -> UUID | None:
            chosen = data.get(name)
            return chosen.public_id if chosen is not None else None

        return CaseFilter(
            q=data.get("q") or "",
            kind=data.get("kind") or "",
            status=data.get("status") or "",
            channel=data.get("channel") or "",
            area=public_id("area"),
            assignee=public_id("assignee"),
            touchpoint=public_id("touchpoint"),
            received_from=data.get("received_from"),
            received_to=data.get("received_to"),
            silence=bool(data.get("silence")),
        )


class SavedFilterForm(AccessibleForm):
    """ "Save this search": a name, optionally an area to share it with, and the queue and
    filters being looked at (hidden fields filled from the page's query string)."""

    name = forms.CharField(label=_("Name of the search"), max_length=80)
    shared_with = forms.ModelChoiceField(
        label=_("Share with"),
        required=False,
        queryset=Area.objects.none(),
        empty_label=_("Nobody (only me)"),
        help_text=_(
            "People in that area see it in their list; it shows them only what they may see."
        ),
    )
    queue = forms.ChoiceField(choices=Queue.choices, widget=forms.HiddenInput)
    filters = forms.CharField(required=False, max_length=1000, widget=forms.HiddenInput)

    def __init__(self, *args: Any, user: User, organization: Organization, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.user = user
        self.organization = organization
        self.fields["shared_with"].queryset = (  # type: ignore[attr-defined]
            Area.objects.filter(selectors.areas_to_share_with(user), organization=organization)
            .distinct()
            .order_by("path")
        )

    def clean_filters(self) -> str:
        """The filters read back through the queue's own form, kept only when valid."""
        data = QueryDict(self.cleaned_data.get("filters", ""))
        check = QueueFilterForm(data, user=self.user, organization=self.organization)
        if not check.is_valid():
            raise forms.ValidationError(
                _("These filters cannot be saved: correct them in the queue first."),
                code="invalid_filters",
            )
        kept = QueryDict(mutable=True)
        for name in sorted(check.fields):
            for value in data.getlist(name):
                if value.strip():
                    kept.appendlist(name, value)
        return kept.urlencode()


class DashboardForm(AccessibleForm):
    """GET filters of the dashboard: one of the areas the user sees, and a quarter.

    The area choices come from the list the dashboard already read, so the form costs no
    query; an area outside that list is refused like any unknown choice.
    """

    area = forms.ChoiceField(
        label=_("Area"),
        required=False,
        error_messages={"invalid_choice": _("Choose one of the areas you can see.")},
    )
    # A select whose value parse_quarter checks, for a message that says what is allowed.
    trimestre = forms.CharField(label=_("Quarter"), required=False, widget=forms.Select)

    def __init__(self, *args: Any, areas: list[Area], today: date, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self._areas = {str(area.public_id): area for area in areas}
        top = min((area.depth for area in areas), default=0)
        self.fields["area"].choices = _blank(  # type: ignore[attr-defined]
            _("All the areas I can see"),
            # Indented by depth with em spaces, so the select reads like the tree.
            [(key, "\u2003" * (area.depth - top) + area.name) for key, area in self._areas.items()],
        )
        quarters = dashboard.quarter_choices(today)
        self.fields["trimestre"].widget.choices = [
            (quarter.code, quarter.label) for quarter in quarters
        ]
        self._today = today

    def clean_trimestre(self) -> dashboard.Quarter:
        code = self.cleaned_data.get("trimestre") or ""
        if not code:
            return dashboard.Quarter.containing(self._today)
        try:
            return dashboard.parse_quarter(code, today=self._today)
        except ApplicationError as exc:
            raise forms.ValidationError(exc.message, code=exc.code) from None

    def chosen_area(self) -> Area | None:
        if not self.is_bound:
            return None
        return self._areas.get(self.cleaned_data.get("area") or "")

    def chosen_quarter(self) -> dashboard.Quarter:
        if not self.is_bound:
            return dashboard.Quarter.containing(self._today)
        quarter: dashboard.Quarter = self.cleaned_data["trimestre"]
        return quarter


class AnswerComposeForm(ActionForm):
    """The answer page: a template to start from, the text, the channel and the files.

    The text is only required to preview or send; choosing a template needs none.
    """

    answer_template = forms.ModelChoiceField(
        label=_("Start from a template"),
        help_text=_("Replaces the text below with the template, filled in for this case."),
        queryset=AnswerTemplate.objects.none(),
        required=False,
        empty_label=_("Choose a template"),
    )
    answer_text = forms.CharField(
        label=_("Text of the answer"),
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 16}),
    )
    answer_channel = forms.ChoiceField(
        label=_("Send it by"), choices=ResponseChannel.choices, widget=forms.RadioSelect
    )
    answer_files = AttachmentsField(label=_("Attach files"), required=False)
    remove_files = forms.MultipleChoiceField(
        label=_("Remove attached files"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, draft: AnswerDraft | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.draft = draft
        self.fields["answer_template"].queryset = templates_for(self.case)  # type: ignore[attr-defined]
        self.fields["answer_channel"].initial = (
            draft.channel if draft else default_channel(self.case)
        )
        self.fields["answer_files"].help_text = attachment_hint()
        if draft is not None:
            self.fields["answer_text"].initial = draft.text
        files = list(draft.attachments.all()) if draft else []
        if files:
            self.fields["remove_files"].choices = [  # type: ignore[attr-defined]
                (str(item.public_id), item.original_name) for item in files
            ]
        else:
            del self.fields["remove_files"]

    def clean_answer_channel(self) -> str:
        channel: str = self.cleaned_data["answer_channel"]
        problem = channel_problem(self.case, channel)
        if problem is not None:
            raise forms.ValidationError(problem)
        return channel

    def require_text(self) -> bool:
        """Add the error for a missing text; True when the text is there."""
        if self.is_valid() and not self.cleaned_data["answer_text"].strip():
            self.add_error("answer_text", _("Write the answer."))
        return self.is_valid()


class ReturnAnswerForm(AccessibleForm):
    return_reason = forms.CharField(
        label=_("What should change"),
        help_text=_("The author reads this, edits the answer and submits it again."),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class InternalAnswerForm(AccessibleForm):
    ireq_answer = forms.CharField(
        label=_("Your area's answer"),
        help_text=_("It closes the request; the person who asked receives it by e-mail."),
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )


class InternalReplyForm(AccessibleForm):
    ireq_message = forms.CharField(
        label=_("Message"),
        help_text=_("To ask or clarify something before answering; it does not close the request."),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class InternalCancelForm(AccessibleForm):
    ireq_cancel_reason = forms.CharField(
        label=_("Why you no longer need it"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


BULK_ACTIONS = ("assign", "move", "note")


class BulkActionForm(AccessibleForm):
    """The queue's "with the selected cases" fieldset: one field per action.

    Only the field of the chosen action (the ``action`` of the pressed button) is required.
    """

    bulk_assignee = forms.ModelChoiceField(
        label=_("Assign to"), required=False, queryset=User.objects.none()
    )
    bulk_area = forms.ModelChoiceField(
        label=_("Move to area"), required=False, queryset=Area.objects.none()
    )
    bulk_note = forms.CharField(label=_("Note"), required=False, max_length=5000)

    REQUIRED = {
        "assign": ("bulk_assignee", _("Choose who to assign the cases to.")),
        "move": ("bulk_area", _("Choose the area to move the cases to.")),
        "note": ("bulk_note", _("Write the note.")),
    }

    def __init__(
        self, *args: Any, user: User, organization: Organization, action: str = "", **kwargs: Any
    ):
        super().__init__(*args, **kwargs)
        self.action = action
        self.fields["bulk_assignee"].queryset = selectors.staff_of(organization, user)  # type: ignore[attr-defined]
        self.fields["bulk_area"].queryset = Area.objects.filter(  # type: ignore[attr-defined]
            organization=organization, is_active=True
        ).order_by("path")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.action in self.REQUIRED:
            name, message = self.REQUIRED[self.action]
            value = cleaned.get(name)
            if not (value.strip() if isinstance(value, str) else value) and name not in self.errors:
                self.add_error(name, message)
        return cleaned
