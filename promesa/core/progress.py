"""A text progress bar for management commands, without a third-party dependency."""

from __future__ import annotations

import time
from typing import Any

BAR_WIDTH = 30


class ProgressBar:
    """A text bar on stderr: redrawn in place on a terminal, one line at the end otherwise.

    ``write`` is a management command's ``self.stderr.write``-like callable taking
    ``(text, ending=...)``; ``unit`` names what is counted ("cases").
    """

    def __init__(self, write: Any, *, live: bool, unit: str = "cases") -> None:
        self.write = write
        self.live = live
        self.unit = unit
        self.started = time.monotonic()
        self.last_drawn = 0.0

    def render(self, done: int, total: int) -> str:
        filled = BAR_WIDTH * done // total if total else BAR_WIDTH
        bar = "#" * filled + "-" * (BAR_WIDTH - filled)
        elapsed = time.monotonic() - self.started
        return f"[{bar}] {done}/{total} {self.unit} ({elapsed:.0f} s)"

    def __call__(self, done: int, total: int) -> None:
        finished = done >= total
        if self.live:
            now = time.monotonic()
            if finished or now - self.last_drawn >= 0.1:
                self.last_drawn = now
                self.write("\r" + self.render(done, total), ending="\n" if finished else "")
        elif finished:
            self.write(self.render(done, total))


def stderr_bar(command: Any, *, force: bool = False, unit: str = "cases") -> ProgressBar:
    """A bar writing to ``command.stderr`` unstyled; live on a terminal or when ``force``."""
    return ProgressBar(
        lambda text, ending=None: command.stderr.write(text, style_func=lambda s: s, ending=ending),
        live=force or command.stderr.isatty(),
        unit=unit,
    )
