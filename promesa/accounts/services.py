"""Write operations on staff accounts."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from promesa.accounts.choices import Role
from promesa.accounts.models import User
from promesa.accounts.tasks import send_welcome_email
from promesa.core.errors import ApplicationError


@transaction.atomic
def user_create(
    *,
    email: str,
    full_name: str,
    role: Role,
    password: str | None = None,
    language: str = "es-co",
    send_welcome: bool = True,
) -> User:
    """Create a staff account and enqueue its welcome e-mail in the same transaction."""
    email = User.objects.normalize_email(email).lower()
    if User.objects.filter(email=email).exists():
        raise ApplicationError(
            _("A user with the e-mail %(email)s already exists.") % {"email": email},
            code="duplicate",
        )
    user = User.objects.create_user(
        email=email, password=password, full_name=full_name, role=role, language=language
    )
    if send_welcome:
        send_welcome_email.enqueue(user_id=user.pk)
    return user
