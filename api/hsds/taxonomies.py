"""The three taxonomies the HSDS API classifies services by, and their terms.

Kinds of places are choices in code (`CenterKind`), so their ids are derived from a fixed
namespace and the kind's code: the same on every install, as long as the code stays. Groups of
people and services are records with a stored UUID of their own.
"""

from dataclasses import dataclass
from uuid import UUID, uuid5

from django.utils.text import capfirst
from django.utils.translation import gettext as _

from centers.models import CARE_KINDS, Service
from programs.models import TargetGroup

# Never change it: every id derived from it would change.
NAMESPACE = UUID("6f0c1a52-0d2e-4c39-9d0f-5b4c1f3e8a71")


def derived_id(*parts):
    """A stable UUID for an entity with no row of its own (a place's phone, a kind)."""
    return uuid5(NAMESPACE, ":".join(str(part) for part in parts))


KINDS, AUDIENCES, SERVICES = "kinds", "audiences", "services"
TAXONOMY_IDS = {code: derived_id("taxonomy", code) for code in (KINDS, AUDIENCES, SERVICES)}
KIND_TERM_IDS = {value: derived_id("kind", value) for value, _label in CARE_KINDS}


def taxonomy_names():
    return {
        KINDS: (_("Kinds of care places"), _("What kind of place a service is given at.")),
        AUDIENCES: (
            _("Who is welcome"),
            _("The groups of people a place says it welcomes."),
        ),
        SERVICES: (_("Services"), _("What people can get at a place.")),
    }


def taxonomies():
    """The three taxonomies, as HSDS taxonomy objects, in the active language."""
    return [
        {"id": str(TAXONOMY_IDS[code]), "name": name, "description": description}
        for code, (name, description) in taxonomy_names().items()
    ]


@dataclass
class Term:
    id: UUID
    code: str
    name: str
    description: str
    taxonomy: str

    def as_hsds(self, language):
        return {
            "id": str(self.id),
            "code": self.code,
            "name": self.name,
            "description": self.description,
            "taxonomy_id": str(TAXONOMY_IDS[self.taxonomy]),
            "language": language,
        }


def kind_term(value):
    label = dict(CARE_KINDS)[value]
    return Term(KIND_TERM_IDS[value], value, capfirst(str(label)), "", KINDS)


def group_term(group):
    return Term(group.uuid, group.slug, group.name, group.description, AUDIENCES)


def service_term(service):
    return Term(service.uuid, service.slug, service.name, service.description, SERVICES)


def all_terms():
    """Every public term of the three taxonomies (a few dozen: reference lists)."""
    return [
        *(kind_term(value) for value, _label in CARE_KINDS),
        *(group_term(g) for g in TargetGroup.objects.public().order_by("slug")),
        *(service_term(s) for s in Service.objects.public().order_by("slug")),
    ]
