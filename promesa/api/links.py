"""OpenAPI links between the case operations, so clients and the stateful fuzzer can follow them.

Every response that carries a case (a filing, a page of the list, one case, the result of an
action) links to every operation addressed by that case's filing number: file, then read, then
act. The links are derived from the schema itself, so a new ``/cases/{filing_number}/...``
operation is linked without listing it here. The list of legal regimes links to the deadline
preview of its first request type.
"""

from __future__ import annotations

from typing import Any

PATH_PARAMETER = "filing_number"
CASE_REF = "#/components/schemas/CaseOut"


def _operations(schema: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    return [
        (path, operation)
        for path, methods in schema.get("paths", {}).items()
        for operation in methods.values()
        if isinstance(operation, dict) and "operationId" in operation
    ]


def _filing_number_in(response_schema: dict[str, Any], components: dict[str, Any]) -> str | None:
    """Where a response body holds the case's filing number, as a JSON pointer."""
    ref = response_schema.get("$ref", "")
    if ref == CASE_REF:
        return "/filing_number"
    properties = components.get(ref.rsplit("/", 1)[-1], {}).get("properties", {})
    if "case" in properties:
        return "/case/filing_number"
    items = properties.get("items", {}).get("items", {})
    if items.get("$ref") == CASE_REF:
        return "/items/0/filing_number"
    return None


def add_case_links(schema: dict[str, Any]) -> dict[str, Any]:
    """Add the links to ``schema`` (an OpenAPI document) in place and return it."""
    components = schema.get("components", {}).get("schemas", {})
    targets = [
        operation["operationId"]
        for path, operation in _operations(schema)
        if "{" + PATH_PARAMETER + "}" in path
    ]
    for _path, operation in _operations(schema):
        for status, response in operation.get("responses", {}).items():
            if not str(status).startswith("2"):
                continue
            body = response.get("content", {}).get("application/json", {}).get("schema", {})
            pointer = _filing_number_in(body, components)
            if pointer is None:
                continue
            response["links"] = {
                target: {
                    "operationId": target,
                    "parameters": {f"path.{PATH_PARAMETER}": f"$response.body#{pointer}"},
                }
                for target in targets
            }
    _link_regimes_to_the_preview(schema)
    return schema


def _link_regimes_to_the_preview(schema: dict[str, Any]) -> None:
    operations = {path.rsplit("/", 2)[-2:][-1]: op for path, op in _operations(schema)}
    regimes, preview = operations.get("regimes"), operations.get("preview")
    if regimes is None or preview is None:
        return
    for status, response in regimes.get("responses", {}).items():
        if str(status) == "200":
            response["links"] = {
                "preview": {
                    "operationId": preview["operationId"],
                    "parameters": {
                        "query.regime": "$response.body#/0/regime",
                        "query.type": "$response.body#/0/types/0/type",
                    },
                }
            }
