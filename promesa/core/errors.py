"""The one application error type.

Services raise ``ApplicationError`` with a translated, user-presentable message; views show
it next to the form and the API returns it in its single error shape.
"""

from __future__ import annotations

from typing import Any


class ApplicationError(Exception):
    """A request Promesa refuses for a business reason, with a message for the user."""

    def __init__(self, message: str, *, code: str = "invalid", extra: dict[str, Any] | None = None):
        super().__init__(message)
        self.message = str(message)
        self.code = code
        self.extra = extra or {}

    def __str__(self) -> str:
        return self.message
