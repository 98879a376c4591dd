"""Write operations on staff accounts."""

from __future__ import annotations

import hashlib
import secrets

from django.db import transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _

from promesa.accounts.choices import Role
from promesa.accounts.models import ApiToken, User
from promesa.accounts.tasks import send_welcome_email
from promesa.core.errors import ApplicationError
from promesa.core.text import is_blank, visible_strip


@transaction.atomic
def user_create(
    *,
    email: str,
    full_name: str,
    role: Role,
    organization: Model,
    password: str | None = None,
    language: str = "es-co",
    send_welcome: bool = True,
) -> User:
    """Create a staff account of ``organization`` and enqueue its welcome e-mail.

    ``organization`` is a ``promesa.organization.models.Organization`` (typed loosely: the
    accounts layer sits below the organization app and does not import it).
    """
    email = User.objects.normalize_email(email).lower()
    if is_blank(full_name):
        raise ApplicationError(_("Write the person's full name."), code="required")
    full_name = visible_strip(full_name)
    if User.objects.filter(email=email).exists():
        raise ApplicationError(
            _("A user with the e-mail %(email)s already exists.") % {"email": email},
            code="duplicate",
        )
    user = User.objects.create_user(
        email=email,
        password=password,
        full_name=full_name,
        role=role,
        language=language,
        organization=organization,
    )
    if send_welcome:
        send_welcome_email.enqueue(user_id=user.pk)
    return user


def api_token_hash(key: str) -> str:
    """The stored form of an API key: a SHA-256 hex digest (the key has 256 random bits)."""
    return hashlib.sha256(key.encode()).hexdigest()


@transaction.atomic
def api_token_create(*, user: User, name: str) -> tuple[ApiToken, str]:
    """Create an API token for ``user`` and return it with its key, which is never stored."""
    if is_blank(name):
        raise ApplicationError(_("Give the token a name."), code="required")
    key = f"pro_{secrets.token_urlsafe(32)}"
    token = ApiToken.objects.create(
        user=user, name=visible_strip(name), key_prefix=key[:8], key_hash=api_token_hash(key)
    )
    return token, key


@transaction.atomic
def api_token_revoke(*, token: ApiToken) -> ApiToken:
    """Stop accepting the token; revoking twice keeps the first revocation time."""
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token
