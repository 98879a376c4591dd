"""Typed shapes of the intake API; filing keeps the shapes it had under the cases API."""

from __future__ import annotations

from promesa.cases.schemas import CaseFiledOut, CaseFileIn, ErrorOut

__all__ = ["CaseFileIn", "CaseFiledOut", "ErrorOut"]
