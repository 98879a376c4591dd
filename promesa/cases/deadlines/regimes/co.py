"""Colombia: petitions, habeas data, consumers and public utilities.

Ley 1755 de 2015, Ley 1581 de 2012, Ley 1480 de 2011 and Ley 142 de 1994.
"""

from __future__ import annotations

from datetime import date

from promesa.cases.deadlines.calendar import _ONE_DAY
from promesa.cases.deadlines.rules import (
    ExtensionRule,
    Regime,
    RequestTypeRule,
    SilenceEffect,
    Unit,
)

_CO_1755 = "Ley 1437 de 2011, art. {art} (sustituido por Ley 1755 de 2015)"
# Ley 1755 was promulgated on 30 June 2015. Decreto Legislativo 491/2020 art. 5 replaced its
# terms from 28 March 2020; Ley 2207 of 17 May 2022 repealed art. 5, so the Ley 1755 terms
# apply again to petitions filed from 18 May 2022 (docs/legal/co.md §2.1; docs/legal/
# test-vectors.md §8, invariant 5).
_LEY_1755_FROM = date(2015, 6, 30)
_D491_FROM = date(2020, 3, 28)
_D491_TO = date(2022, 5, 17)
_LEY_2207_FROM = date(2022, 5, 18)
_D491_SOURCE = "Decreto Legislativo 491 de 2020, art. 5 (derogado por Ley 2207 de 2022)"


def _ley1755_with_decreto491(
    *, code: str, label_es: str, label_en: str, term: int, term_491: int, source: str
) -> tuple[RequestTypeRule, ...]:
    """The three periods of an art. 14 term: Ley 1755, Decreto 491, Ley 1755 again."""
    silence = SilenceEffect.POSITIVE if code == "peticion_documentos" else SilenceEffect.NONE

    def period(term: int, src: str, valid_from: date, valid_to: date | None) -> RequestTypeRule:
        return RequestTypeRule(
            code=code,
            label_es=label_es,
            label_en=label_en,
            term=term,
            unit=Unit.BUSINESS_DAYS,
            extension_rule=ExtensionRule.UP_TO_DOUBLE_TOTAL,
            legal_source=src,
            silence_effect=silence,
            valid_from=valid_from,
            valid_to=valid_to,
            # Art. 17: the clock stops while the petitioner completes the petition.
            pausable=True,
        )

    return (
        period(term, source, _LEY_1755_FROM, _D491_FROM - _ONE_DAY),
        period(term_491, _D491_SOURCE, _D491_FROM, _D491_TO),
        period(term, source, _LEY_2207_FROM, None),
    )


_CO_LEY1755 = Regime(
    code="co-ley1755",
    country="CO",
    name="Derecho de petición (Ley 1437 de 2011, sustituida por Ley 1755 de 2015)",
    timezone="America/Bogota",
    legal_source="Ley 1755 de 2015",
    default_type="peticion_general",
    rules=(
        *_ley1755_with_decreto491(
            code="peticion_general",
            label_es="Petición general",
            label_en="General petition",
            term=15,
            term_491=30,
            source=_CO_1755.format(art="14"),
        ),
        *_ley1755_with_decreto491(
            code="peticion_documentos",
            label_es="Petición de documentos e información",
            label_en="Request for documents and information",
            term=10,
            term_491=20,
            source=_CO_1755.format(art="14 num. 1"),
        ),
        *_ley1755_with_decreto491(
            code="consulta",
            label_es="Consulta",
            label_en="Consultation",
            term=30,
            term_491=35,
            source=_CO_1755.format(art="14 num. 2"),
        ),
        RequestTypeRule(
            code="entre_autoridades",
            label_es="Petición entre autoridades",
            label_en="Request between authorities",
            term=10,
            unit=Unit.BUSINESS_DAYS,
            extension_rule=ExtensionRule.NONE,
            legal_source=_CO_1755.format(art="30"),
            valid_from=_LEY_1755_FROM,
        ),
        RequestTypeRule(
            # Written petitions; a verbal one must be transferred immediately (art. 21).
            code="traslado_competencia",
            label_es="Traslado por competencia",
            label_en="Transfer to the competent authority",
            term=5,
            unit=Unit.BUSINESS_DAYS,
            extension_rule=ExtensionRule.NONE,
            legal_source=_CO_1755.format(art="21"),
            valid_from=_LEY_1755_FROM,
        ),
        RequestTypeRule(
            code="requerimiento",
            label_es="Requerimiento por petición incompleta",
            label_en="Request to complete an incomplete petition",
            term=10,
            unit=Unit.BUSINESS_DAYS,
            extension_rule=ExtensionRule.NONE,
            legal_source=_CO_1755.format(art="17"),
            valid_from=_LEY_1755_FROM,
        ),
        RequestTypeRule(
            # The petitioner's month to complete, counted from the requerimiento; one more month
            # may be asked for before it runs out ("hasta por un término igual").
            code="completar_peticion",
            label_es="Plazo del peticionario para completar",
            label_en="Petitioner's term to complete the petition",
            term=1,
            unit=Unit.MONTHS,
            extension_rule=ExtensionRule.FIXED_ADDITIONAL,
            extension_days=1,
            legal_source=_CO_1755.format(art="17") + "; Ley 4 de 1913, art. 62",
            valid_from=_LEY_1755_FROM,
            month_end_rolls=True,
        ),
    ),
)

_CO_LEY1581 = Regime(
    code="co-ley1581",
    country="CO",
    name="Habeas data (Ley 1581 de 2012)",
    timezone="America/Bogota",
    legal_source="Ley 1581 de 2012",
    rules=(
        RequestTypeRule(
            code="consulta",
            label_es="Consulta de datos personales",
            label_en="Personal data enquiry",
            term=10,
            unit=Unit.BUSINESS_DAYS,
            extension_rule=ExtensionRule.FIXED_ADDITIONAL,
            extension_days=5,
            legal_source="Ley 1581 de 2012, art. 14",
        ),
        RequestTypeRule(
            code="reclamo",
            label_es="Reclamo de datos personales",
            label_en="Personal data complaint",
            term=15,
            unit=Unit.BUSINESS_DAYS,
            extension_rule=ExtensionRule.FIXED_ADDITIONAL,
            extension_days=8,
            legal_source="Ley 1581 de 2012, art. 15",
            # Art. 15 num. 1: an incomplete reclamo waits for the titular's completion.
            pausable=True,
        ),
    ),
)

_CO_LEY1480 = Regime(
    code="co-ley1480",
    country="CO",
    name="Estatuto del Consumidor (Ley 1480 de 2011)",
    timezone="America/Bogota",
    legal_source="Ley 1480 de 2011",
    rules=(
        RequestTypeRule(
            code="reclamo",
            label_es="Reclamación directa del consumidor",
            label_en="Direct consumer claim",
            term=15,
            unit=Unit.BUSINESS_DAYS,
            extension_rule=ExtensionRule.NONE,
            silence_effect=SilenceEffect.INDICIO_GRAVE,
            legal_source="Ley 1480 de 2011, art. 58 num. 5",
        ),
    ),
)

_CO_LEY142 = Regime(
    code="co-ley142",
    country="CO",
    name="Servicios públicos domiciliarios (Ley 142 de 1994)",
    timezone="America/Bogota",
    legal_source="Ley 142 de 1994",
    rules=(
        RequestTypeRule(
            code="pqr",
            label_es="Petición, queja o recurso de servicios públicos",
            label_en="Public utility petition, complaint or appeal",
            term=15,
            unit=Unit.BUSINESS_DAYS,
            extension_rule=ExtensionRule.NONE,
            silence_effect=SilenceEffect.POSITIVE,
            legal_source=(
                "Ley 142 de 1994, art. 158 (subrogado por Decreto-Ley 2150 de 1995, art. 123)"
            ),
        ),
    ),
)
