"""Build a large synthetic data set for the load test (`make bench`), with bulk inserts.

Every row is published, staff-sourced, fully filled in (hours, audiences, languages, services,
grants, key figures, events) and marked as synthetic by its slug prefix, so a re-run replaces
exactly what the previous run built. The same --seed gives the same data.
"""

import datetime
import random
import time
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from centers.models import (
    CARE_KINDS,
    Center,
    Delivery,
    Language,
    Notice,
    NoticeKind,
    OpeningHours,
    Service,
    Territory,
)
from core import page_cache
from core.dates import DatePrecision, normalise
from core.models import KeyFigure, KeyFigureUnit, Status, TriState
from core.qualifiers import Qualifier
from core.sources import SourceDocument
from history.models import Event, EventCategory, Reference, ReferenceKind
from partners.models import Organization, OrganizationKind, Relationship, RelationshipKind
from programs.models import Grant, Program, ProgramKind, TargetGroup, Theme

PREFIX = "bench-"
BATCH = 1000
ENTERED_ON = datetime.date(2024, 1, 15)

CITIES = [
    # city, postcode, département, code, region
    ("Paris", "75011", "Paris", "75", "Île-de-France"),
    ("Saint-Denis", "93200", "Seine-Saint-Denis", "93", "Île-de-France"),
    ("Lyon", "69003", "Rhône", "69", "Auvergne-Rhône-Alpes"),
    ("Marseille", "13003", "Bouches-du-Rhône", "13", "Provence-Alpes-Côte d'Azur"),
    ("Toulouse", "31000", "Haute-Garonne", "31", "Occitanie"),
    ("Montpellier", "34000", "Hérault", "34", "Occitanie"),
    ("Lille", "59000", "Nord", "59", "Hauts-de-France"),
    ("Roubaix", "59100", "Nord", "59", "Hauts-de-France"),
    ("Nantes", "44000", "Loire-Atlantique", "44", "Pays de la Loire"),
    ("Strasbourg", "67000", "Bas-Rhin", "67", "Grand Est"),
    ("Bordeaux", "33000", "Gironde", "33", "Nouvelle-Aquitaine"),
    ("Rouen", "76000", "Seine-Maritime", "76", "Normandie"),
    ("Dieppe", "76200", "Seine-Maritime", "76", "Normandie"),
    ("Grenoble", "38000", "Isère", "38", "Auvergne-Rhône-Alpes"),
    ("Rennes", "35000", "Ille-et-Vilaine", "35", "Bretagne"),
    ("Bourg-en-Bresse", "01000", "Ain", "01", "Auvergne-Rhône-Alpes"),
]
MAYOTTE_CITIES = [
    ("Koungou", "97690", "Mayotte", "976", "Mayotte"),
    ("Mamoudzou", "97600", "Mayotte", "976", "Mayotte"),
]
LANGUAGES = [
    ("fr", "français", "French"),
    ("en", "anglais", "English"),
    ("ar", "arabe", "Arabic"),
    ("es", "espagnol", "Spanish"),
    ("ro", "roumain", "Romanian"),
    ("ps", "pachto", "Pashto"),
    ("ti", "tigrigna", "Tigrinya"),
    ("sw", "swahili", "Swahili"),
    ("ru", "russe", "Russian"),
    ("uk", "ukrainien", "Ukrainian"),
]
KINDS = [kind for kind, _label in CARE_KINDS]
QUALIFIERS = [
    Qualifier.EXACT,
    Qualifier.ABOUT,
    Qualifier.ALMOST,
    Qualifier.UP_TO,
    Qualifier.MORE_THAN,
]
SUMMARY_FR = (
    "Consultations médicales et soins gratuits, accompagnement social, information et orientation "
    "pour les personnes en grande précarité, avec ou sans couverture maladie."
)
SUMMARY_EN = (
    "Free medical consultations and care, social support, information and guidance for people in "
    "great precarity, with or without health coverage."
)
TEXT_FR = (
    "L'équipe de bénévoles et de salariés accueille sans rendez-vous les personnes qui n'ont pas "
    "accès aux soins : consultations de médecine générale, soins infirmiers, dépistage, "
    "prévention, aide aux démarches pour ouvrir des droits à l'assurance maladie et orientation "
    "vers les structures de droit commun. Des interprètes professionnels sont sollicités au "
    "besoin. "
)
TEXT_EN = (
    "The team of volunteers and staff receives people with no access to care without an "
    "appointment: general medicine, nursing care, screening, prevention, help with the procedures "
    "to open health insurance rights and guidance towards mainstream services. Professional "
    "interpreters are called on where needed. "
)


def staff(**values):
    """What every synthetic content row shares: published, entered by staff."""
    return {
        "status": Status.PUBLISHED,
        "source_document": SourceDocument.STAFF,
        "source_entered_on": ENTERED_ON,
        "source_verification": "Synthetic data for the load test.",
        **values,
    }


def translated(name, fr, en):
    return {name: fr, f"{name}_fr": fr, f"{name}_en": en}


class Command(BaseCommand):
    help = (
        "Build a large, deterministic synthetic data set for the load test: published places, "
        "programs, organisations and events with every relation filled. Replaces what a previous "
        "run built (slugs starting with 'bench-'). Refuses a database whose name lacks 'bench' "
        "unless --force is given, since it writes fake public content."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--places", type=int, default=5000, help="Number of places (default 5000)."
        )
        parser.add_argument(
            "--programs", type=int, default=500, help="Number of programs (default 500)."
        )
        parser.add_argument(
            "--organizations", type=int, default=200, help="Number of organisations (default 200)."
        )
        parser.add_argument(
            "--events", type=int, default=2000, help="Number of events (default 2000)."
        )
        parser.add_argument("--seed", type=int, default=2014, help="Random seed (default 2014).")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Write even into a database whose name does not contain 'bench'.",
        )

    def handle(self, *args, **options):
        name = str(connection.settings_dict.get("NAME") or "")
        if "bench" not in name and not options["force"]:
            raise CommandError(
                f"The database {name!r} is not a benchmark database (its name lacks 'bench'): this "
                "command writes thousands of fake published records. Use --force if you mean it."
            )
        for option in ("places", "programs", "organizations", "events"):
            if options[option] < 1:
                raise CommandError(f"--{option} must be at least 1.")
        self.rng = random.Random(options["seed"])
        started = time.monotonic()
        # No page-cache bump per row (and bulk deletes stay bulk); one at the end.
        with page_cache.bulk_changes(), transaction.atomic():
            self.clear()
            self.reference_data()
            orgs = self.organizations(options["organizations"])
            programs = self.programs(options["programs"], orgs)
            places = self.places(options["places"], orgs, programs)
            events = self.events(options["events"], orgs)
        # Fresh planner statistics, as a database that has lived with its data would have.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        self.stdout.write(
            self.style.SUCCESS(
                f"Built {len(places)} places, {len(programs)} programs, "
                f"{len(orgs)} organisations and "
                f"{len(events)} events in {time.monotonic() - started:.1f}s."
            )
        )

    # -- steps ---------------------------------------------------------------------------

    def clear(self):
        """Remove what a previous run built, dependants first (organisations are protected)."""
        built = {
            model: model.objects.filter(slug__startswith=PREFIX)
            for model in (Organization, Program, Center, Event)
        }
        for model, rows in built.items():
            KeyFigure.objects.filter(
                content_type=ContentType.objects.get_for_model(model),
                object_id__in=rows.values("pk"),
            ).delete()
        for model in (Event, Reference, Center, Grant, Program):
            model.objects.filter(slug__startswith=PREFIX).delete()
        Relationship.objects.filter(source__slug__startswith=PREFIX).delete()
        built[Organization].update(parent=None)
        built[Organization].delete()
        for model in (Service, TargetGroup, Theme):
            model.objects.filter(slug__startswith=PREFIX).delete()

    def reference_data(self):
        self.metropole, _ = Territory.objects.get_or_create(
            slug="metropolitan-france",
            defaults={
                **translated("name", "France métropolitaine", "Metropolitan France"),
                "time_zone": "Europe/Paris",
                "overseas": False,
            },
        )
        self.mayotte, _ = Territory.objects.get_or_create(
            slug="mayotte",
            defaults={
                **translated("name", "Mayotte", "Mayotte"),
                "time_zone": "Indian/Mayotte",
                "overseas": True,
            },
        )
        self.languages = []
        for code, fr, en in LANGUAGES:
            language, _ = Language.objects.get_or_create(
                code=code, defaults=translated("name", fr, en)
            )
            self.languages.append(language)
        self.groups = TargetGroup.objects.bulk_create(
            [
                TargetGroup(
                    **staff(
                        slug=f"{PREFIX}group-{i}",
                        **translated("name", f"Public prioritaire {i}", f"Priority group {i}"),
                    )
                )
                for i in range(12)
            ]
        )
        self.themes = Theme.objects.bulk_create(
            [
                Theme(
                    **staff(
                        slug=f"{PREFIX}theme-{i}", **translated("name", f"Thème {i}", f"Theme {i}")
                    )
                )
                for i in range(8)
            ]
        )
        self.services = Service.objects.bulk_create(
            [
                Service(
                    **staff(
                        slug=f"{PREFIX}service-{i}",
                        **translated("name", f"Service de santé {i}", f"Health service {i}"),
                    )
                )
                for i in range(15)
            ]
        )

    def organizations(self, count):
        kinds = [k for k, _label in OrganizationKind.choices]
        orgs = Organization.objects.bulk_create(
            [
                Organization(
                    **staff(
                        slug=f"{PREFIX}org-{i}",
                        acronym=f"ORG{i}",
                        kind=OrganizationKind.FOUNDATION if i % 10 == 0 else kinds[i % len(kinds)],
                        founded_on=datetime.date(1950 + i % 70, 1, 1),
                        founded_precision=DatePrecision.YEAR,
                        **translated(
                            "name",
                            f"Association solidaire santé {i}",
                            f"Solidarity health association {i}",
                        ),
                        **translated("summary", SUMMARY_FR, SUMMARY_EN),
                        **translated("description", TEXT_FR * 2, TEXT_EN * 2),
                    )
                )
                for i in range(count)
            ],
            batch_size=BATCH,
        )
        # Regional antennas: every tenth organisation after the first ten has a parent.
        children = [o for i, o in enumerate(orgs) if i >= 10 and i % 10 == 5]
        for child in children:
            child.parent = orgs[self.rng.randrange(10)]
        Organization.objects.bulk_update(children, ["parent"], batch_size=BATCH)
        pairs, relationships = set(), []
        for i, source in enumerate(orgs):
            for _n in range(2):
                target = orgs[self.rng.randrange(len(orgs))]
                kind = RelationshipKind.FUNDS if i % 10 == 0 else RelationshipKind.PARTNERS_WITH
                if target.pk == source.pk or (source.pk, target.pk, kind) in pairs:
                    continue
                pairs.add((source.pk, target.pk, kind))
                relationships.append(
                    Relationship(
                        **staff(
                            source=source,
                            target=target,
                            kind=kind,
                            since=datetime.date(1990 + i % 30, 1, 1),
                            duration_years=Decimal(5 + i % 10),
                            duration_qualifier=Qualifier.ALMOST,
                        )
                    )
                )
        Relationship.objects.bulk_create(relationships, batch_size=BATCH)
        self.key_figures(orgs, per_object=1)
        self.stdout.write(f"  {len(orgs)} organisations, {len(relationships)} relationships")
        return orgs

    def programs(self, count, orgs):
        funders = [o for o in orgs if o.kind == OrganizationKind.FOUNDATION] or orgs[:1]
        programs = []
        for i in range(count):
            start = datetime.date(2005 + i % 15, 1, 1)
            programs.append(
                Program(
                    **staff(
                        slug=f"{PREFIX}program-{i}",
                        kind=[ProgramKind.FUNDED, ProgramKind.STANDING, ProgramKind.STUDY][i % 3],
                        lead_organization=orgs[i % len(orgs)],
                        starts_on=start,
                        ongoing=i % 4 == 0,
                        ends_on=None if i % 4 == 0 else start.replace(year=start.year + 3),
                        **translated(
                            "title",
                            f"Accès aux soins des personnes en précarité, programme {i}",
                            f"Access to care for people in precarity, program {i}",
                        ),
                        **translated("summary", SUMMARY_FR, SUMMARY_EN),
                        **translated("description", TEXT_FR * 3, TEXT_EN * 3),
                        **translated(
                            "area",
                            "Lyon, Toulouse, Montpellier et Paris",
                            "Lyon, Toulouse, Montpellier and Paris",
                        ),
                    )
                )
            )
        programs = Program.objects.bulk_create(programs, batch_size=BATCH)
        self.link(Program.partners.through, programs, "program", orgs, "organization", 2)
        self.link(Program.themes.through, programs, "program", self.themes, "theme", 2)
        self.link(Program.target_groups.through, programs, "program", self.groups, "targetgroup", 3)
        grants = []
        for i, program in enumerate(programs):
            for n in range(2):
                funder = funders[(i + n) % len(funders)]
                recipient = (
                    program.lead_organization if program.lead_organization_id != funder.pk else None
                )
                undisclosed = (i + n) % 7 == 0
                grants.append(
                    Grant(
                        **staff(
                            program=program,
                            slug=f"{PREFIX}grant-{i}-{n}",
                            funder=funder,
                            recipient=recipient,
                            amount=None
                            if undisclosed
                            else Decimal(10000 * (1 + self.rng.randrange(60))),
                            amount_qualifier=Qualifier.NOT_DISCLOSED
                            if undisclosed
                            else QUALIFIERS[(i + n) % len(QUALIFIERS)],
                            duration_months=12 * (1 + (i + n) % 3),
                            starts_on=program.starts_on,
                            **translated(
                                "purpose", "Soutien au fonctionnement.", "Operating support."
                            ),
                        )
                    )
                )
        Grant.objects.bulk_create(grants, batch_size=BATCH)
        self.key_figures(programs, per_object=3)
        self.stdout.write(f"  {len(programs)} programs, {len(grants)} grants")
        return programs

    def places(self, count, orgs, programs):
        centers = []
        for i in range(count):
            overseas = i % 25 == 0
            city, postcode, department, code, region = (
                MAYOTTE_CITIES[i % len(MAYOTTE_CITIES)] if overseas else CITIES[i % len(CITIES)]
            )
            tri = [TriState.YES, TriState.NOT_STATED, TriState.NO]
            centers.append(
                Center(
                    **staff(
                        slug=f"{PREFIX}place-{i}",
                        kind=KINDS[i % len(KINDS)],
                        delivery=[Delivery.FIXED, Delivery.MOBILE, Delivery.FIXED_AND_MOBILE][
                            i % 3
                        ],
                        operator=orgs[i % len(orgs)],
                        city=city,
                        postcode=postcode,
                        department=department,
                        department_code=code,
                        region=region,
                        territory=self.mayotte if overseas else self.metropole,
                        address=f"{1 + i % 200} rue de la Santé",
                        phone=f"01 {i % 100:02d} {(i // 100) % 100:02d} 00 00",
                        latitude=Decimal("45.76") + Decimal(i % 100) / 1000,
                        longitude=Decimal("4.83") + Decimal(i % 100) / 1000,
                        min_age=0 if i % 5 == 0 else None,
                        max_age=18 if i % 5 == 0 else None,
                        free_of_charge=tri[i % 3],
                        no_residence_permit_needed=tri[(i + 1) % 3],
                        no_health_coverage_needed=tri[(i + 2) % 3],
                        appointment_needed=tri[i % 3],
                        referral_needed=TriState.NOT_STATED,
                        **translated(
                            "name",
                            f"Centre de soins solidaire {i} – {city}",
                            f"Solidarity care centre {i} – {city}",
                        ),
                        **translated("summary", SUMMARY_FR, SUMMARY_EN),
                        **translated("description", TEXT_FR * 2, TEXT_EN * 2),
                        **translated(
                            "conditions",
                            "Gratuit, sans condition de papiers.",
                            "Free, no papers needed.",
                        ),
                        **translated("area_served", "", ""),
                    )
                )
            )
        centers = Center.objects.bulk_create(centers, batch_size=BATCH)
        self.link(Center.programs.through, centers, "center", programs, "program", 1)
        self.link(Center.audiences.through, centers, "center", self.groups, "targetgroup", 3)
        self.link(Center.services.through, centers, "center", self.services, "service", 4)
        self.link(Center.languages.through, centers, "center", self.languages, "language", 3)
        hours = []
        for center in centers:
            for weekday in range(5):
                hours.append(
                    OpeningHours(
                        center=center,
                        weekday=weekday,
                        opens=datetime.time(9, 0),
                        closes=datetime.time(12, 30),
                    )
                )
                hours.append(
                    OpeningHours(
                        center=center,
                        weekday=weekday,
                        opens=datetime.time(14, 0),
                        closes=datetime.time(18, 0),
                    )
                )
        OpeningHours.objects.bulk_create(hours, batch_size=BATCH * 5)
        notices = [
            Notice(
                center=center,
                kind=NoticeKind.MESSAGE,
                starts_on=ENTERED_ON,
                **translated("message", "Fermeture exceptionnelle le 1er mai.", "Closed on 1 May."),
            )
            for i, center in enumerate(centers)
            if i % 10 == 0
        ]
        Notice.objects.bulk_create(notices, batch_size=BATCH)
        self.key_figures(centers, per_object=1)
        self.stdout.write(
            f"  {len(centers)} places, {len(hours)} opening hours, {len(notices)} notices"
        )
        return centers

    def events(self, count, orgs):
        references = Reference.objects.bulk_create(
            [
                Reference(
                    **staff(
                        slug=f"{PREFIX}reference-{i}",
                        kind=ReferenceKind.LAW,
                        dated=datetime.date(1970 + i, 7, 21),
                        dated_precision=DatePrecision.DAY,
                        **translated(
                            "title", f"Loi relative à la santé n° {i}", f"Health law no. {i}"
                        ),
                        **translated("short_title", f"loi {i}", f"law {i}"),
                    )
                )
                for i in range(20)
            ]
        )
        precisions = [
            DatePrecision.DAY,
            DatePrecision.MONTH,
            DatePrecision.YEAR,
            DatePrecision.DECADE,
        ]
        categories = [c for c, _label in EventCategory.choices]
        events = []
        for i in range(count):
            precision = precisions[i % len(precisions)]
            start = normalise(datetime.date(1960 + i % 60, 1 + i % 12, 1 + i % 28), precision)
            ongoing = precision == DatePrecision.YEAR and i % 8 == 2
            events.append(
                Event(
                    **staff(
                        slug=f"{PREFIX}event-{i}",
                        organization=orgs[i % len(orgs)],
                        category=categories[i % len(categories)],
                        starts_on=start,
                        starts_precision=precision,
                        ongoing=ongoing,
                        position=i % 3,
                        **translated(
                            "title",
                            f"Création d'un nouveau réseau de santé {i}",
                            f"A new health network is created {i}",
                        ),
                        **translated("text", TEXT_FR, TEXT_EN),
                    )
                )
            )
        events = Event.objects.bulk_create(events, batch_size=BATCH)
        self.link(Event.related_organizations.through, events, "event", orgs, "organization", 1)
        self.link(Event.references.through, events[::5], "event", references, "reference", 1)
        self.stdout.write(f"  {len(events)} events, {len(references)} laws and publications")
        return events

    # -- helpers -------------------------------------------------------------------------

    def link(self, through, objects, left, targets, right, per_object):
        """Fill a many-to-many table: each object gets `per_object` distinct targets."""
        rows = []
        for obj in objects:
            for target in self.rng.sample(targets, min(per_object, len(targets))):
                rows.append(through(**{f"{left}_id": obj.pk, f"{right}_id": target.pk}))
        through.objects.bulk_create(rows, batch_size=BATCH * 5, ignore_conflicts=True)

    def key_figures(self, objects, per_object):
        if not objects:
            return
        content_type = ContentType.objects.get_for_model(objects[0])
        figures = []
        for i, obj in enumerate(objects):
            for n in range(per_object):
                figures.append(
                    KeyFigure(
                        **staff(
                            content_type=content_type,
                            object_id=obj.pk,
                            value=Decimal(100 * (1 + (i + n) % 90)),
                            qualifier=QUALIFIERS[(i + n) % len(QUALIFIERS)],
                            unit=KeyFigureUnit.NUMBER if n % 2 == 0 else KeyFigureUnit.PERCENT,
                            position=n,
                            **translated(
                                "label",
                                f"consultations médicales {n}",
                                f"medical consultations {n}",
                            ),
                            **translated("period", "par an", "a year"),
                            **translated("scope", "", ""),
                        )
                    )
                )
        KeyFigure.objects.bulk_create(figures, batch_size=BATCH)
