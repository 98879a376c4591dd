from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class CaseKind(models.TextChoices):
    """What the requester asks for, in the words of the PQRS acronym."""

    PETICION = "peticion", _("Petition")
    QUEJA = "queja", _("Complaint about service")
    RECLAMO = "reclamo", _("Claim")
    SUGERENCIA = "sugerencia", _("Suggestion")
    DENUNCIA = "denuncia", _("Report of wrongdoing")
    FELICITACION = "felicitacion", _("Compliment")


class CaseStatus(models.TextChoices):
    FILED = "filed", _("Filed")
    ASSIGNED = "assigned", _("Assigned")
    IN_PROGRESS = "in_progress", _("In progress")
    AWAITING_REQUESTER = "awaiting_requester", _("Waiting for the requester")
    ANSWERED = "answered", _("Answered")
    CLOSED = "closed", _("Closed")
    TRANSFERRED = "transferred", _("Transferred to another entity")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# States in which the legal clock matters and the case sits in a work queue.
OPEN_STATUSES = frozenset(
    {
        CaseStatus.FILED,
        CaseStatus.ASSIGNED,
        CaseStatus.IN_PROGRESS,
        CaseStatus.AWAITING_REQUESTER,
    }
)


class Channel(models.TextChoices):
    WEB = "web", _("Web form")
    EMAIL = "email", _("E-mail")
    API = "api", _("Integration (API)")
    VERBAL_IN_PERSON = "verbal_in_person", _("Verbal, in person")
    VERBAL_PHONE = "verbal_phone", _("Verbal, by phone")
    VERBAL_VIRTUAL = "verbal_virtual", _("Verbal, by video call")
    LETTER = "letter", _("Letter")
    SOCIAL_MEDIA = "social_media", _("Social media")


VERBAL_CHANNELS = frozenset(
    {Channel.VERBAL_IN_PERSON, Channel.VERBAL_PHONE, Channel.VERBAL_VIRTUAL}
)


class RequesterKind(models.TextChoices):
    PERSON = "person", _("Person")
    COMPANY = "company", _("Company")


class ResponseChannel(models.TextChoices):
    EMAIL = "email", _("E-mail")
    POSTAL = "postal", _("Letter to a postal address")
    PHONE = "phone", _("Phone call")
    IN_PERSON = "in_person", _("In person")
    PORTAL = "portal", _("Tracking page")


class Priority(models.TextChoices):
    NORMAL = "normal", _("Normal")
    HIGH = "high", _("High")
    LEGAL = "legal", _("Legal priority")


class PriorityReason(models.TextChoices):
    """Grounds for legal priority (Ley 1755 de 2015, art. 20)."""

    NONE = "", _("None")
    FUNDAMENTAL_RIGHT = "fundamental_right", _("Fundamental right at risk of irreparable harm")
    LIFE_OR_SAFETY = "life_or_safety", _("Imminent risk to life or personal safety")
    JOURNALIST = "journalist", _("Journalist exercising their profession")
    VULNERABLE = "vulnerable", _("Child, older adult or person with disability")


class EventKind(models.TextChoices):
    FILED = "filed", _("Filed")
    ASSIGNED = "assigned", _("Assigned")
    MOVED = "moved", _("Moved to another area")
    STARTED = "started", _("Work started")
    CLARIFICATION_REQUESTED = "clarification_requested", _("Clarification requested")
    CLARIFICATION_RECEIVED = "clarification_received", _("Clarification received")
    EXTENDED = "extended", _("Deadline extended")
    TRANSFERRED = "transferred", _("Transferred to another entity")
    ANSWERED = "answered", _("Answered")
    CLOSED = "closed", _("Closed")
    REOPENED = "reopened", _("Reopened")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    MESSAGE_RECEIVED = "message_received", _("Message from the requester")
    DUPLICATE_RECEIVED = "duplicate_received", _("Same request received again")
    INTERNAL_REQUEST_OPENED = "internal_request_opened", _("Information requested from an area")
    INTERNAL_REQUEST_ANSWERED = "internal_request_answered", _("Internal request answered")
    INTERNAL_REQUEST_CANCELLED = "internal_request_cancelled", _("Internal request cancelled")
    ANSWER_SUBMITTED = "answer_submitted", _("Answer submitted for approval")
    ANSWER_RETURNED = "answer_returned", _("Answer returned for changes")
    PERSONAL_DATA_CORRECTED = "personal_data_corrected", _("Personal data corrected")
    PERSONAL_DATA_ERASED = "personal_data_erased", _("Personal data erased")
    SILENCE_EFFECTS_RECOGNISED = (
        "silence_effects_recognised",
        _("Effects of positive administrative silence recognised"),
    )
    SILENCE_EXCLUDED = "silence_excluded", _("Positive administrative silence excluded")


class SilenceExclusion(models.TextChoices):
    """Why positive silence does not apply to an overdue case (Ley 142 art. 158)."""

    NONE = "", _("None")
    USER_DELAY = "user_delay", _("The user caused the delay")
    EVIDENCE = "evidence", _("Evidence had to be gathered")


class CaseTextKind(models.TextChoices):
    """Which personal text of an event a ``CaseText`` row holds (the payload field's name)."""

    MESSAGE = "message", _("Message")
    TEXT = "text", _("Text")
    SUBJECT = "subject", _("Subject")
    REASON = "reason", _("Reasons")
    NOTE = "note", _("Note")
    QUESTION = "question", _("Question")
    ANSWER = "answer", _("Answer")
    REPRESENTATIVE = "representative", _("Representative or attorney")
    REASONS = "reasons", _("Reasons on which it is based")
    DOCUMENTS = "documents", _("List of attached documents")
    VERBAL_ANSWER = "verbal_answer", _("Verbal answer given")


class ConversationKind(models.TextChoices):
    """What is published for staff conversation that is no part of the case's record.

    Internal notes and the messages of an internal request write no ``CaseEvent`` (the
    requester never reads them, and they change no state), but they are published like one,
    with their own row, so that their notices are subscribers too.
    """

    NOTE_ADDED = "note_added", _("Internal note added")
    REQUEST_MESSAGE_ADDED = "internal_request_message_added", _("Internal request message")


class InternalRequestStatus(models.TextChoices):
    """Where one area's request for input from another area stands."""

    OPEN = "open", _("Waiting for the answer")
    ANSWERED = "answered", pgettext_lazy("internal request", "Answered")
    CANCELLED = "cancelled", pgettext_lazy("internal request", "Cancelled")


class AnswerDraftStatus(models.TextChoices):
    """Where an answer being written stands; at most one open draft per case."""

    EDITING = "editing", _("Being written")
    PENDING = "pending", _("Waiting for approval")
    RETURNED = "returned", _("Returned for changes")
    SENT = "sent", _("Sent")


# Drafts that are still being worked on: a case has at most one of these.
OPEN_DRAFT_STATUSES = frozenset(
    {AnswerDraftStatus.EDITING, AnswerDraftStatus.PENDING, AnswerDraftStatus.RETURNED}
)
