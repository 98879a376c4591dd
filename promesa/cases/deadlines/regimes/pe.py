"""Peru: Libro de Reclamaciones (Ley 29571, D.S. 011-2011-PCM)."""

from __future__ import annotations

from datetime import date

from promesa.cases.deadlines.calendar import _ONE_DAY
from promesa.cases.deadlines.rules import (
    ExtensionRule,
    Regime,
    RequestTypeRule,
    Unit,
)

# Ley 31435 came into force 60 calendar days after its publication on 22 March 2022.
_PE_LEY31435_FROM = date(2022, 5, 21)
_PE_SOURCE = (
    "Ley 29571, art. 24.1 (modificado por Ley 31435); D.S. 011-2011-PCM, arts. 6 y 6-A "
    "(D.S. 101-2022-PCM)"
)


def _pe_rule(code: str, label_es: str, label_en: str, source: str) -> RequestTypeRule:
    return RequestTypeRule(
        code=code,
        label_es=label_es,
        label_en=label_en,
        term=15,
        unit=Unit.BUSINESS_DAYS,
        # "Improrrogable": only the suspension for a remote settlement offer is allowed.
        extension_rule=ExtensionRule.NONE,
        legal_source=source,
        valid_from=_PE_LEY31435_FROM,
        pausable=True,
        max_paused_days=5,
    )


_PE_LIBRO = Regime(
    code="pe-libro-reclamaciones",
    country="PE",
    name="Libro de Reclamaciones (Ley 29571 y D.S. 011-2011-PCM)",
    timezone="America/Lima",
    legal_source="Ley 29571; D.S. 011-2011-PCM",
    rules=(
        _pe_rule("reclamo", "Reclamo", "Claim", _PE_SOURCE),
        RequestTypeRule(
            # Before Ley 31435: 30 calendar days extendable by 30 (docs/legal/pe.md §3.1).
            code="reclamo",
            label_es="Reclamo",
            label_en="Claim",
            term=30,
            unit=Unit.CALENDAR_DAYS,
            extension_rule=ExtensionRule.FIXED_ADDITIONAL,
            extension_days=30,
            legal_source="D.S. 011-2011-PCM, art. 6 (D.S. 006-2014-PCM)",
            valid_to=_PE_LEY31435_FROM - _ONE_DAY,
        ),
        _pe_rule("queja", "Queja", "Complaint", "D.S. 011-2011-PCM, art. 6-B (D.S. 101-2022-PCM)"),
    ),
)
