"""Security headers Django 5.2 does not set by itself, and the staff session's idle timeout."""

import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.utils.cache import add_never_cache_headers


def content_security_policy(
    get_response: Callable[[HttpRequest], HttpResponse],
) -> Callable[[HttpRequest], HttpResponse]:
    """Add the Content-Security-Policy header unless a view set its own."""

    def middleware(request: HttpRequest) -> HttpResponse:
        response = get_response(request)
        if settings.CONTENT_SECURITY_POLICY and "Content-Security-Policy" not in response:
            response["Content-Security-Policy"] = settings.CONTENT_SECURITY_POLICY
        response.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        return response

    return middleware


# When the session last saw the signed-in staff member (epoch seconds).
LAST_ACTIVITY = "staff_last_activity"
# Written at most this often, so a busy page does not save the session on every request.
_ACTIVITY_RESOLUTION_SECONDS = 60


def start_activity_clock(
    sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any
) -> None:
    """At sign-in (``user_logged_in``), so that the first pages after it write nothing."""
    if request is not None and hasattr(request, "session"):
        request.session[LAST_ACTIVITY] = int(time.time())


def staff_session(
    get_response: Callable[[HttpRequest], HttpResponse],
) -> Callable[[HttpRequest], HttpResponse]:
    """Sign out idle staff, and keep pages shown to staff out of every cache.

    A signed-in staff member idle for more than STAFF_SESSION_IDLE_SECONDS is signed out
    and sent to the login page. Every response to a signed-in user (cases, requesters'
    data, files, the admin) carries ``Cache-Control: no-store``, so neither the browser nor
    a proxy keeps a copy on a shared computer.
    """

    def middleware(request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = int(time.time())
            last = request.session.get(LAST_ACTIVITY)
            if isinstance(last, int) and now - last > settings.STAFF_SESSION_IDLE_SECONDS:
                logout(request)
                return redirect_to_login(request.get_full_path())
            if not isinstance(last, int) or now - last >= _ACTIVITY_RESOLUTION_SECONDS:
                request.session[LAST_ACTIVITY] = now
            response = get_response(request)
            add_never_cache_headers(response)
            return response
        return get_response(request)

    return middleware
