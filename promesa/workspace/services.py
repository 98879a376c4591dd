"""Writes of the staff workspace that are not case changes: the saved queue filters."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from promesa.accounts.models import User
from promesa.core.errors import ApplicationError
from promesa.organization.models import Area
from promesa.workspace.choices import Queue
from promesa.workspace.models import SavedFilter
from promesa.workspace.selectors import areas_to_share_with


@transaction.atomic
def saved_filter_create(
    *, owner: User, name: str, queue: Queue, query: str, shared_with: Area | None = None
) -> SavedFilter:
    """Save a queue and its (already validated) filter query string under a name."""
    name = name.strip()
    if not name:
        raise ApplicationError(_("Give the search a name."), code="required")
    if SavedFilter.objects.filter(owner=owner, name__iexact=name).exists():
        raise ApplicationError(
            _("You already have a saved search called “%(name)s”.") % {"name": name},
            code="duplicate",
        )
    if (
        shared_with is not None
        and not Area.objects.filter(areas_to_share_with(owner), pk=shared_with.pk).exists()
    ):
        raise ApplicationError(
            _("You can only share a search with an area you belong to."), code="forbidden"
        )
    try:
        with transaction.atomic():
            return SavedFilter.objects.create(
                owner=owner, name=name, queue=queue, query=query, shared_with=shared_with
            )
    except IntegrityError:
        # Two saves of the same name at once: the constraint decides.
        raise ApplicationError(
            _("You already have a saved search called “%(name)s”.") % {"name": name},
            code="duplicate",
        ) from None


def saved_filter_delete(*, saved_filter: SavedFilter, by: User) -> None:
    """Delete a saved search; only its owner may, even when it is shared."""
    if saved_filter.owner_id != by.pk:
        raise ApplicationError(
            _("Only the person who saved a search can delete it."), code="forbidden"
        )
    saved_filter.delete()
