from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest


@pytest.fixture(autouse=True)
def _portal_settings(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path
    settings.SPAM_MIN_SECONDS = 0
    settings.SPAM_PROOF_OF_WORK_BITS = 0
    settings.EMBED_ALLOWED_ORIGINS = ["https://www.aguasdeprueba.test"]
