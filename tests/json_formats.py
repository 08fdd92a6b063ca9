"""The JSON Schema formats the standards' schemas use and jsonschema checks only with optional
packages this project does not install ("date-time", "uri"), checked with the standard library:
one checker for the 360Giving and the HSDS tests (tests/grants/test_360giving.py proves it
bites)."""

import datetime
import re
from urllib.parse import urlsplit

from jsonschema import FormatChecker

RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$")


def is_date_time(value):
    if not isinstance(value, str):
        return True
    if not RFC3339.match(value):
        return False
    datetime.datetime.fromisoformat(value.upper().replace("Z", "+00:00"))
    return True


def is_uri(value):
    if not isinstance(value, str):
        return True
    parts = urlsplit(value)
    return (
        bool(re.match(r"^[A-Za-z][A-Za-z0-9+.-]*$", parts.scheme))
        and bool(parts.netloc or parts.path)
        and not re.search(r"\s", value)
    )


def format_checker(formats=None):
    """jsonschema's checker (for `formats`, or all it knows) with "date-time" and "uri"."""
    checker = FormatChecker(formats)
    checker.checks("date-time", raises=ValueError)(is_date_time)
    checker.checks("uri")(is_uri)
    return checker
