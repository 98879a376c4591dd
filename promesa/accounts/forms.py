"""Sign-in forms, throttled per client address and per account (decision 0012)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from promesa.core import ratelimit

SCOPE = "login"


def login_throttle() -> ratelimit.Throttle:
    limit = settings.LOGIN_RATE_LIMIT
    return ratelimit.Throttle(
        scope=SCOPE,
        # A client address gets more room: an office may share one public address.
        client_limit=limit * 4,
        free=limit,
        target_alarm=limit * 4,
        window_seconds=settings.LOGIN_RATE_WINDOW_SECONDS,
        base_seconds=settings.LOGIN_BACKOFF_SECONDS,
        max_wait_seconds=settings.LOGIN_RATE_WINDOW_SECONDS,
    )


class EmailAuthenticationForm(AuthenticationForm):
    """Django's authentication form; after repeated failures the address must wait.

    Only the address that failed waits: the owner signing in from another address is not
    affected (docs/decisions/0012-throttle-the-attacker-not-the-owner.md).
    """

    username = forms.EmailField(
        label=_("E-mail address"),
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _(
            "The e-mail address or the password is not right. Check both and try again."
        ),
        "rate_limited": _(
            "Too many failed attempts. For your security, wait %(minutes)s minutes and try again."
        ),
    }

    def clean_username(self) -> str:
        # Addresses are stored in lower case; people type them however they like.
        return str(self.cleaned_data["username"]).strip().lower()

    def clean(self) -> dict[str, Any]:
        email = (self.data.get("username") or "").strip().lower()
        client = ratelimit.client_address(self.request.META) if self.request else "unknown"
        throttle = login_throttle()
        wait = throttle.wait_seconds(client=client, target=email)
        if wait > 0:
            raise forms.ValidationError(
                self.error_messages["rate_limited"],
                code="rate_limited",
                params={"minutes": ratelimit.minutes(wait)},
            )
        try:
            cleaned = super().clean()
        except forms.ValidationError:
            throttle.failed(client=client, target=email)
            raise
        throttle.succeeded(client=client, target=email)
        return cleaned


class AdminEmailAuthenticationForm(EmailAuthenticationForm):
    """The administration site's sign-in: the same throttle, and only ``is_staff`` users."""

    required_css_class = "required"

    def confirm_login_allowed(self, user: Any) -> None:
        super().confirm_login_allowed(user)
        if not user.is_staff:
            raise forms.ValidationError(
                self.error_messages["invalid_login"],
                code="invalid_login",
                params={"username": self.username_field.verbose_name},
            )
