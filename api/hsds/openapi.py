"""The OpenAPI document the API serves at /api/hsds/openapi.json, built from the official one.

`standard/` holds the official HSDS 3.0 files, unchanged (`SHA256SUMS`; licence in `LICENSE`).
The served document is the official `openapi.json` with:
- this API's `info` and `servers` (the official file leaves placeholders to fill in);
- its schema references, which name files on raw.githubusercontent.com, pointed at the same
  official schemas bundled under `components/schemas` (a client needs no other download; no
  machine here reaches the internet). `compiled/service.json` and `compiled/organization.json`,
  which the HSDS 3.0 repository's release does not hold as files, are `service.json` and
  `organization.json` with their references resolved — what the compiled forms are;
- `/service_at_locations/{id}` answering a service-at-location, as its description says: the
  official 3.0 file names the service schema there, a mistake HSDS fixed after 3.0
  (openreferral/specification pull request 574);
- the 400 and 404 answers and their JSON body, which the official file does not declare, and
  the `lang` parameter (fr or en) on every operation.
"""

import copy
import functools
import json
from pathlib import Path

from django.conf import settings

STANDARD = Path(__file__).resolve().parent / "standard"
OFFICIAL_BASE = "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/"
# Official references without a file of their own in the release: the schema they mean.
COMPILED_ALIASES = {
    "compiled/service.json": "service.json",
    "compiled/organization.json": "organization.json",
}


def load(relative):
    return json.loads((STANDARD / relative).read_text(encoding="utf-8"))


def schema_files():
    """Every official schema, by its path relative to the schema folder."""
    files = sorted(p.relative_to(STANDARD).as_posix() for p in STANDARD.rglob("*.json"))
    return [f for f in files if f != "openapi.json" and f != "compiled/tabular.json"]


def component_name(relative):
    return relative.removesuffix(".json").replace("/", "_")


def _rewrite_refs(node, base):
    """References to official files → references inside this document."""
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and not ref.startswith("#"):
            target = ref.removeprefix(OFFICIAL_BASE)
            if ref == target:  # relative to the referring file
                target = (Path(base).parent / ref).as_posix().removeprefix("./")
            target = COMPILED_ALIASES.get(target, target)
            node["$ref"] = f"#/components/schemas/{component_name(target)}"
        for value in node.values():
            _rewrite_refs(value, base)
    elif isinstance(node, list):
        for value in node:
            _rewrite_refs(value, base)


ERROR_SCHEMA = {
    "type": "object",
    "required": ["status", "message"],
    "properties": {
        "status": {"type": "integer", "description": "The HTTP status, repeated."},
        "message": {"type": "string", "description": "What was wrong, in plain words."},
    },
}
LANG_PARAMETER = {
    "name": "lang",
    "in": "query",
    "required": False,
    "description": (
        "The language of the text: fr or en. Without it, the Accept-Language header chooses "
        "(French by default)."
    ),
    "schema": {"type": "string", "enum": ["fr", "en"]},
}


UUID_SCHEMA = {"type": "string", "format": "uuid"}
# What this API accepts, where the official file types a parameter loosely (a bad value is a
# 400 that names it).
PARAMETER_SCHEMAS = {
    "page": {"type": "integer", "minimum": 1, "maximum": 999_999_999},
    "per_page": {"type": "integer", "minimum": 1, "maximum": 100, "default": 50},
    "format": {"type": "string", "enum": ["json"]},
    "taxonomy_term_id": UUID_SCHEMA,
    "taxonomy_id": UUID_SCHEMA,
    "organization_id": UUID_SCHEMA,
    "modified_after": {"type": "string", "format": "date-time"},
    "postcode": {"type": "string", "pattern": "^[0-9]{5}$"},
    # Not implemented: no postcode centroids here.
    "proximity": {"type": "string", "maxLength": 0},
}
INLINE_PARAMETER_SCHEMAS = [("/taxonomy_terms", "parent_id", UUID_SCHEMA)]
FULL_SERVICE_REF = {"$ref": "#/components/parameters/full_service"}
ORGANIZATIONS_FULL_SERVICE = {
    "name": "full_service",
    "in": "query",
    "required": False,
    "description": "Not on the list: an organization's services are on /organizations/{id}.",
    "schema": {"type": "boolean", "enum": [False]},
}


def _error_response(description):
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    }


@functools.cache
def document():
    doc = load("openapi.json")
    schemas = doc["components"].setdefault("schemas", {})
    for relative in schema_files():
        schema = load(relative)
        _rewrite_refs(schema, relative)
        schemas[component_name(relative)] = schema
    _rewrite_refs(doc["paths"], "openapi.json")
    sal = doc["paths"]["/service_at_locations/{id}"]["get"]["responses"]["200"]
    sal["content"]["application/json"]["schema"] = {
        "$ref": "#/components/schemas/service_at_location"
    }
    schemas["Error"] = ERROR_SCHEMA
    parameters = doc["components"]["parameters"]
    parameters["lang"] = LANG_PARAMETER
    for name, schema in PARAMETER_SCHEMAS.items():
        parameters[name]["schema"] = schema
    for path, name, schema in INLINE_PARAMETER_SCHEMAS:
        for parameter in doc["paths"][path]["get"]["parameters"]:
            if parameter.get("name") == name:
                parameter["schema"] = schema
    terms = doc["paths"]["/organizations"]["get"]["parameters"]
    terms[:] = [ORGANIZATIONS_FULL_SERVICE if p == FULL_SERVICE_REF else p for p in terms]
    for path, item in doc["paths"].items():
        operation = item["get"]
        operation.setdefault("parameters", []).append({"$ref": "#/components/parameters/lang"})
        responses = operation["responses"]
        responses["400"] = _error_response("A parameter is malformed, out of range or unknown.")
        if "{id}" in path:
            responses["404"] = _error_response("No public record has this id.")
    doc["info"] = {
        "title": f"{settings.SITE_NAME}: Open Referral HSDS API",
        "version": "1.0.0",
        "summary": "The network's public care places, organisations and taxonomies, in HSDS 3.0.",
        "description": (
            "Read-only, public records only, French or English (lang, Accept-Language). "
            "A place is a service, a location and a service-at-location. Facts the sources "
            "do not give are absent, never invented."
        ),
        "license": {
            "name": settings.OPEN_DATA_LICENSE_NAME,
            "url": settings.OPEN_DATA_LICENSE_URL,
        },
    }
    doc["servers"] = [{"url": "/api/hsds"}]
    return copy.deepcopy(doc)
