"""Validators for the official HSDS 3.0 schemas, as copied unchanged into api/hsds/standard/.

Every reference resolves to the project's copy (no test reaches the internet): the official
OpenAPI file names its schemas by their raw.githubusercontent.com address, and the schemas name
each other by relative paths against it. `compiled/service.json` and `compiled/organization.json`
(named by the OpenAPI file, not files of the 3.0 release) are the nested `service.json` and
`organization.json`.
"""

import json

from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.exceptions import NoSuchResource
from referencing.jsonschema import DRAFT202012

from api.hsds.openapi import COMPILED_ALIASES, OFFICIAL_BASE, STANDARD
from tests.json_formats import format_checker


def _retrieve(uri):
    if not uri.startswith(OFFICIAL_BASE):
        raise NoSuchResource(ref=uri)
    path = STANDARD / uri.removeprefix(OFFICIAL_BASE)
    if not path.is_file():
        raise NoSuchResource(ref=uri)
    return Resource.from_contents(
        json.loads(path.read_text(encoding="utf-8")), default_specification=DRAFT202012
    )


REGISTRY = Registry(retrieve=_retrieve)

FORMATS = format_checker(["uuid", "email"])


def validator(relative):
    """A validator for an official schema, by its path in the schema folder."""
    relative = COMPILED_ALIASES.get(relative, relative)
    return Draft202012Validator(
        {"$ref": OFFICIAL_BASE + relative}, registry=REGISTRY, format_checker=FORMATS
    )


OPENAPI = json.loads((STANDARD / "openapi.json").read_text(encoding="utf-8"))
PAGE = Draft202012Validator(OPENAPI["components"]["schemas"]["Page"], format_checker=FORMATS)
META = Draft202012Validator(
    OPENAPI["paths"]["/"]["get"]["responses"]["200"]["content"]["application/json"]["schema"],
    format_checker=FORMATS,
)


def errors(validator_, instance):
    return [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
        for e in validator_.iter_errors(instance)
    ]
