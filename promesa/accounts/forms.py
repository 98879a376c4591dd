"""Sign-in form with rate limiting per e-mail address and per client address."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from promesa.core import ratelimit

SCOPE_EMAIL = "login-email"
SCOPE_CLIENT = "login-client"


class EmailAuthenticationForm(AuthenticationForm):
    """Django's authentication form, refusing further attempts after too many failures."""

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
        window = settings.LOGIN_RATE_WINDOW_SECONDS
        limit = settings.LOGIN_RATE_LIMIT
        if ratelimit.is_limited(
            scope=SCOPE_EMAIL, identity=email, limit=limit, window_seconds=window
        ) or ratelimit.is_limited(
            # A client address gets more room: an office may share one public address.
            scope=SCOPE_CLIENT,
            identity=client,
            limit=limit * 4,
            window_seconds=window,
        ):
            raise forms.ValidationError(
                self.error_messages["rate_limited"],
                code="rate_limited",
                params={"minutes": max(1, window // 60)},
            )
        try:
            return super().clean()
        except forms.ValidationError:
            ratelimit.hit(scope=SCOPE_EMAIL, identity=email, window_seconds=window)
            ratelimit.hit(scope=SCOPE_CLIENT, identity=client, window_seconds=window)
            raise
