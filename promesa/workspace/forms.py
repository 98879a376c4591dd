"""Forms of the staff workspace: the queue filters and one small form per case action.

Field names are unique across the action forms because they share one page and
``AccessibleForm`` derives element ids from field names.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from promesa.accounts.choices import Role
from promesa.accounts.models import User
from promesa.cases.choices import CaseKind, CaseStatus, Channel, ResponseChannel
from promesa.cases.models import Case
from promesa.core.forms import AccessibleForm
from promesa.organization.models import Area, Organization, Touchpoint
from promesa.organization.selectors import visible_areas_filter
from promesa.workspace import selectors
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


class ActionForm(AccessibleForm):
    """A form that changes a case; built with the case and the person acting."""

    def __init__(self, *args: Any, case: Case, user: User, **kwargs: Any):
        self.case = case
        self.user = user
        super().__init__(*args, **kwargs)


class AssignForm(ActionForm):
    """Agents take the case for themselves; others choose among those who may act."""

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        if self.user.role != Role.AGENT:
            self.fields["assignee"] = forms.ModelChoiceField(
                label=_("Assign to"),
                queryset=selectors.users_who_can_act_in(self.case.area),
                initial=self.case.assignee_id,
            )

    def assignee(self) -> User:
        chosen: User | None = self.cleaned_data.get("assignee")
        return chosen or self.user


class NoFieldsForm(ActionForm):
    """Start and close need no input."""


class MoveForm(ActionForm):
    move_area = forms.ModelChoiceField(label=_("New area"), queryset=Area.objects.none())
    move_note = forms.CharField(
        label=_("Note for the new area"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["move_area"].queryset = (  # type: ignore[attr-defined]
            Area.objects.filter(organization_id=self.case.organization_id, is_active=True)
            .exclude(pk=self.case.area_id)
            .order_by("path")
        )


class ClarificationForm(ActionForm):
    clarification_message = forms.CharField(
        label=_("What the requester must complete"),
        help_text=_("The legal term stops until they answer, when the law allows it."),
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class ExtendForm(ActionForm):
    extend_days = forms.IntegerField(label=_("Extra business days"), min_value=1, max_value=365)
    extend_reason = forms.CharField(
        label=_("Reasons for the extension"),
        help_text=_("The requester receives them with the new date."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class TransferForm(ActionForm):
    transfer_entity = forms.CharField(label=_("Competent entity"), max_length=200)
    transfer_reason = forms.CharField(
        label=_("Why it is competent"), widget=forms.Textarea(attrs={"rows": 3})
    )


class AnswerForm(ActionForm):
    answer_text = forms.CharField(label=_("Answer"), widget=forms.Textarea(attrs={"rows": 6}))
    answer_channel = forms.ChoiceField(label=_("Sent by"), choices=ResponseChannel.choices)

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["answer_channel"].initial = self.case.requester.preferred_channel


class ReopenForm(ActionForm):
    reopen_reason = forms.CharField(
        label=_("Why the case is reopened"), widget=forms.Textarea(attrs={"rows": 3})
    )


class WithdrawForm(ActionForm):
    withdraw_reason = forms.CharField(
        label=_("Reason for the withdrawal"), widget=forms.Textarea(attrs={"rows": 3})
    )
    withdraw_tacit = forms.BooleanField(
        label=_("Tacit withdrawal: the requester's month to complete the request has run out"),
        required=False,
    )


class NoteForm(ActionForm):
    """An internal note; not in ``ACTION_FORMS`` because it changes nothing in the case."""

    note_text = forms.CharField(
        label=_("Note"),
        help_text=_(
            "Only staff read it. Write @ and a colleague's e-mail name (e.g. @diego) to "
            "send them an e-mail; they must be able to see this case."
        ),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


ACTION_FORMS: dict[str, type[ActionForm]] = {
    "assign": AssignForm,
    "move": MoveForm,
    "start": NoFieldsForm,
    "request_clarification": ClarificationForm,
    "extend": ExtendForm,
    "transfer": TransferForm,
    "answer": AnswerForm,
    "close": NoFieldsForm,
    "reopen": ReopenForm,
    "withdraw": WithdrawForm,
}


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
