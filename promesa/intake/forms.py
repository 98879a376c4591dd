"""The staff form for registering verbal, phone, letter and social-media requests."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from promesa.accounts.models import User
from promesa.cases import deadlines
from promesa.cases.attachments import validate_uploads
from promesa.cases.choices import (
    VERBAL_CHANNELS,
    CaseKind,
    Channel,
    Priority,
    PriorityReason,
    RequesterKind,
    ResponseChannel,
)
from promesa.cases.services import RequesterInput
from promesa.core.errors import ApplicationError
from promesa.core.forms import AccessibleForm, MultipleFileField
from promesa.intake.services import StaffRequest
from promesa.organization.models import Area, Organization, Touchpoint
from promesa.organization.selectors import visible_areas_filter

# Web, e-mail and API requests arrive by themselves; staff register the others.
STAFF_CHANNELS = [
    (channel.value, channel.label)
    for channel in Channel
    if channel not in {Channel.WEB, Channel.EMAIL, Channel.API}
]
ID_TYPES = [
    ("", _("Not given")),
    ("CC", _("Citizenship card (CC)")),
    ("CE", _("Foreigner ID card (CE)")),
    ("TI", _("Identity card (TI)")),
    ("NIT", _("Tax ID (NIT)")),
    ("PA", _("Passport")),
    ("PPT", _("Temporary protection permit (PPT)")),
]
# A clock a few minutes off should not stop a clerk from registering a letter.
_FUTURE_TOLERANCE = timedelta(minutes=5)


def _request_type_choices(organization: Organization) -> list[tuple[str, str]]:
    regime = deadlines.get_regime(organization.default_regime)
    today = timezone.localdate()
    spanish = (get_language() or "es").startswith("es")
    labels: dict[str, str] = {}
    for rule in regime.rules:
        # Several periods of one type share a code; the label in force today wins.
        if rule.code not in labels or rule.in_force_on(today):
            labels[rule.code] = rule.label_es if spanish else rule.label_en
    return list(labels.items())


class StaffRequestForm(AccessibleForm):
    """Everything a constancia de radicación needs (Decreto 1166 de 2016), and the case data."""

    channel = forms.ChoiceField(label=_("Channel"), choices=STAFF_CHANNELS)
    kind = forms.ChoiceField(label=_("Kind of request"), choices=CaseKind.choices)
    request_type = forms.ChoiceField(
        label=_("Legal request type"), help_text=_("It sets the legal term for the answer.")
    )
    received_at = forms.DateTimeField(
        label=_("Received at"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=_(
            "Verbal requests are registered at the moment they are made. Only a letter may be "
            "registered after it arrived: then write when it was received."
        ),
    )

    is_anonymous = forms.BooleanField(
        label=_("The requester asks not to be identified"), required=False
    )
    requester_kind = forms.ChoiceField(
        label=_("The requester is"), choices=RequesterKind.choices, initial=RequesterKind.PERSON
    )
    full_name = forms.CharField(
        label=_("Full name or company name"), max_length=200, required=False
    )
    id_type = forms.ChoiceField(label=_("Document type"), choices=ID_TYPES, required=False)
    id_number = forms.CharField(label=_("Document number"), max_length=40, required=False)
    email = forms.EmailField(label=_("E-mail address"), required=False)
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    address = forms.CharField(label=_("Postal address"), max_length=300, required=False)
    representative = forms.CharField(
        label=_("Representative or attorney, if any"),
        max_length=300,
        required=False,
        help_text=_("Name and document number."),
    )
    preferred_channel = forms.ChoiceField(
        label=_("Send the answer by"), choices=ResponseChannel.choices
    )
    consent_given = forms.BooleanField(
        label=_("The requester consents to the processing of their personal data"),
        required=False,
    )

    subject = forms.CharField(label=_("Object of the petition"), max_length=200)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea, max_length=20_000)
    reasons = forms.CharField(
        label=_("Reasons on which it is based"),
        widget=forms.Textarea,
        max_length=20_000,
        required=False,
    )
    documents = forms.CharField(
        label=_("List of attached documents"),
        widget=forms.Textarea,
        max_length=5_000,
        required=False,
        help_text=_("One per line. Write “None” if there are none."),
    )
    attachments = MultipleFileField(
        label=_("Files"),
        required=False,
        help_text=_("Scans, photos or the audio recording of the request."),
    )

    area = forms.ModelChoiceField(label=_("Responsible area"), queryset=Area.objects.none())
    touchpoint = forms.ModelChoiceField(
        label=_("Touchpoint"), queryset=Touchpoint.objects.none(), required=False
    )
    priority = forms.ChoiceField(label=_("Priority"), choices=Priority.choices)
    priority_reason = forms.ChoiceField(
        label=_("Reason for legal priority"), choices=PriorityReason.choices, required=False
    )

    verbal_answer = forms.CharField(
        label=_("Verbal answer given"),
        widget=forms.Textarea,
        max_length=20_000,
        required=False,
        help_text=_(
            "If you answered the request verbally, write the answer: it goes into the "
            "constancia. Leave empty for a mere orientation."
        ),
    )

    def __init__(self, *args: Any, user: User, organization: Organization, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        areas = Area.objects.filter(
            visible_areas_filter(user), organization=organization, is_active=True
        ).order_by("path")
        area_field: Any = self.fields["area"]
        area_field.queryset = areas
        area_field.initial = areas.filter(memberships__user=user).first() or areas.first()
        touchpoint_field: Any = self.fields["touchpoint"]
        touchpoint_field.queryset = Touchpoint.objects.filter(
            organization=organization, is_active=True
        ).order_by("name")
        request_type: Any = self.fields["request_type"]
        request_type.choices = _request_type_choices(organization)
        self.fields["received_at"].initial = timezone.localtime().replace(second=0, microsecond=0)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        channel = data.get("channel")
        if not data.get("is_anonymous") and not (data.get("full_name") or "").strip():
            self.add_error("full_name", _("Write the requester's name, or mark them anonymous."))
        if data.get("priority") == Priority.LEGAL and not data.get("priority_reason"):
            self.add_error("priority_reason", _("Legal priority needs its reason."))
        if data.get("verbal_answer", "").strip() and channel not in VERBAL_CHANNELS:
            self.add_error(
                "verbal_answer", _("A verbal answer can only be recorded for a verbal request.")
            )
        received_at = data.get("received_at")
        if channel != Channel.LETTER:
            # The field is ignored for other channels, so a stray value is no error either.
            self.errors.pop("received_at", None)
        if channel != Channel.LETTER or received_at is None:
            # Decreto 1166 de 2016: verbal petitions are radicated in real time.
            data["received_at"] = timezone.now()
        elif received_at > timezone.now() + _FUTURE_TOLERANCE:
            self.add_error("received_at", _("The reception time cannot be in the future."))
        if "attachments" in data:
            try:
                data["attachments"] = validate_uploads(data["attachments"])
            except (forms.ValidationError, ApplicationError) as exc:
                message = exc.message if isinstance(exc, ApplicationError) else exc
                self.add_error("attachments", message)
        return data

    def staff_request(self) -> StaffRequest:
        data = self.cleaned_data
        anonymous = bool(data["is_anonymous"])
        return StaffRequest(
            channel=Channel(data["channel"]),
            kind=CaseKind(data["kind"]),
            request_type=data["request_type"],
            requester=RequesterInput(
                is_anonymous=anonymous,
                kind=RequesterKind(data["requester_kind"]),
                full_name="" if anonymous else data["full_name"].strip(),
                id_type=data["id_type"],
                id_number=data["id_number"].strip(),
                email=data["email"],
                phone=data["phone"].strip(),
                address=data["address"].strip(),
                preferred_channel=ResponseChannel(data["preferred_channel"]),
                language=get_language() or settings.LANGUAGE_CODE,
                consent_given=bool(data["consent_given"]),
            ),
            representative=data["representative"].strip(),
            subject=data["subject"],
            description=data["description"],
            reasons=data["reasons"].strip(),
            documents=data["documents"].strip(),
            area=data["area"],
            touchpoint=data["touchpoint"],
            priority=Priority(data["priority"]),
            priority_reason=PriorityReason(data["priority_reason"] or PriorityReason.NONE),
            received_at=data["received_at"],
            verbal_answer=data["verbal_answer"].strip(),
            attachments=data["attachments"],
        )
