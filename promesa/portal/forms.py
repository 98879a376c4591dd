"""Forms of the public portal: filing, tracking and answering a clarification request."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, cast

from django import forms
from django.conf import settings
from django.forms.boundfield import BoundWidget
from django.utils.translation import gettext_lazy as _

from promesa.cases.attachments import AttachmentsField, attachment_hint
from promesa.cases.choices import CaseKind, RequesterKind, ResponseChannel
from promesa.cases.services import RequesterInput
from promesa.core.forms import AccessibleForm
from promesa.organization.models import Organization, Touchpoint

# One plain line per kind of request (GOV.UK: say what each option means).
KIND_HINTS: dict[str, Any] = {
    CaseKind.PETICION: _("Ask for information, a document, a service or a decision."),
    CaseKind.QUEJA: _("Tell us about poor treatment or poor service from our staff."),
    CaseKind.RECLAMO: _("Tell us that a service, a charge or a product was not as it should be."),
    CaseKind.SUGERENCIA: _("Propose an idea to improve our service."),
    CaseKind.DENUNCIA: _("Report an irregular or illegal act. You may do it anonymously."),
    CaseKind.FELICITACION: _("Tell us about something or someone that served you well."),
}
KIND_LABELS: list[tuple[str, Any]] = [
    (CaseKind.PETICION, _("Make a petition")),
    (CaseKind.QUEJA, _("Make a complaint about service")),
    (CaseKind.RECLAMO, _("Make a claim")),
    (CaseKind.SUGERENCIA, _("Make a suggestion")),
    (CaseKind.DENUNCIA, _("Report wrongdoing")),
    (CaseKind.FELICITACION, _("Send a compliment")),
]

IDENTIFIED = "identified"
ANONYMOUS = "anonymous"

ID_TYPES = [
    ("", _("Choose one")),
    ("CC", _("Citizenship card (CC)")),
    ("CE", _("Foreigner ID card (CE)")),
    ("TI", _("Identity card for minors (TI)")),
    ("PA", _("Passport")),
    ("PPT", _("Temporary protection permit (PPT)")),
    ("NIT", _("Tax ID (NIT)")),
    ("OTRO", _("Other")),
]
PORTAL_RESPONSE_CHANNELS = [
    (ResponseChannel.EMAIL, _("E-mail")),
    (ResponseChannel.POSTAL, _("Letter to my postal address")),
    (ResponseChannel.PHONE, _("Phone call")),
    (ResponseChannel.PORTAL, _("On the tracking page of this site")),
]
DESCRIPTION_MAX_LENGTH = 10_000


class FilingForm(AccessibleForm):
    """What a person fills in to file a request (Ley 1755 art. 16 minimum content)."""

    kind = forms.ChoiceField(
        label=_("What do you want to do?"),
        choices=KIND_LABELS,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose what you want to do.")},
    )
    identity = forms.ChoiceField(
        label=_("Do you want to give your name?"),
        choices=[
            (IDENTIFIED, _("Yes, with my name and contact details")),
            (ANONYMOUS, _("No, anonymously")),
        ],
        initial=IDENTIFIED,
        widget=forms.RadioSelect,
        help_text=_(
            "If you file anonymously we cannot write to you: follow your request on the "
            "tracking page with the code we give you."
        ),
        error_messages={"required": _("Choose whether you give your name.")},
    )
    requester_kind = forms.ChoiceField(
        label=_("Are you filing as a person or as a company?"),
        choices=[
            (RequesterKind.PERSON, _("As a person")),
            (RequesterKind.COMPANY, _("On behalf of a company")),
        ],
        initial=RequesterKind.PERSON,
        widget=forms.RadioSelect,
        required=False,
    )
    full_name = forms.CharField(
        label=_("Full name or company name"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    id_type = forms.ChoiceField(label=_("ID document type"), choices=ID_TYPES, required=False)
    id_number = forms.CharField(
        label=_("ID document number"),
        max_length=40,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "text", "spellcheck": "false"}),
    )
    email = forms.EmailField(
        label=_("E-mail address"),
        required=False,
        help_text=_("We send the acknowledgement and the answer to this address."),
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        error_messages={"invalid": _("Enter an e-mail address like name@example.com.")},
    )
    phone = forms.CharField(
        label=_("Phone number"),
        max_length=40,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    address = forms.CharField(
        label=_("Postal address"),
        max_length=300,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "street-address"}),
    )
    preferred_channel = forms.ChoiceField(
        label=_("How do you want to receive the answer?"),
        choices=PORTAL_RESPONSE_CHANNELS,
        initial=ResponseChannel.EMAIL,
        widget=forms.RadioSelect,
        required=False,
    )
    consent = forms.BooleanField(
        label=_("I accept the processing of my personal data as described above."),
        required=False,
    )
    subject = forms.CharField(
        label=_("Subject"),
        max_length=200,
        help_text=_("A few words, for example: “Double charge on the March bill”."),
        error_messages={"required": _("Write the subject of your request.")},
    )
    description = forms.CharField(
        label=_("Describe your request"),
        max_length=DESCRIPTION_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={"required": _("Describe your request.")},
    )
    touchpoint = forms.ModelChoiceField(
        label=_("Where did it happen?"),
        queryset=Touchpoint.objects.none(),
        required=False,
        empty_label=_("I don't know or it does not apply"),
        help_text=_("Optional."),
    )
    attachments = AttachmentsField(label=_("Attach documents"), required=False)

    def __init__(self, *args: Any, organization: Organization, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        touchpoint = cast(forms.ModelChoiceField, self.fields["touchpoint"])
        touchpoint.queryset = Touchpoint.objects.filter(
            organization=organization, is_active=True
        ).order_by("name")
        self.fields["description"].help_text = _(
            "Say what happened, when and what you ask for. Up to %(max)s characters."
        ) % {"max": f"{DESCRIPTION_MAX_LENGTH:,}".replace(",", ".")}
        self.fields["attachments"].help_text = attachment_hint()
        self.fields["attachments"].widget.attrs["accept"] = (
            ".pdf,.png,.jpg,.jpeg,.gif,.webp,.docx,.xlsx,.pptx,.odt,.ods,.txt,.csv,"
            ".mp3,.ogg,.oga,.opus,.wav,.m4a"
        )
        self._describe()

    def kind_options(self) -> Iterator[tuple[BoundWidget, Any]]:
        for radio in self["kind"]:
            yield radio, KIND_HINTS.get(radio.data["value"], "")

    @property
    def is_anonymous(self) -> bool:
        return self.cleaned_data.get("identity") == ANONYMOUS

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("identity") != IDENTIFIED:
            return data  # anonymous: the identity fields are ignored, not validated
        channel = data.get("preferred_channel") or ResponseChannel.EMAIL
        data["preferred_channel"] = channel
        if not (data.get("full_name") or "").strip():
            self.add_error("full_name", _("Write your full name or your company's name."))
        if not data.get("consent"):
            self.add_error(
                "consent",
                _("To file with your name, accept the processing of your personal data."),
            )
        if (
            channel == ResponseChannel.EMAIL
            and not data.get("email")
            and "email" not in self.errors
        ):
            self.add_error("email", _("Write your e-mail address to receive the answer by e-mail."))
        if channel == ResponseChannel.POSTAL and not (data.get("address") or "").strip():
            self.add_error(
                "address", _("Write your postal address to receive the answer by letter.")
            )
        if channel == ResponseChannel.PHONE and not (data.get("phone") or "").strip():
            self.add_error("phone", _("Write your phone number to receive the answer by phone."))
        if data.get("id_number") and not data.get("id_type"):
            self.add_error("id_type", _("Choose the type of your ID document."))
        return data

    def requester(self, *, language: str) -> RequesterInput:
        data = self.cleaned_data
        if self.is_anonymous:
            # Nothing identifying is kept; the answer is published on the tracking page.
            return RequesterInput(
                is_anonymous=True, preferred_channel=ResponseChannel.PORTAL, language=language
            )
        return RequesterInput(
            is_anonymous=False,
            kind=RequesterKind(data.get("requester_kind") or RequesterKind.PERSON),
            full_name=data["full_name"].strip(),
            id_type=data.get("id_type", ""),
            id_number=data.get("id_number", "").strip(),
            email=data.get("email", ""),
            phone=data.get("phone", "").strip(),
            address=data.get("address", "").strip(),
            preferred_channel=ResponseChannel(data["preferred_channel"]),
            language=language,
            consent_given=True,
            consent_text_version=settings.CONSENT_TEXT_VERSION,
        )


class TrackingForm(AccessibleForm):
    filing_number = forms.CharField(
        label=_("Filing number"),
        max_length=40,
        help_text=_("It looks like 2026-000123."),
        widget=forms.TextInput(attrs={"spellcheck": "false", "autocomplete": "off"}),
        error_messages={"required": _("Write the filing number.")},
    )
    tracking_code = forms.CharField(
        label=_("Tracking code"),
        max_length=20,
        help_text=_("The 12-character code we gave you when you filed, like ABCD-EFGH-JKMN."),
        widget=forms.TextInput(
            attrs={"spellcheck": "false", "autocomplete": "off", "autocapitalize": "characters"}
        ),
        error_messages={"required": _("Write the tracking code.")},
    )


class ReplyForm(AccessibleForm):
    message = forms.CharField(
        label=_("Your answer"),
        max_length=DESCRIPTION_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": _("Write your answer.")},
    )
    attachments = AttachmentsField(label=_("Attach documents"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["attachments"].help_text = attachment_hint()
        self._describe()
