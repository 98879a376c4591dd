"""Text a person typed: what counts as empty.

``str.strip`` keeps invisible format characters (zero-width space, word joiner, byte-order
mark), so a subject of one zero-width space looked like text to every check. Here they count
as blank, like spaces.
"""

from __future__ import annotations

import unicodedata


def _invisible(char: str) -> bool:
    return char.isspace() or unicodedata.category(char) == "Cf"


def visible_strip(value: str) -> str:
    """``value`` without spaces or invisible format characters at either end."""
    start, end = 0, len(value)
    while start < end and _invisible(value[start]):
        start += 1
    while end > start and _invisible(value[end - 1]):
        end -= 1
    return value[start:end]


def is_blank(value: str) -> bool:
    """True when ``value`` has nothing a reader would see."""
    return not visible_strip(value)
