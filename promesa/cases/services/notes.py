"""Internal notes and the mentions in them."""

from __future__ import annotations

import re
from datetime import datetime

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from promesa.accounts.models import User
from promesa.cases.choices import ConversationKind
from promesa.cases.models import (
    Case,
    InternalNote,
)
from promesa.cases.policy import Action
from promesa.cases.services._common import (
    _require_actor,
)
from promesa.core.errors import ApplicationError
from promesa.core.events import publish
from promesa.organization.selectors import user_can_see_area

_MENTION = re.compile(r"(?<![\w.+@-])@([\w.+-]+(?:@[\w-]+(?:\.[\w-]+)+)?)")


def _mentioned_handles(text: str) -> list[str]:
    """The handles mentioned in ``text``, lower-cased, in order, each once."""
    handles = (match.group(1).rstrip(".").lower() for match in _MENTION.finditer(text))
    return list(dict.fromkeys(h for h in handles if h))


def _resolve_mention(handle: str, case: Case) -> User:
    """The one person ``handle`` names, refusing unknown, ambiguous or unauthorized ones."""
    lookup = Q(email__iexact=handle) if "@" in handle else Q(email__istartswith=f"{handle}@")
    staff = User.objects.filter(organization_id=case.organization_id)
    people = list(staff.filter(lookup).order_by("email")[:2])
    if not people:
        raise ApplicationError(
            _("Nobody in Promesa is called @%(handle)s.") % {"handle": handle},
            code="unknown_mention",
        )
    if len(people) > 1:
        raise ApplicationError(
            # No example address: one of them may be someone who cannot see the case.
            _("@%(handle)s names several people; write their whole e-mail address after the @.")
            % {"handle": handle},
            code="ambiguous_mention",
        )
    person = people[0]
    if not user_can_see_area(person, case.area):
        raise ApplicationError(
            _("%(name)s cannot see this case.") % {"name": person.full_name or person.email},
            code="mention_forbidden",
        )
    return person


@transaction.atomic
def case_add_note(*, case: Case, by: User, text: str, at: datetime | None = None) -> InternalNote:
    """Leave an internal note on the case and e-mail the staff it mentions.

    Writes no ``CaseEvent``: a note changes nothing in the case and is no part of the legal
    record the requester may read. Oversight reads but does not write, so it needs the same
    right to act as any change; a mention of someone who cannot see the case is refused,
    since the e-mail would carry the note to them.
    """
    _require_actor(case, by, Action.ADD_NOTE)
    if not text.strip():
        raise ApplicationError(_("Write the note."), code="required")
    mentioned = [_resolve_mention(handle, case) for handle in _mentioned_handles(text)]
    note = InternalNote.objects.create(
        case=case, author=by, text=text.strip(), created_at=at or timezone.now()
    )
    if mentioned:
        note.mentioned.set(mentioned)
    publish(note, kind=ConversationKind.NOTE_ADDED, organization_id=case.organization_id)
    return note


# --- Internal requests between areas ------------------------------------------------------
