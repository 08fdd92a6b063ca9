"""The query parameters of the HSDS API, read and checked: a bad one is an `ApiError` (400)
that names it and says what is expected."""

import datetime
import math
import re
from uuid import UUID

from django.conf import settings
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

MAX_PER_PAGE = 100
DEFAULT_PER_PAGE = 50
POSTCODE = re.compile(r"^\d{5}$")
UUID_TEXT = re.compile(
    r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"
)


class ApiError(Exception):
    def __init__(self, status, message):
        super().__init__(message)
        self.status = status
        self.message = message


def bad(message):
    return ApiError(400, message)


def integer(params, name, default, *, minimum=1, maximum=None):
    """A parameter that is present is checked, even empty: `?page=` is not a page number."""
    raw = params.get(name)
    if raw is None:
        return default
    if not re.fullmatch(r"\d{1,9}", raw):
        raise bad(f"{name} must be a whole number of {minimum} or more.")
    value = int(raw)
    if value < minimum or (maximum is not None and value > maximum):
        span = f"from {minimum} to {maximum}" if maximum else f"{minimum} or more"
        raise bad(f"{name} must be {span}; got {value}.")
    return value


def boolean(params, name):
    raw = params.get(name)
    if raw is None:
        return False
    if raw in ("true", "false"):
        return raw == "true"
    raise bad(f"{name} must be true or false.")


def uuid(params, name):
    raw = params.get(name)
    if raw is None:
        return None
    if not UUID_TEXT.match(raw):
        raise bad(f"{name} must be a UUID such as 3fa85f64-5717-4562-b3fc-2c963f66afa6.")
    try:
        return UUID(raw)
    except ValueError:
        raise bad(f"{name} must be a UUID such as 3fa85f64-5717-4562-b3fc-2c963f66afa6.") from None


def moment(params, name):
    """An ISO 8601 date or date-time; a time without offset is the site's time zone's."""
    raw = params.get(name)
    if raw is None:
        return None
    try:
        value = parse_datetime(raw)
        if value is None:
            day = parse_date(raw)
            if day is not None:
                value = datetime.datetime.combine(day, datetime.time())
    except ValueError:
        value = None
    if value is None:
        raise bad(f"{name} must be an ISO 8601 date or date-time, such as 2025-01-31T12:00:00Z.")
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    return value


def language(request):
    """?lang= (fr or en), else the language LocaleMiddleware took from Accept-Language."""
    codes = [code for code, _name in settings.LANGUAGES]
    raw = request.GET.get("lang")
    if raw is not None:
        if raw not in codes:
            raise bad(f"lang must be one of: {', '.join(codes)}.")
        return raw
    return request.LANGUAGE_CODE if request.LANGUAGE_CODE in codes else codes[0]


def fmt(params):
    value = params.get("format", "json")
    if value != "json":
        raise bad("format: only json is served (ndjson is not implemented).")


def postcode(params):
    raw = params.get("postcode")
    if raw is None:
        return None
    if not POSTCODE.match(raw):
        raise bad("postcode must be a French postcode of five digits, such as 75011.")
    return raw


def department_code(code):
    """The département a postcode belongs to: 75011 → 75, 97600 → 976, 20000 → 2A."""
    if code.startswith(("97", "98")):
        return code[:3]
    if code.startswith("20"):
        return "2A" if int(code) < 20200 else "2B"
    return code[:2]


def not_implemented(params, *names):
    for name in names:
        if params.get(name):
            raise bad(f"{name} is not implemented by this API.")


class Page:
    """The HSDS pagination envelope: checked parameters first, then a count and one page."""

    def __init__(self, params):
        self.per_page = integer(params, "per_page", DEFAULT_PER_PAGE, maximum=MAX_PER_PAGE)
        self.number = integer(params, "page", 1)
        self.start = (self.number - 1) * self.per_page
        self.end = self.start + self.per_page
        self.count = 0

    def envelope(self, contents):
        """A page past the last one is empty, with the true totals."""
        total_pages = max(1, math.ceil(self.count / self.per_page))
        return {
            "total_items": self.count,
            "total_pages": total_pages,
            "page_number": self.number,
            "size": len(contents),
            "first_page": self.number == 1,
            "last_page": self.number >= total_pages,
            "empty": self.count == 0,
            "contents": contents,
        }
