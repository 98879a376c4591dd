"""Spain: consumer claims (TRLGDCU) and customer service (Ley 10/2025)."""

from __future__ import annotations

from datetime import date

from promesa.cases.deadlines.rules import (
    ExtensionRule,
    Regime,
    RequestTypeRule,
    Unit,
)

_ES_TRLGDCU = Regime(
    code="es-trlgdcu",
    country="ES",
    name="Reclamaciones de consumo (TRLGDCU, RDLeg 1/2007)",
    timezone="Europe/Madrid",
    legal_source="Real Decreto Legislativo 1/2007, art. 21",
    rules=(
        RequestTypeRule(
            code="reclamacion",
            label_es="Reclamación de consumo",
            label_en="Consumer complaint",
            term=1,
            unit=Unit.MONTHS,
            extension_rule=ExtensionRule.NONE,
            legal_source="Real Decreto Legislativo 1/2007 (TRLGDCU), art. 21 (Ley 3/2014)",
            # Civil computation (Código Civil art. 5): the last day never rolls.
            month_end_rolls=False,
        ),
    ),
)

_ES_LEY10_2025 = Regime(
    code="es-ley10-2025",
    country="ES",
    name="Servicios de atención a la clientela (Ley 10/2025)",
    timezone="Europe/Madrid",
    legal_source="Ley 10/2025, de 26 de diciembre",
    rules=(
        RequestTypeRule(
            code="reclamacion",
            label_es="Reclamación, queja, consulta o incidencia",
            label_en="Complaint, query or incident",
            term=15,
            unit=Unit.BUSINESS_DAYS,
            extension_rule=ExtensionRule.NONE,
            legal_source="Ley 10/2025, de 26 de diciembre, de servicios de atención a la clientela",
            valid_from=date(2025, 12, 28),
        ),
    ),
)
