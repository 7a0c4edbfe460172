"""The schema tells the truth about errors: one postprocessing hook (SPECTACULAR_SETTINGS) gives
every operation the error answers the API really sends, with shared body shapes, instead of each
view repeating them.

The rule (docs/api.md): outside the user's scope 404; seen but refused by role or by the
record's state 403; invalid input 400; a stale version or a status that moved meanwhile 409;
no or a bad token 401; too many requests 429.
"""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse

# What an evidence file is served as (pokja.kernel.uploads.evidence_response): its detected type,
# or an opaque octet-stream for a file that is none of the accepted ones.
EVIDENCE_MEDIA_TYPES = ("application/pdf", "image/jpeg", "image/png", "application/octet-stream")


def file_responses(description: str) -> dict:
    """The `responses` of an endpoint that serves an evidence file (for extend_schema)."""
    responses = {
        (200, media): OpenApiResponse(OpenApiTypes.BINARY, description=description)
        for media in EVIDENCE_MEDIA_TYPES
    }
    return responses


DETAIL = {
    "type": "object",
    "description": "A refusal, in the reader's language.",
    "properties": {"detail": {"type": "string"}},
    "required": ["detail"],
}
VALIDATION_ERROR = {
    "type": "object",
    "description": "Invalid input: messages (in the reader's language) by field; messages not "
    "about one field under `non_field_errors` or `detail`; inline rows (e.g. a work plan's "
    "activities) as a list of such objects, one per row.",
    "additionalProperties": {
        "oneOf": [
            {"type": "string"},
            {"type": "array", "items": {"oneOf": [{"type": "string"}, {"type": "object"}]}},
        ]
    },
}
CONFLICT = {
    "type": "object",
    "description": "Nothing was changed: the record changed meanwhile. A PATCH or DELETE names "
    "the version it read (`your_version`, `current_version`); a status change the status it "
    "expected (`expected_status`, `current_status`). `current` is the record as stored now.",
    "properties": {
        "detail": {"type": "string"},
        "your_version": {"type": "integer", "nullable": True},
        "current_version": {"type": "integer", "nullable": True},
        "expected_status": {"type": "string", "nullable": True},
        "current_status": {"type": "string"},
        "current": {"type": "object", "additionalProperties": True},
    },
    "required": ["detail", "current"],
}
COMPONENTS = {"ErrorDetail": DETAIL, "ValidationErrorBody": VALIDATION_ERROR, "Conflict": CONFLICT}

DESCRIPTIONS = {
    "400": ("ValidationErrorBody", "Invalid input (a malformed body or filter, a rule broken)."),
    "401": ("ErrorDetail", "No credentials, or an expired or revoked token."),
    "403": (
        "ErrorDetail",
        "In scope but refused: the role (a national reader; a coordinator and a verified "
        "record) or the record's state (e.g. verifying a verified record).",
    ),
    "404": ("ErrorDetail", "Outside the user's scope, or no such object (or page, or file)."),
    "406": ("ErrorDetail", "The Accept header asks for something other than JSON."),
    "409": ("Conflict", "Stale version, or the status moved meanwhile: nothing changed."),
    "414": (
        None,
        "A request line longer than the web server accepts (gunicorn: 4094 bytes): "
        "refused before the portal, as the server's own HTML page.",
    ),
    "415": ("ErrorDetail", "A body that is neither JSON nor multipart/form-data."),
    "429": ("ErrorDetail", "Too many requests (API_THROTTLE_RATE): try again later."),
}
TRANSITIONS = ("/submit/", "/verify/", "/reject/", "/return/")
MODIFYING = ("post", "put", "patch", "delete")


def _codes(path: str, method: str, operation: dict) -> list[str]:
    codes = ["401", "403", "404", "406", "429"]
    # An object's own id or code: a malformed one matches nothing (404); any other parameter
    # (a filter, a page size, a year) is validated (400).
    checked = [p for p in operation.get("parameters", []) if p.get("name") not in ("id", "code")]
    body = "requestBody" in operation
    if checked or body or method in MODIFYING:
        codes.append("400")
    if operation.get("parameters"):
        codes.append("414")
    if body:
        codes.append("415")
    if method in ("patch", "delete") or (method == "post" and path.endswith(TRANSITIONS)):
        codes.append("409")
    return codes


def _require_version_on_patch(result: dict) -> None:
    """A PATCH without the `version` it read is refused (400): the Patched* bodies, which
    drf-spectacular makes all-optional, require it."""
    schemas = result["components"]["schemas"]
    for operations in result.get("paths", {}).values():
        body = operations.get("patch", {}).get("requestBody", {})
        for media in body.get("content", {}).values():
            name = media.get("schema", {}).get("$ref", "").rsplit("/", 1)[-1]
            component = schemas.get(name, {})
            if "version" in component.get("properties", {}):
                required = component.setdefault("required", [])
                if "version" not in required:
                    required.append("version")
        if body:
            body["required"] = True


def _link_created_records(result: dict) -> None:
    """OpenAPI links from each create (201) to the operations on the new record
    (`/x/{id}/...`): a stateful tester (Schemathesis, scripts/api_fuzz.sh) follows them to read,
    change, submit and delete what it created."""
    paths = result.get("paths", {})
    for path, operations in paths.items():
        created = operations.get("post", {}).get("responses", {}).get("201")
        if created is None:
            continue
        links = {}
        for item_path, item_operations in paths.items():
            if not item_path.startswith(f"{path}{{id}}/"):
                continue
            for operation in item_operations.values():
                links[operation["operationId"]] = {
                    "operationId": operation["operationId"],
                    "parameters": {"id": "$response.body#/id"},
                }
        if links:
            created["links"] = links


def document_errors(result, generator, request, public):
    """drf-spectacular postprocessing hook: the shared error bodies, on every operation."""
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas.update(COMPONENTS)
    _require_version_on_patch(result)
    _link_created_records(result)
    for path, operations in result.get("paths", {}).items():
        for method, operation in operations.items():
            responses = operation.setdefault("responses", {})
            for code in _codes(path, method, operation):
                component, description = DESCRIPTIONS[code]
                if component is None:
                    content = {"text/html": {"schema": {"type": "string"}}}
                else:
                    ref = {"$ref": f"#/components/schemas/{component}"}
                    content = {"application/json": {"schema": ref}}
                responses.setdefault(code, {"description": description, "content": content})
            for parameter in operation.get("parameters", []):
                # An empty filter (`?year=`) filters nothing, as on the web's lists.
                if parameter.get("in") == "query" and not parameter.get("required"):
                    parameter["allowEmptyValue"] = True
            operation["responses"] = dict(sorted(responses.items()))
    return result
