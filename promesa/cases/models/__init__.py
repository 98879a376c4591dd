"""The cases app's models, one module per concern; this package exports them all."""

from promesa.cases.models.alerts import DeadlineAlert, DeadlineAlertKind, SweepLease
from promesa.cases.models.answers import AnswerApprovalRule, AnswerDraft, AnswerTemplate
from promesa.cases.models.case import (
    Attachment,
    Case,
    CaseEvent,
    CaseEventQuerySet,
    CaseQuerySet,
    FilingSequence,
    Requester,
    attachment_path,
)
from promesa.cases.models.internal_requests import (
    InternalRequest,
    InternalRequestMessage,
    InternalRequestQuerySet,
)
from promesa.cases.models.messages import (
    MESSAGE_TEMPLATE_LANGUAGES,
    CaseMessageKind,
    MessageTemplate,
)
from promesa.cases.models.notes import InternalNote
from promesa.cases.models.texts import CaseText

__all__ = [
    "MESSAGE_TEMPLATE_LANGUAGES",
    "AnswerApprovalRule",
    "AnswerDraft",
    "AnswerTemplate",
    "Attachment",
    "Case",
    "CaseEvent",
    "CaseEventQuerySet",
    "CaseMessageKind",
    "CaseQuerySet",
    "CaseText",
    "DeadlineAlert",
    "DeadlineAlertKind",
    "FilingSequence",
    "InternalNote",
    "InternalRequest",
    "InternalRequestMessage",
    "InternalRequestQuerySet",
    "MessageTemplate",
    "Requester",
    "SweepLease",
    "attachment_path",
]
