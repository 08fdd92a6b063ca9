"""Load the seed content: create what is missing, update what nobody changed, keep staff edits.

Every seeded record carries a stable `seed_key` and a snapshot of the values the loader
wrote. On a re-run, a record whose current values still equal its snapshot is brought up to
date; one that differs was edited by staff and is left alone (and reported).

Each record a run creates or changes gets a version (core.versions), so that it can be
recovered from the admin once deleted; a run that changes nothing adds none.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext

from centers.models import Center, Service, Territory
from centers.public_holidays import build_public_holidays, default_years
from core.models import KeyFigure, Status
from core.sources import passage_is_verbatim
from core.versions import save_version
from history.models import Event, Reference
from partners.models import Organization, OrganizationName, Relationship
from programs.models import Grant, Program, TargetGroup, Theme

from . import seed_content as content
from .seed_translations import LANGUAGES as TRANSLATED_LANGUAGES
from .seed_translations import translation

LANGS = ("fr", "en")


@dataclass
class SeedReport:
    created: list = field(default_factory=list)
    updated: list = field(default_factory=list)
    unchanged: list = field(default_factory=list)
    kept: list = field(default_factory=list)


def _plain(value):
    """A JSON-comparable form of a field value."""
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


class SeedLoader:
    def __init__(self):
        self.report = SeedReport()
        self.objects = {}
        self.written = []  # the records this run created or changed, in order

    # -- helpers -----------------------------------------------------------------------
    def ref(self, key):
        return self.objects[key] if key else None

    @staticmethod
    def _expand(values, key):
        """(fr, en) pairs become name_fr / name_en, and the record's translations in the other
        languages (network.seed_translations) name_ar, name_fa… A field with no translation is
        left as it is (empty, or a translation staff wrote)."""
        out = {}
        for name, value in values.items():
            if isinstance(value, tuple):
                for lang, text in zip(LANGS, value, strict=True):
                    out[f"{name}_{lang}"] = text
                for lang in TRANSLATED_LANGUAGES:
                    text = translation(lang, key, name)
                    if text is not None:
                        out[f"{name}_{lang}"] = text
            else:
                out[name] = value
        return out

    @staticmethod
    def _current(obj, names, m2m_names):
        snap = {}
        for name in names:
            f = obj._meta.get_field(name) if name in {f.name for f in obj._meta.fields} else None
            snap[name] = (
                getattr(obj, f.attname)
                if f is not None and f.is_relation
                else _plain(getattr(obj, name))
            )
        for name in m2m_names:
            snap[f"m2m:{name}"] = sorted(getattr(obj, name).values_list("pk", flat=True))
        return snap

    def upsert(self, model, spec, values, m2m=None):
        """Create, update or keep one seeded record. Return the instance."""
        key, cite = spec["key"], spec["cite"]
        if not passage_is_verbatim(cite["source_document"], cite["source_passage"]):
            raise ValidationError(
                f"{key}: the quoted passage is not verbatim in {cite['source_document']}"
            )
        values = self._expand(values, key) | dict(cite) | {"status": Status.PUBLISHED}
        m2m = {name: sorted(o.pk for o in objs) for name, objs in (m2m or {}).items()}
        wanted = {name: _plain(v) for name, v in values.items()} | {
            f"m2m:{n}": pks for n, pks in m2m.items()
        }
        label = f"{model._meta.verbose_name}: {key}"

        obj = model.objects.filter(seed_key=key).first()
        if obj is None:
            obj = model(seed_key=key, **values)
            obj.full_clean(validate_unique=True)
            obj.seed_snapshot = wanted
            obj.save()
            for name, pks in m2m.items():
                getattr(obj, name).set(pks)
            self.report.created.append(label)
            self.written.append(obj)
        else:
            current = self._current(obj, values.keys(), m2m.keys())
            snapshot = obj.seed_snapshot or {}
            edited = any(snapshot.get(k) != v for k, v in current.items() if k in snapshot)
            if edited:
                self.report.kept.append(f"{label} ({obj})")
            elif current == wanted and snapshot == wanted:
                self.report.unchanged.append(label)
            else:
                for name, value in values.items():
                    setattr(obj, name, value)
                obj.full_clean(validate_unique=True)
                obj.seed_snapshot = wanted
                obj.save()
                for name, pks in m2m.items():
                    getattr(obj, name).set(pks)
                self.report.updated.append(label)
                self.written.append(obj)
        self.objects[key] = obj
        return obj

    @staticmethod
    def _pick(spec, *names):
        return {n: spec[n] for n in names if n in spec}

    # -- the content ---------------------------------------------------------------------
    @transaction.atomic
    def load(self):
        for spec in content.TERRITORIES:
            territory, _ = Territory.objects.update_or_create(
                slug=spec["slug"],
                defaults=self._expand({k: v for k, v in spec.items() if k != "slug"}, spec["slug"]),
            )
            self.objects[spec["slug"]] = territory

        for spec in content.ORGANIZATIONS:
            values = self._pick(
                spec,
                "slug",
                "name",
                "acronym",
                "kind",
                "legal_form",
                "summary",
                "description",
                "founded_on",
                "founded_precision",
            )
            values["parent"] = self.ref(spec.get("parent"))
            self.upsert(Organization, spec, values)

        for spec in content.FORMER_NAMES:
            values = self._pick(spec, "name", "acronym", "used_from", "used_from_precision")
            values["organization"] = self.ref(spec["organization"])
            self.upsert(OrganizationName, spec, values)

        for spec in content.RELATIONSHIPS:
            values = self._pick(
                spec,
                "kind",
                "description",
                "since",
                "since_precision",
                "duration_years",
                "duration_qualifier",
            )
            values["source"] = self.ref(spec["source"])
            values["target"] = self.ref(spec["target"])
            self.upsert(Relationship, spec, values)

        for model, specs in (
            (Theme, content.THEMES),
            (TargetGroup, content.TARGET_GROUPS),
            (Service, content.SERVICES),
        ):
            for spec in specs:
                self.upsert(model, spec, self._pick(spec, "slug", "name"))

        for spec in content.PROGRAMS:
            values = self._pick(
                spec,
                "slug",
                "title",
                "kind",
                "summary",
                "description",
                "area",
                "starts_on",
                "ongoing",
            )
            values["lead_organization"] = self.ref(spec.get("lead_organization"))
            m2m = {
                "partners": [self.ref(k) for k in spec.get("partners", [])],
                "themes": [self.ref(k) for k in spec.get("themes", [])],
                "target_groups": [self.ref(k) for k in spec.get("target_groups", [])],
            }
            self.upsert(Program, spec, values, m2m)

        for spec in content.GRANTS:
            values = self._pick(
                spec,
                "slug",
                "amount",
                "amount_qualifier",
                "duration_months",
                "purpose",
                "starts_on",
                "ongoing",
            )
            values |= {
                "program": self.ref(spec["program"]),
                "funder": self.ref(spec["funder"]),
                "recipient": self.ref(spec.get("recipient")),
            }
            self.upsert(Grant, spec, values)

        for spec in content.CENTERS:
            values = self._pick(
                spec,
                "slug",
                "name",
                "kind",
                "delivery",
                "summary",
                "conditions",
                "city",
                "department",
                "department_code",
                "region",
                "area_served",
                "min_age",
                "max_age",
                "free_of_charge",
            )
            values["operator"] = self.ref(spec["operator"])
            values["territory"] = self.ref(spec["territory"])
            m2m = {
                "programs": [self.ref(k) for k in spec.get("programs", [])],
                "audiences": [self.ref(k) for k in spec.get("audiences", [])],
                "services": [self.ref(k) for k in spec.get("services", [])],
            }
            self.upsert(Center, spec, values, m2m)

        for spec in content.REFERENCES:
            values = self._pick(
                spec, "slug", "kind", "title", "short_title", "dated", "dated_precision"
            )
            m2m = {"organizations": [self.ref(k) for k in spec.get("organizations", [])]}
            self.upsert(Reference, spec, values, m2m)

        for spec in content.EVENTS:
            values = self._pick(
                spec,
                "slug",
                "title",
                "text",
                "category",
                "starts_on",
                "starts_precision",
                "ongoing",
                "planned",
                "position",
            )
            values["organization"] = self.ref(spec["organization"])
            m2m = {
                "related_organizations": [
                    self.ref(k) for k in spec.get("related_organizations", [])
                ],
                "references": [self.ref(k) for k in spec.get("references", [])],
            }
            self.upsert(Event, spec, values, m2m)

        for spec in content.KEY_FIGURES:
            _kind, subject_key = spec["subject"]
            subject = self.ref(subject_key)
            values = self._pick(
                spec, "value", "qualifier", "unit", "label", "period", "scope", "position"
            )
            values["content_type"] = ContentType.objects.get_for_model(subject)
            values["object_id"] = subject.pk
            self.upsert(KeyFigure, spec, values)

        # Once every record is in place, so that a version holds the rows that follow it.
        for obj in self.written:
            save_version(obj, gettext("Loaded from the source documents."))
        # Reference data "open now" reads: the public holidays of each département, this year
        # and the next two (the cron line of build_public_holidays keeps them coming: README).
        build_public_holidays(default_years())
        return self.report


def seed_records():
    """Every seeded record's spec with its key (a territory's slug): (key, spec) pairs."""
    for spec in content.TERRITORIES:
        yield spec["slug"], spec
    for specs in (
        content.ORGANIZATIONS,
        content.FORMER_NAMES,
        content.RELATIONSHIPS,
        content.THEMES,
        content.TARGET_GROUPS,
        content.SERVICES,
        content.PROGRAMS,
        content.GRANTS,
        content.CENTERS,
        content.REFERENCES,
        content.EVENTS,
        content.KEY_FIGURES,
    ):
        for spec in specs:
            yield spec["key"], spec


def seed_network():
    return SeedLoader().load()
