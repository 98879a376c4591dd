"""Forms of the staff case page: one small form per action of its bar, and the note.

Field names are unique across the action forms because they share one page and
``AccessibleForm`` derives element ids from field names.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from promesa.accounts.choices import Role
from promesa.accounts.models import User
from promesa.cases import deadlines, page_selectors
from promesa.cases.choices import SilenceExclusion
from promesa.cases.legal_text import case_term_while_waiting, waiting_sentence
from promesa.cases.models import Case
from promesa.cases.selectors import internal_request_due, organization_calendar
from promesa.core.forms import AccessibleForm
from promesa.core.templatetags.promesa import long_date
from promesa.organization.models import Area


class ActionForm(AccessibleForm):
    """A form that changes a case; built with the case and the person acting.

    ``calendar``, when the page has already read the organization's, saves reading it again.
    """

    def __init__(
        self,
        *args: Any,
        case: Case,
        user: User,
        calendar: deadlines.Calendar | None = None,
        **kwargs: Any,
    ):
        self.case = case
        self.user = user
        self.calendar = calendar
        super().__init__(*args, **kwargs)


class AssignForm(ActionForm):
    """Agents take the case for themselves; others choose among those who may act."""

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        if self.user.role != Role.AGENT:
            self.fields["assignee"] = forms.ModelChoiceField(
                label=_("Assign to"),
                queryset=page_selectors.users_who_can_act_in(self.case.area),
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

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        # Say what this case's law does, not what some laws do.
        sentence = waiting_sentence(case_term_while_waiting(self.case), audience="staff")
        if sentence:
            self.fields["clarification_message"].help_text = sentence


class ExtendForm(ActionForm):
    extend_days = forms.IntegerField(label=_("Extra business days"), min_value=1, max_value=365)
    extend_reason = forms.CharField(
        label=_("Reasons for the extension"),
        help_text=_("The requester receives them with the new date."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class RecogniseSilenceForm(ActionForm):
    silence_note = forms.CharField(
        label=_("How the effects were recognised"),
        help_text=_("For instance: the claim is granted and the bill corrected. Optional."),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ExcludeSilenceForm(ActionForm):
    silence_cause = forms.ChoiceField(
        label=_("Why positive silence does not apply"),
        choices=[("", _("Choose the cause")), *(c for c in SilenceExclusion.choices if c[0])],
    )
    silence_reason = forms.CharField(
        label=_("The facts, with their dates"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class TransferForm(ActionForm):
    transfer_entity = forms.CharField(label=_("Competent entity"), max_length=200)
    transfer_reason = forms.CharField(
        label=_("Why it is competent"), widget=forms.Textarea(attrs={"rows": 3})
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


class InternalRequestForm(ActionForm):
    """Ask another area for input; each option says by when that area would answer.

    A plain choice field built from one query of the areas, which serves both the due
    dates in the labels and the validation.
    """

    ireq_area = forms.TypedChoiceField(label=_("Area you need information from"), coerce=int)
    ireq_question = forms.CharField(
        label=_("What you need from that area"),
        help_text=_("They read the case's subject and description, not the requester's data."),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.areas = {
            area.pk: area
            for area in Area.objects.filter(
                organization_id=self.case.organization_id, is_active=True
            )
            .exclude(pk=self.case.area_id)
            .select_related("organization")
            .order_by("path")
        }
        today = page_selectors.local_today(self.case.organization)
        calendar = self.calendar or organization_calendar(self.case.organization)
        choices: list[tuple[object, object]] = [("", _("Choose an area"))]
        capped = False
        for area in self.areas.values():
            due = internal_request_due(self.case, area, today=today, calendar=calendar)
            capped = capped or due.capped
            label = _("%(area)s — answers by %(date)s") % {
                "area": area.name,
                "date": long_date(due.due_date),
            }
            choices.append((area.pk, label))
        field = self.fields["ireq_area"]
        field.choices = choices  # type: ignore[attr-defined]
        hint = str(
            _("Each area has its own number of business days to answer, counted from today.")
        )
        if capped:
            hint = _(
                "%(hint)s Never later than the case's legal due date, %(date)s: some areas "
                "get that date instead."
            ) % {"hint": hint, "date": long_date(self.case.due_date)}
        field.help_text = hint

    def to_area(self) -> Area:
        return self.areas[self.cleaned_data["ireq_area"]]


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
    "recognise_silence": RecogniseSilenceForm,
    "exclude_silence": ExcludeSilenceForm,
    "transfer": TransferForm,
    "close": NoFieldsForm,
    "reopen": ReopenForm,
    "withdraw": WithdrawForm,
    "internal_request": InternalRequestForm,
}
