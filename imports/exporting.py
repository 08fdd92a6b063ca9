"""Existing places and organisations in the import template's columns (CSV or XLSX), and the
empty template itself: what an export writes, an import reads back unchanged."""

import csv
import io

import xlsxwriter
from django.http import HttpResponse, StreamingHttpResponse

from centers.models import Center, Delivery
from core.models import TriState
from partners.models import Organization

from .columns import LIST_SEPARATOR, ORGANIZATION_COLUMNS, PLACE_COLUMNS, SITE_SOURCE
from .hours import format_hours

CHUNK = 1000
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _text(value):
    return "" if value is None else str(value)


def _key(obj):
    if obj.external_id:
        return obj.external_source, obj.external_id
    return SITE_SOURCE, str(obj.pk)


def _tri(value):
    return "" if value == TriState.NOT_STATED else value


def place_row(place):
    source, row_id = _key(place)
    return {
        "source": source,
        "id": row_id,
        "status": place.status,
        "name_fr": _text(place.name_fr),
        "name_en": _text(place.name_en),
        "kind": place.kind,
        "delivery": "" if place.delivery == Delivery.NOT_STATED else place.delivery,
        "operator": place.operator.slug,
        "programs": LIST_SEPARATOR.join(p.slug for p in place.programs.all()),
        "summary_fr": _text(place.summary_fr),
        "summary_en": _text(place.summary_en),
        "description_fr": _text(place.description_fr),
        "description_en": _text(place.description_en),
        "address": place.address,
        "postcode": place.postcode,
        "city": place.city,
        "department_code": place.department_code,
        "area_served_fr": _text(place.area_served_fr),
        "area_served_en": _text(place.area_served_en),
        "latitude": _text(place.latitude),
        "longitude": _text(place.longitude),
        "phone": place.phone,
        "email": place.email,
        "website": place.website,
        "audiences": LIST_SEPARATOR.join(a.slug for a in place.audiences.all()),
        "min_age": _text(place.min_age),
        "max_age": _text(place.max_age),
        "free_of_charge": _tri(place.free_of_charge),
        "no_residence_permit_needed": _tri(place.no_residence_permit_needed),
        "no_health_coverage_needed": _tri(place.no_health_coverage_needed),
        "appointment_needed": _tri(place.appointment_needed),
        "referral_needed": _tri(place.referral_needed),
        "call_first": _tri(place.call_first),
        "step_free_access": _tri(place.step_free_access),
        "acceslibre_url": place.acceslibre_url,
        "animals_accepted": _tri(place.animals_accepted),
        "conditions_fr": _text(place.conditions_fr),
        "conditions_en": _text(place.conditions_en),
        "services": LIST_SEPARATOR.join(s.slug for s in place.services.all()),
        "languages": LIST_SEPARATOR.join(lang.code for lang in place.languages.all()),
        "opening_hours": format_hours(
            (h.weekday, h.opens, h.closes) for h in place.opening_hours.all()
        ),
        "open_on_public_holidays": _tri(place.open_on_public_holidays),
    }


def organization_row(organization):
    source, row_id = _key(organization)
    return {
        "source": source,
        "id": row_id,
        "status": organization.status,
        "name_fr": _text(organization.name_fr),
        "name_en": _text(organization.name_en),
        "acronym": organization.acronym,
        "kind": organization.kind,
        "parent": organization.parent.slug if organization.parent else "",
        "legal_form_fr": _text(organization.legal_form_fr),
        "legal_form_en": _text(organization.legal_form_en),
        "website": organization.website,
        "registered_identifier": organization.registered_identifier,
        "summary_fr": _text(organization.summary_fr),
        "summary_en": _text(organization.summary_en),
        "description_fr": _text(organization.description_fr),
        "description_en": _text(organization.description_en),
    }


def records(what):
    """(columns, rows) of every place or organisation, read a chunk at a time."""
    if what == "places":
        places = (
            Center.objects.select_related("operator")
            .prefetch_related("programs", "audiences", "services", "languages", "opening_hours")
            .order_by("pk")
        )
        return PLACE_COLUMNS, (place_row(p) for p in places.iterator(chunk_size=CHUNK))
    organizations = Organization.objects.select_related("parent").order_by("pk")
    return ORGANIZATION_COLUMNS, (
        organization_row(o) for o in organizations.iterator(chunk_size=CHUNK)
    )


class _Echo:
    def write(self, value):
        return value


def csv_response(columns, rows, file_name):
    names = [c.name for c in columns]
    writer = csv.writer(_Echo())

    def lines():
        # A byte order mark: spreadsheet programs then read the file as UTF-8.
        yield "\ufeff" + writer.writerow(names)
        for row in rows:
            yield writer.writerow([row[name] for name in names])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{file_name}.csv"'
    return response


def xlsx_response(columns, rows, file_name):
    names = [c.name for c in columns]
    output = io.BytesIO()
    book = xlsxwriter.Workbook(output, {"constant_memory": True, "in_memory": True})
    sheet = book.add_worksheet(file_name[:31])
    bold = book.add_format({"bold": True})
    for index, name in enumerate(names):
        sheet.write_string(0, index, name, bold)
    for line, row in enumerate(rows, start=1):
        for index, name in enumerate(names):
            # Text, always: a value that starts with "=" stays text, never a formula.
            sheet.write_string(line, index, row[name])
    book.close()
    response = HttpResponse(output.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{file_name}.xlsx"'
    return response


def template_response(what, file_format):
    columns = PLACE_COLUMNS if what == "places" else ORGANIZATION_COLUMNS
    respond = xlsx_response if file_format == "xlsx" else csv_response
    return respond(columns, iter(()), f"{what}-template")


def export_response(what, file_format):
    columns, rows = records(what)
    respond = xlsx_response if file_format == "xlsx" else csv_response
    return respond(columns, rows, what)
