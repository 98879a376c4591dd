"""Mexico: Unidad Especializada de Atención a Usuarios (financial services)."""

from __future__ import annotations

from promesa.cases.deadlines.rules import (
    ExtensionRule,
    Regime,
    RequestTypeRule,
    Unit,
)

_MX_UNE_SOURCE = "Ley de Protección y Defensa al Usuario de Servicios Financieros, art. 50 Bis"

_MX_UNE = Regime(
    code="mx-une",
    country="MX",
    name="Unidad Especializada de Atención a Usuarios (LPDUSF)",
    timezone="America/Mexico_City",
    legal_source="Ley de Protección y Defensa al Usuario de Servicios Financieros",
    rules=(
        RequestTypeRule(
            code="reclamacion",
            label_es="Reclamación",
            label_en="Complaint",
            term=30,
            unit=Unit.BUSINESS_DAYS,
            extension_rule=ExtensionRule.NONE,
            legal_source=_MX_UNE_SOURCE,
        ),
        RequestTypeRule(
            code="consulta",
            label_es="Consulta",
            label_en="Enquiry",
            term=30,
            unit=Unit.BUSINESS_DAYS,
            extension_rule=ExtensionRule.NONE,
            legal_source=_MX_UNE_SOURCE,
        ),
        RequestTypeRule(
            code="aclaracion",
            label_es="Aclaración de cargos",
            label_en="Disputed charge clarification",
            term=45,
            unit=Unit.CALENDAR_DAYS,
            extension_rule=ExtensionRule.NONE,
            legal_source="Ley para la Transparencia y Ordenamiento de los Servicios Financieros, "
            "art. 23",
        ),
    ),
)
