"""Every state change of a case, one function each.

Nothing else changes a case's status. Each function runs in one transaction, checks that
the actor may act, checks the transition and writes exactly one ``CaseEvent``, which
``_record`` publishes in the same transaction (``promesa.core.events``); the side effects
are the subscribers of ``promesa.cases.subscribers`` and of the apps above.

The functions live in one module per concern (filing, lifecycle, answers, notes, internal
requests); this package exports them all, so callers import from ``promesa.cases.services``.
"""

from promesa.cases.services._common import (
    SUPERVISOR_ROLES,
    AttachmentInput,
)
from promesa.cases.services.answers import (
    answer_draft_save,
    answer_goes_to_approval,
    case_answer,
    case_answer_approve,
    case_answer_return,
    case_answer_submit,
)
from promesa.cases.services.filing import (
    FiledCase,
    FilingDetails,
    FilingInput,
    RequesterInput,
    case_file,
    hash_tracking_code,
    tracking_code_matches,
)
from promesa.cases.services.internal_requests import (
    case_internal_request_answer,
    case_internal_request_cancel,
    case_internal_request_open,
    internal_request_reply,
)
from promesa.cases.services.lifecycle import (
    case_add_requester_message,
    case_assign,
    case_close,
    case_extend,
    case_move,
    case_receive_clarification,
    case_reopen,
    case_request_clarification,
    case_start,
    case_transfer,
    case_withdraw,
    deadline_in_force,
)
from promesa.cases.services.notes import case_add_note
from promesa.cases.services.personal_data import (
    Erasure,
    RequesterCorrection,
    requester_anonymize,
    requester_correct,
    requester_export,
)
from promesa.cases.services.silence import (
    case_exclude_silence,
    case_recognise_silence_effects,
    case_silence,
)

__all__ = [
    "SUPERVISOR_ROLES",
    "AttachmentInput",
    "Erasure",
    "FiledCase",
    "FilingDetails",
    "FilingInput",
    "RequesterCorrection",
    "RequesterInput",
    "answer_draft_save",
    "answer_goes_to_approval",
    "case_add_note",
    "case_add_requester_message",
    "case_answer",
    "case_answer_approve",
    "case_answer_return",
    "case_answer_submit",
    "case_assign",
    "case_close",
    "case_exclude_silence",
    "case_extend",
    "case_file",
    "case_internal_request_answer",
    "case_internal_request_cancel",
    "case_internal_request_open",
    "case_move",
    "case_receive_clarification",
    "case_recognise_silence_effects",
    "case_reopen",
    "case_request_clarification",
    "case_silence",
    "case_start",
    "case_transfer",
    "case_withdraw",
    "deadline_in_force",
    "hash_tracking_code",
    "internal_request_reply",
    "requester_anonymize",
    "requester_correct",
    "requester_export",
    "tracking_code_matches",
]
