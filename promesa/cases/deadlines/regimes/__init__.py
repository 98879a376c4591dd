"""Every legal regime the engine knows, one module per country, by code."""

from __future__ import annotations

from promesa.cases.deadlines.regimes.cl import _CL_SERNAC
from promesa.cases.deadlines.regimes.co import _CO_LEY142, _CO_LEY1480, _CO_LEY1581, _CO_LEY1755
from promesa.cases.deadlines.regimes.ec import _EC_COA
from promesa.cases.deadlines.regimes.es import _ES_LEY10_2025, _ES_TRLGDCU
from promesa.cases.deadlines.regimes.mx import _MX_UNE
from promesa.cases.deadlines.regimes.pe import _PE_LIBRO
from promesa.cases.deadlines.rules import DeadlineError, ErrorCode, Regime

REGIMES: dict[str, Regime] = {
    regime.code: regime
    for regime in (
        _CO_LEY1755,
        _CO_LEY1581,
        _CO_LEY1480,
        _CO_LEY142,
        _PE_LIBRO,
        _ES_TRLGDCU,
        _ES_LEY10_2025,
        _MX_UNE,
        _CL_SERNAC,
        _EC_COA,
    )
}


def get_regime(code: str) -> Regime:
    try:
        return REGIMES[code]
    except KeyError:
        valid = ", ".join(REGIMES)
        raise DeadlineError(
            f"Unknown regime '{code}'. Valid regimes: {valid}.",
            code=ErrorCode.UNKNOWN_REGIME,
            params={"regime": code, "valid": valid},
        ) from None


def default_request_type(regime: str) -> str:
    """The legal type a filing starts as under ``regime`` when its channel cannot tell.

    Under Ley 1755 quejas, reclamos, sugerencias and denuncias are handled as peticiones
    (docs/legal, CO-1); under Ley 142 every request is a "pqr".
    """
    return get_regime(regime).default_type_code()
