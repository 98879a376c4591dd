"""Forms of the staff workspace: the queue filters and one small form per case action.

Field names are unique across the action forms because they share one page and
``AccessibleForm`` derives element ids from field names.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from promesa.accounts.choices import Role
from promesa.accounts.models import User
from promesa.cases.answers import channel_problem, default_channel, templates_for
from promesa.cases.choices import CaseKind, CaseStatus, Channel, ResponseChannel
from promesa.cases.models import AnswerDraft, AnswerTemplate, Case
from promesa.core.forms import AccessibleForm
from promesa.organization.models import Area, Organization, Touchpoint
from promesa.organization.selectors import visible_areas_filter
from promesa.portal.forms import AttachmentsField, attachment_hint
from promesa.workspace import selectors


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
