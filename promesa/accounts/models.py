from __future__ import annotations

import uuid
from typing import Any, ClassVar

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.utils.translation import gettext_lazy as _

from promesa.accounts.choices import ORGANIZATION_WIDE_ROLES, READ_ONLY_ROLES, Role


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        extra.setdefault("role", Role.ADMINISTRATOR)
        if "organization" not in extra and "organization_id" not in extra:
            # `promesa createsuperuser` asks for no organization: an install with exactly one
            # gets it; otherwise the administrator sets it in the admin (docs/administrators.md).
            organizations = self.model._meta.get_field("organization").related_model
            only = list(organizations._default_manager.order_by("pk")[:2])  # type: ignore[union-attr]
            extra["organization"] = only[0] if len(only) == 1 else None
        return self.create_user(email, password, **extra)


class User(AbstractUser):
    """A staff member who signs in with an e-mail address and holds one role."""

    username = None  # type: ignore[assignment]
    first_name = None  # type: ignore[assignment]
    last_name = None  # type: ignore[assignment]

    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    email = models.EmailField(_("e-mail address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=150)
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.AGENT)
    language = models.CharField(_("language"), max_length=10, default="es-co")
    # The organization whose cases the user works on; every query they make is scoped by it
    # (docs/decisions/0014-organizations-in-one-install.md). Empty only for an account
    # created before any organization existed: such an account sees nothing until it is set.
    organization = models.ForeignKey(
        "organization.Organization",
        verbose_name=_("organization"),
        on_delete=models.PROTECT,
        related_name="staff",
        null=True,
        blank=True,
    )

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = ["full_name"]

    objects: ClassVar[UserManager] = UserManager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["full_name"]

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email

    @property
    def sees_whole_organization(self) -> bool:
        return self.role in ORGANIZATION_WIDE_ROLES

    @property
    def is_read_only(self) -> bool:
        return self.role in READ_ONLY_ROLES


class ApiToken(models.Model):
    """A secret key an integration sends as ``Authorization: Bearer <key>``, stored hashed."""

    user = models.ForeignKey(
        User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("name"), max_length=100)
    # The first characters of the key, so people can tell their tokens apart; never enough
    # to authenticate with.
    key_prefix = models.CharField(_("key prefix"), max_length=8, db_index=True)
    key_hash = models.CharField(_("key hash (SHA-256)"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    # Off by default: an integration files as "API" under the organization's regime. A
    # channel that files on behalf of another channel (a call-centre tool) may be allowed.
    may_choose_regime_and_channel = models.BooleanField(
        _("may choose the legal regime and the channel"),
        default=False,
        help_text=_(
            "Lets this key file cases under another legal regime than the organization's, "
            "or recorded as received by another channel than the API."
        ),
    )

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.key_prefix}…)"

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None
