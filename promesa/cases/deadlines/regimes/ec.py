"""Ecuador: petitions to the administration (Código Orgánico Administrativo)."""

from __future__ import annotations

from promesa.cases.deadlines.rules import (
    ExtensionRule,
    Regime,
    RequestTypeRule,
    SilenceEffect,
    Unit,
)

_EC_COA = Regime(
    code="ec-coa",
    country="EC",
    name="Peticiones a la administración (Código Orgánico Administrativo)",
    timezone="America/Guayaquil",
    legal_source="Código Orgánico Administrativo",
    rules=(
        RequestTypeRule(
            code="peticion",
            label_es="Petición, reclamo o solicitud",
            label_en="Petition, claim or request",
            # A "término" counts business days (COA art. 158).
            term=30,
            unit=Unit.BUSINESS_DAYS,
            extension_rule=ExtensionRule.NONE,
            silence_effect=SilenceEffect.POSITIVE,
            legal_source="Código Orgánico Administrativo, art. 207",
        ),
    ),
)
