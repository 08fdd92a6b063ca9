"""The project's import template: its columns, in order, what each holds, and the export of
existing records in the same columns (so that staff correct them in a spreadsheet program and
import them back).

The README's "Spreadsheet imports" section and the admin's import page list these columns from
here; change them here only.
"""

from dataclasses import dataclass

from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

# The reserved source of the records this site holds without an import id: the export writes
# them as source "site" and their id in this site, and an import matches them by it.
SITE_SOURCE = "site"
LIST_SEPARATOR = ";"


@dataclass(frozen=True)
class Column:
    name: str
    required: bool
    help: str


def _with_separator(text):
    return str(text) % {"separator": LIST_SEPARATOR}


_lazy_with_separator = lazy(_with_separator, str)

SOURCE = Column(
    "source",
    False,
    _(
        "Who the row comes from, in a few letters (for example reseau-sud). Empty: the "
        "source chosen on the import form. “site” (what an export writes for records entered "
        "on this site) matches the record of that id on this site."
    ),
)
ID = Column(
    "id",
    True,
    _(
        "The row's stable id in its source (its number in your own file or database). "
        "Importing a row of the same source and id again updates that record: never reuse "
        "an id for something else."
    ),
)
STATUS = Column(
    "status",
    False,
    _(
        "draft (the default for a new row), in_review, or published (publishers only). A "
        "row that matches a published record becomes a change waiting for review."
    ),
)


def _yes_no(name, what):
    return Column(
        name, False, _("%(what)s: yes, no, or empty when no source states it.") % {"what": what}
    )


PLACE_COLUMNS = [
    SOURCE,
    ID,
    STATUS,
    Column("name_fr", True, _("The place's name in French.")),
    Column("name_en", False, _("The place's name in English.")),
    Column(
        "kind",
        True,
        _(
            "caso, consultation, mobile_unit, hotline, street_team, mediation or "
            "documentation (or the kind's name as the admin shows it)."
        ),
    ),
    Column(
        "delivery",
        False,
        _("fixed, mobile, fixed_and_mobile, remote; empty when not stated."),
    ),
    Column(
        "operator",
        True,
        _(
            "The organisation that runs it: its slug (the end of its page's address), or the "
            "id of an organisation imported from the same source."
        ),
    ),
    Column(
        "programs",
        False,
        _lazy_with_separator(_("Slugs of its programs, separated by %(separator)s.")),
    ),
    Column("summary_fr", False, _("What people get there, in plain words, in French.")),
    Column("summary_en", False, _("The same in English.")),
    Column("description_fr", False, _("A longer description in French.")),
    Column("description_en", False, _("The same in English.")),
    Column("address", False, _("Street address, only where a source gives it.")),
    Column("postcode", False, _("Postcode.")),
    Column("city", False, _("City; empty when no city is named.")),
    Column(
        "department_code",
        True,
        _(
            "The département's INSEE code: 01…95, 2A, 2B, 971…976. Its name, region and "
            "territory are filled in from it. Required for a new place; left empty, an "
            "existing place keeps its own."
        ),
    ),
    Column("area_served_fr", False, _("For mobile units and hotlines: where they go (French).")),
    Column("area_served_en", False, _("The same in English.")),
    Column("latitude", False, _("Decimal degrees, with longitude, or neither.")),
    Column("longitude", False, _("Decimal degrees, with latitude, or neither.")),
    Column("phone", False, _("Phone number as people dial it.")),
    Column("email", False, _("E-mail address.")),
    Column("website", False, _("Website address, starting with https://.")),
    Column(
        "audiences",
        False,
        _lazy_with_separator(
            _("Slugs of the groups of people welcome, separated by %(separator)s.")
        ),
    ),
    Column("min_age", False, _("Minimum age in years; empty when not stated.")),
    Column("max_age", False, _("Maximum age in years; empty when not stated.")),
    _yes_no("free_of_charge", _("Free of charge")),
    _yes_no("no_residence_permit_needed", _("No residence permit needed")),
    _yes_no("no_health_coverage_needed", _("No health coverage needed")),
    _yes_no("appointment_needed", _("Appointment needed")),
    _yes_no("referral_needed", _("Referral needed")),
    _yes_no("call_first", _("Call before coming")),
    _yes_no("step_free_access", _("Step-free access")),
    Column(
        "acceslibre_url",
        False,
        _("The place's page on Acceslibre, starting with https://acceslibre.beta.gouv.fr/."),
    ),
    _yes_no("animals_accepted", _("Animals accepted")),
    Column("conditions_fr", False, _("Conditions in plain words, in French.")),
    Column("conditions_en", False, _("The same in English.")),
    Column(
        "services",
        False,
        _lazy_with_separator(_("Slugs of the services, separated by %(separator)s.")),
    ),
    Column(
        "languages",
        False,
        _lazy_with_separator(
            _("Codes of the languages spoken (fr, en, ar…), separated by %(separator)s.")
        ),
    ),
    Column(
        "opening_hours",
        False,
        _(
            "OpenStreetMap syntax: Mo-Fr 09:00-12:00,14:00-17:00; Sa 10:00-12:00. Empty: "
            "hours not known."
        ),
    ),
    _yes_no("open_on_public_holidays", _("Open on public holidays")),
]

ORGANIZATION_COLUMNS = [
    SOURCE,
    ID,
    STATUS,
    Column("name_fr", True, _("The organisation's name in use today, in French.")),
    Column("name_en", False, _("Its name in English.")),
    Column("acronym", False, _("Acronym, for example MdM.")),
    Column(
        "kind",
        True,
        _(
            "foundation, ngo, association, network, university, movement or other (or the "
            "kind's name as the admin shows it)."
        ),
    ),
    Column(
        "parent",
        False,
        _(
            "The parent organisation (for a regional antenna): its slug, or the id of an "
            "organisation of the same source in an earlier row or an earlier import."
        ),
    ),
    Column("legal_form_fr", False, _("Legal form, only where a source states it (French).")),
    Column("legal_form_en", False, _("The same in English.")),
    Column("website", False, _("Website address, starting with https://.")),
    Column(
        "registered_identifier",
        False,
        _("Its number in an official register, as on org-id.guide: FR-RNA-W751234567."),
    ),
    Column("summary_fr", False, _("A one-line summary in French.")),
    Column("summary_en", False, _("The same in English.")),
    Column("description_fr", False, _("A longer description in French.")),
    Column("description_en", False, _("The same in English.")),
]
