"""Chile: customer service under Ley 19.496 (Sello SERNAC)."""

from __future__ import annotations

from promesa.cases.deadlines.rules import (
    ExtensionRule,
    Regime,
    RequestTypeRule,
    Unit,
)

_CL_SERNAC = Regime(
    code="cl-sernac",
    country="CL",
    name="Servicio de atención al cliente, Sello SERNAC (Ley 19.496)",
    timezone="America/Santiago",
    legal_source="Ley 19.496",
    rules=(
        RequestTypeRule(
            code="reclamo",
            label_es="Reclamo",
            label_en="Complaint",
            term=10,
            unit=Unit.BUSINESS_DAYS,
            extension_rule=ExtensionRule.NONE,
            legal_source="Ley 19.496, art. 56",
        ),
    ),
)
