"""Build a large synthetic data set for the load test (`make bench`), with bulk inserts.

The defaults are a national directory: 50,000 places, 2,000 programs, 10,000 grants, 1,000
organisations, 5,000 events (`scripts/bench.sh` also has a quick size). Every row is published,
staff-sourced, fully filled in and marked as synthetic by its slug prefix, so a re-run replaces
exactly what the previous run built. The same --seed gives the same data, apart from the notices'
dates, which are set around the day of the build so that "current" closures are current.

What makes it fast: bulk_create for the records, their instances made without modeltranslation's
per-instance work (Command.new), COPY for the many-to-many links and the hours (plain tuples, no
model instance per row), and, on PostgreSQL with a superuser, the per-row triggers switched off for
the build's transaction (session_replication_role = replica: the search documents' triggers, the
places' "hours known" flag and the foreign keys' checks), the secondary indexes of the tables it
fills dropped and built again once at the end, and the search documents written in one set-based
pass (network.search.rebuild_documents(), which computes each distinct text's vector once) before
the indexes are. The rows are generated consistent (each place goes in with its "hours known" flag
set as the triggers would have), and the tests check their relations. Without a superuser the
triggers and indexes stay and keep the documents and the flag themselves. It ends with VACUUM
(ANALYZE) (Command.settle()).

Every record built gets an initial version afterwards (core.versions.create_initial_versions,
in batches), so that a deleted one can be recovered from the admin like any other; a re-run
first forgets the versions of the rows it replaces.
"""

import datetime
import inspect
import queue
import random
import threading
import time
import uuid
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import get_language
from modeltranslation.fields import TranslationField
from modeltranslation.manager import rewrite_lookup_key
from modeltranslation.thread_context import auto_populate_mode

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
    week_hours,
)
from core import page_cache
from core.dates import DatePrecision, normalise
from core.models import KeyFigure, KeyFigureUnit, Status, TriState
from core.qualifiers import Qualifier
from core.sources import SourceDocument
from core.versions import create_initial_versions, forget_versions
from history.models import Event, EventCategory, Reference, ReferenceKind
from network.models import SearchDocument
from network.search import rebuild_documents
from partners.models import (
    Organization,
    OrganizationKind,
    OrganizationName,
    Relationship,
    RelationshipKind,
)
from programs.models import Grant, Program, ProgramKind, TargetGroup, Theme

PREFIX = "bench-"
NAMED = (Service, TargetGroup, Theme)  # removed last: the records above point to them
# The tables the build fills by the thousand (with their many-to-many tables): their secondary
# indexes are built once at the end (Command.drop_indexes).
FILLED = (
    Organization,
    OrganizationName,
    Relationship,
    Program,
    Grant,
    Center,
    OpeningHours,
    Notice,
    KeyFigure,
    Event,
    Reference,
    SearchDocument,
)
BATCH = 2000
ENTERED_ON = datetime.date(2024, 1, 15)

# The sizes `make bench` builds (scripts/bench.sh, BENCH_SIZE=national); the quick size is there.
NATIONAL = {
    "places": 50_000,
    "programs": 2_000,
    "grants": 10_000,
    "organizations": 1_000,
    "events": 5_000,
}

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
REGIONS = sorted({region for *_city, region in CITIES} | {"Bourgogne-Franche-Comté", "Corse"})
# A national directory reaches far beyond the big cities: one place in three is in one of these
# towns, spread over every metropolitan département, so the cities and départements a filter
# could list grow with the data.
TOWNS = 1200
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


def t(hour, minute=0):
    return datetime.time(hour, minute)


WEEK, WEEKDAYS, EVERY_DAY = range(7), range(5), range(7)
# Opening hours, as (weekdays, opens, closes) windows, with each pattern's weight. A closing time
# before the opening time runs past midnight (night shelters, evening street teams; Sunday's
# night runs into Monday).
HOURS_PATTERNS = [
    (45, [(WEEKDAYS, t(9), t(12, 30)), (WEEKDAYS, t(14), t(18))]),
    (15, [(WEEKDAYS, t(8, 30), t(17)), ([5], t(9), t(12))]),
    (8, [(EVERY_DAY, t(8), t(20))]),
    (7, [(EVERY_DAY, t(19), t(8))]),
    (5, [([0, 2, 4, 6], t(20), t(1)), ([5], t(10), t(13))]),
    (6, [([1, 3], t(14), t(17))]),
    (5, [(WEEKDAYS, t(7, 30), t(11, 30)), ([2], t(17), t(21))]),
    (9, []),  # hours not known
]
# Notices, dated around the day of the build: kind, first day and last day (from today; None:
# until further notice), the message in French and in English.
NOTICES = [
    (NoticeKind.CLOSURE, -3, 10, "Fermeture pour travaux.", "Closed for works."),
    (NoticeKind.CLOSURE, -30, None, "Fermé jusqu'à nouvel ordre.", "Closed until further notice."),
    (NoticeKind.CLOSURE, -60, -40, "Fermeture estivale.", "Summer closure."),
    (NoticeKind.CLOSURE, 20, 27, "Fermeture la semaine prochaine.", "Closed next week."),
    (NoticeKind.CHANGED_HOURS, -5, 25, "Horaires réduits ce mois-ci.", "Shorter hours."),
    (NoticeKind.MESSAGE, -100, None, "Venir avec une pièce d'identité.", "Bring an ID."),
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


def town(n):
    """The n-th synthetic town: a name, a postcode, its département and region."""
    code = f"{1 + n % 95:02d}"
    if code == "20":  # Corsica's départements are 2A and 2B
        code = "2A"
    return (
        f"Villeneuve-sur-Santé {n}",
        f"{code.replace('A', '0')}{100 + n % 900:03d}",
        f"Département {code}",
        code,
        REGIONS[n % len(REGIONS)],
    )


class Maker:
    """Makes a model's instances for Command.new()."""

    def __init__(self, model):
        self.model = model
        self.blanks = {
            field.attname: field.get_default()
            for field in model._meta.concrete_fields
            if isinstance(field, TranslationField)
            and not (field.has_default() and callable(field.default))
        }
        self.keys = {}
        closure = inspect.getclosurevars(model.__init__).nonlocals
        self.init = closure.get("old_init")
        if auto_populate_mode() or closure.get("model") is not model:
            self.init = None

    def __call__(self, values):
        kwargs = {**self.blanks, **values}
        if self.init is None:
            return self.model(**kwargs)
        language = get_language()
        for key, value in list(kwargs.items()):
            rewritten = self.keys.get((key, language))
            if rewritten is None:
                rewritten = self.keys[key, language] = rewrite_lookup_key(self.model, key)
            kwargs.setdefault(rewritten, value)
        instance = self.model.__new__(self.model)
        instance._mt_init = True  # as modeltranslation's constructor; a post_init handler drops it
        self.init(instance, **kwargs)
        return instance


class Command(BaseCommand):
    help = (
        "Build a large, deterministic synthetic data set for the load test: published places "
        "(with hours, notices, languages, audiences, services, programs), programs, grants, "
        "organisations and events with every relation filled, by bulk inserts. Replaces what a "
        "previous run built (slugs starting with 'bench-'). Refuses a database whose name lacks "
        "'bench' unless --force is given, since it writes fake public content."
    )

    def add_arguments(self, parser):
        for option, label in (
            ("places", "places"),
            ("programs", "programs"),
            ("grants", "grants"),
            ("organizations", "organisations"),
            ("events", "events"),
        ):
            parser.add_argument(
                f"--{option}",
                type=int,
                default=NATIONAL[option],
                help=f"Number of {label} (default {NATIONAL[option]}).",
            )
        parser.add_argument("--seed", type=int, default=2014, help="Random seed (default 2014).")
        parser.add_argument(
            "--keep-triggers",
            action="store_true",
            help="Leave the per-row triggers on (slower): the search documents are then written "
            "row by row as the rows go in.",
        )
        parser.add_argument(
            "--no-versions",
            action="store_true",
            help="Skip the initial versions (core.versions.create_initial_versions): make bench "
            "measures public pages, which read no version, and at 50,000 places they take longer "
            "than the rest of the build.",
        )
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
        for option in NATIONAL:
            if options[option] < 1:
                raise CommandError(f"--{option} must be at least 1.")
        if options["organizations"] < 2:
            raise CommandError("--organizations must be at least 2 (a funder and a recipient).")
        self.rng = random.Random(options["seed"])
        self.verbosity = options["verbosity"]
        self.makers = {}
        self.today = timezone.localdate()
        self.started = self.lap = time.monotonic()
        # No page-cache bump per row (and bulk deletes stay bulk); one at the end.
        in_callers_transaction = connection.in_atomic_block
        with page_cache.bulk_changes(), transaction.atomic():
            if connection.vendor == "postgresql":
                # Checks deferred by an enclosing transaction (the tests') made now: a table
                # with pending trigger events cannot have its indexes dropped (drop_indexes).
                connection.check_constraints()
            triggers_off = not options["keep_triggers"] and self.switch_triggers_off()
            self.clear()
            # Triggers off, the secondary indexes of the tables filled go too, and are built
            # again once at the end (with the triggers on, the hours' trigger needs its index).
            indexes = self.drop_indexes() if triggers_off else []
            self.reference_data()
            orgs = self.organizations(options["organizations"])
            programs = self.programs(options["programs"], orgs)
            grants = self.grants(options["grants"], programs, orgs)
            places = self.places(options["places"], orgs, programs)
            events = self.events(options["events"], orgs)
            if triggers_off:
                self.switch_triggers_on()
                documents = rebuild_documents()
                self.step(f"{documents} search documents written in one pass")
            if in_callers_transaction:
                # Inside a transaction of the caller's (the tests), the indexes go back in it.
                self.create_indexes(indexes)
                indexes = []
        # Committed: built by two connections at once (both cores), which cannot see the rows
        # before the commit. Until they are built, the tables lack them; a failed build leaves
        # the data without some (a re-run builds everything again).
        self.create_indexes(indexes, connections=2)
        if not options["no_versions"]:
            # In batches of their own transactions, once the rows are there.
            versioned = create_initial_versions("Initial version (benchmark data).")
            self.step(f"{versioned} records given an initial version")
        self.settle()
        self.stdout.write(
            self.style.SUCCESS(
                f"Built {len(places)} places, {len(programs)} programs, {len(grants)} grants, "
                f"{len(orgs)} organisations and {len(events)} events "
                f"in {time.monotonic() - self.started:.1f}s."
            )
        )

    def settle(self):
        """Fresh planner statistics and visibility map, as a database that has lived with its
        data would have them from autovacuum (which may be off, and would otherwise run during
        the measurements): VACUUM (ANALYZE), so that the covering indexes give index-only
        scans. Inside a transaction (the tests) VACUUM cannot run: ANALYZE only."""
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql" and not connection.in_atomic_block:
                cursor.execute("VACUUM (ANALYZE)")
                self.step("visibility map and planner statistics (VACUUM ANALYZE)")
            else:
                cursor.execute("ANALYZE")
                self.step("planner statistics (ANALYZE)")

    def step(self, message):
        now = time.monotonic()
        self.stdout.write(f"  {message} ({now - self.lap:.1f}s)")
        self.lap = now

    # -- triggers ------------------------------------------------------------------------

    def switch_triggers_off(self):
        """Per-row triggers off for this transaction, when the database lets us (PostgreSQL,
        superuser); say whether they are."""
        if connection.vendor != "postgresql":
            return False
        with connection.cursor() as cursor:
            cursor.execute("SELECT current_setting('is_superuser') = 'on'")
            if not cursor.fetchone()[0]:
                self.stdout.write("  not a superuser: the triggers stay on (slower)")
                return False
            cursor.execute("SET LOCAL session_replication_role = replica")
        return True

    def switch_triggers_on(self):
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL session_replication_role = origin")

    # -- indexes -------------------------------------------------------------------------

    def drop_indexes(self):
        """Drop the secondary indexes of the tables the build fills (in its transaction), and
        return their definitions for create_indexes().

        Keeping them while hundreds of thousands of rows go in costs an index insertion per
        row and index (the GIN ones most: the search documents', the places' trigram index);
        building each once over the finished table is a single sort. Kept: the indexes behind a
        constraint (primary keys, unique constraints, those a foreign key points to). A
        partitioned table's are those of its partitions (the search documents', one partition
        per language: network migration 0006)."""
        tables = [model._meta.db_table for model in FILLED] + [
            field.remote_field.through._meta.db_table
            for model in FILLED
            for field in model._meta.local_many_to_many
        ]
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) "
                "FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid "
                "JOIN pg_namespace n ON n.oid = t.relnamespace "
                "WHERE (t.relname = ANY(%s) OR EXISTS (SELECT 1 FROM pg_inherits h "
                "JOIN pg_class p ON p.oid = h.inhparent "
                "WHERE h.inhrelid = t.oid AND p.relname = ANY(%s))) "
                "AND n.nspname = current_schema() "
                "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid) "
                "ORDER BY 1",
                [sorted(set(tables))] * 2,
            )
            indexes = cursor.fetchall()
            for name, _definition in indexes:
                cursor.execute(f"DROP INDEX {name}")
        return [definition for _name, definition in indexes]

    def create_indexes(self, definitions, connections=1):
        """Build the indexes drop_indexes() dropped: in this connection's transaction, or, the
        rows committed, by `connections` connections at once, each taking the next index left."""
        if not definitions:
            return
        timed, failed = [], []
        left = queue.SimpleQueue()
        for definition in definitions:
            left.put(definition)

        def build(set_memory):
            try:
                with connection.cursor() as cursor:
                    # Each GIN and B-tree index is built in memory, sorted once.
                    cursor.execute(f"{set_memory} maintenance_work_mem = '256MB'")
                    while True:
                        try:
                            definition = left.get_nowait()
                        except queue.Empty:
                            return
                        began = time.monotonic()
                        cursor.execute(definition)
                        timed.append((time.monotonic() - began, definition))
            except Exception as error:  # noqa: BLE001 - raised again below, in this thread
                failed.append(error)

        if connections == 1 or connection.in_atomic_block:
            build("SET LOCAL")
        else:
            threads = [
                threading.Thread(target=self.in_own_connection, args=(build, "SET"))
                for _n in range(connections)
            ]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
        if failed:
            raise failed[0]
        self.step(f"{len(definitions)} indexes built again")
        if self.verbosity > 1:
            for seconds, definition in sorted(timed, reverse=True)[:12]:
                self.stdout.write(f"    {seconds:.1f}s {definition}")

    @staticmethod
    def in_own_connection(function, *args):
        """Run a function in a thread of its own, with the connection Django gives that thread,
        closed at the end."""
        try:
            function(*args)
        finally:
            connection.close()

    # -- steps ---------------------------------------------------------------------------

    def clear(self):
        """Remove what a previous run built, dependants first (organisations are protected)."""
        built = {
            model: model.objects.filter(slug__startswith=PREFIX)
            for model in (Organization, Program, Center, Event)
        }
        if not any(rows.exists() for rows in built.values()):
            return
        # Their versions first: recovering thrown-away synthetic rows makes no sense.
        for model, rows in built.items():
            forget_versions(
                KeyFigure.objects.filter(
                    content_type=ContentType.objects.get_for_model(model),
                    object_id__in=rows.values("pk"),
                )
            )
        for model in (Organization, Program, Center, Event, Reference, Grant, *NAMED):
            forget_versions(model.objects.filter(slug__startswith=PREFIX))
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
        for model in NAMED:
            model.objects.filter(slug__startswith=PREFIX).delete()
        self.step("the previous run's rows removed")

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
                self.new(
                    Organization,
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
                    ),
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
        former_names = OrganizationName.objects.bulk_create(
            [
                self.new(
                    OrganizationName,
                    **staff(
                        organization=org,
                        acronym=f"OLD{i}",
                        used_from=datetime.date(1950 + i % 40, 1, 1),
                        used_until=datetime.date(1990 + i % 30, 1, 1),
                        **translated(
                            "name", f"Ancien comité de santé {i}", f"Former health committee {i}"
                        ),
                    ),
                )
                for i, org in enumerate(orgs)
                if i % 4 == 1
            ],
            batch_size=BATCH,
        )
        pairs, relationships = set(), []
        for i, source in enumerate(orgs):
            for _n in range(2):
                target = orgs[self.rng.randrange(len(orgs))]
                kind = RelationshipKind.FUNDS if i % 10 == 0 else RelationshipKind.PARTNERS_WITH
                if target.pk == source.pk or (source.pk, target.pk, kind) in pairs:
                    continue
                pairs.add((source.pk, target.pk, kind))
                relationships.append(
                    self.new(
                        Relationship,
                        **staff(
                            source=source,
                            target=target,
                            kind=kind,
                            since=datetime.date(1990 + i % 30, 1, 1),
                            duration_years=Decimal(5 + i % 10),
                            duration_qualifier=Qualifier.ALMOST,
                        ),
                    )
                )
        Relationship.objects.bulk_create(relationships, batch_size=BATCH)
        self.key_figures(orgs, per_object=1)
        self.step(
            f"{len(orgs)} organisations, {len(former_names)} former names, "
            f"{len(relationships)} relationships"
        )
        return orgs

    def programs(self, count, orgs):
        programs = []
        for i in range(count):
            start = datetime.date(2005 + i % 15, 1, 1)
            programs.append(
                self.new(
                    Program,
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
                    ),
                )
            )
        programs = Program.objects.bulk_create(programs, batch_size=BATCH)
        self.link(Program.partners.through, programs, "program", orgs, "organization", 2)
        self.link(Program.themes.through, programs, "program", self.themes, "theme", 2)
        self.link(Program.target_groups.through, programs, "program", self.groups, "targetgroup", 3)
        self.key_figures(programs, per_object=3)
        self.step(f"{len(programs)} programs")
        return programs

    def grants(self, count, programs, orgs):
        """Grants from funders (the foundations, and a few other organisations) to recipients
        among the organisations: amounts with every qualifier, some not disclosed, some ready
        for the 360Giving files (exact amount, award date, named recipient)."""
        funders = [o for o in orgs if o.kind == OrganizationKind.FOUNDATION] or orgs[:1]
        funders += orgs[3 :: max(1, len(orgs) // 20)]
        grants = []
        for i in range(count):
            program = programs[i % len(programs)]
            funder = funders[self.rng.randrange(len(funders))]
            if i % 9 == 4:
                recipient = None  # the source does not name it
            elif program.lead_organization_id != funder.pk and i % 3:
                recipient = program.lead_organization
            else:
                recipient = orgs[self.rng.randrange(len(orgs))]
                if recipient.pk == funder.pk:
                    recipient = orgs[(orgs.index(recipient) + 1) % len(orgs)]
            undisclosed = i % 7 == 0
            qualifier = Qualifier.NOT_DISCLOSED if undisclosed else QUALIFIERS[i % len(QUALIFIERS)]
            year = 2005 + i % 20
            starts_on = datetime.date(year, 1 + i % 12, 1) if i % 5 else None
            months = [12, 24, 36, None][i % 4]
            grants.append(
                self.new(
                    Grant,
                    **staff(
                        program=program,
                        slug=f"{PREFIX}grant-{i}",
                        funder=funder,
                        recipient=recipient,
                        amount=None
                        if undisclosed
                        else Decimal(5000 * (1 + self.rng.randrange(120))),
                        amount_qualifier=qualifier,
                        duration_months=months,
                        starts_on=starts_on,
                        starts_precision=DatePrecision.MONTH,
                        ends_on=starts_on.replace(year=year + 3)
                        if starts_on and i % 4 == 1
                        else None,
                        ongoing=starts_on is not None and i % 4 != 1 and i % 11 == 0,
                        awarded_on=datetime.date(year, 1 + i % 12, 1 + i % 28) if i % 2 else None,
                        **translated("purpose", "Soutien au fonctionnement.", "Operating support."),
                    ),
                )
            )
        grants = Grant.objects.bulk_create(grants, batch_size=BATCH)
        self.step(f"{len(grants)} grants")
        return grants

    def places(self, count, orgs, programs):
        tri = [TriState.YES, TriState.NOT_STATED, TriState.NO]
        centers = []
        for i in range(count):
            overseas = i % 25 == 0
            if overseas:
                city, postcode, department, code, region = MAYOTTE_CITIES[i % len(MAYOTTE_CITIES)]
            elif i % 3 == 2:
                city, postcode, department, code, region = town(self.rng.randrange(TOWNS))
            else:
                city, postcode, department, code, region = CITIES[i % len(CITIES)]
            centers.append(
                self.new(
                    Center,
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
                        last_verified_on=None if i % 6 == 0 else ENTERED_ON,
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
                    ),
                )
            )
        # What each place is linked to and its hours, drawn before the places go in (in the
        # order they always were: a seed gives the same data), so that each place is written
        # with its "hours known" flag and its week of hours, which the triggers switched off
        # would have set.
        links = [
            (Center.programs.through, "program", self.choose(centers, programs, 1)),
            (Center.audiences.through, "targetgroup", self.choose(centers, self.groups, 3)),
            (Center.services.through, "service", self.choose(centers, self.services, 4)),
            (Center.languages.through, "language", self.choose(centers, self.languages, 3)),
        ]
        windows = self.choose_hours(centers)
        weeks = {}  # each pattern's week of hours, as the triggers would write it
        for center, pattern in zip(centers, windows, strict=True):
            center.hours_known = bool(pattern)
            if id(pattern) not in weeks:
                weeks[id(pattern)] = week_hours(
                    (day, opens, closes) for days, opens, closes in pattern for day in days
                )
            center.open_days, center.open_nights = weeks[id(pattern)]
        centers = Center.objects.bulk_create(centers, batch_size=BATCH)
        self.step(f"{len(centers)} places")
        for through, right, chosen in links:
            self.write_links(through, centers, "center", chosen, right)
        self.step("their programs, audiences, services and languages")
        hours = self.hours(centers, windows)
        notices = self.notices(centers)
        self.key_figures(centers, per_object=1)
        self.step(f"{hours} opening hours, {notices} notices, key figures")
        return centers

    def choose_hours(self, centers):
        """Each place's opening windows (a pattern of HOURS_PATTERNS; none for some)."""
        patterns = [windows for _weight, windows in HOURS_PATTERNS]
        weights = [weight for weight, _windows in HOURS_PATTERNS]
        return [self.rng.choices(patterns, weights)[0] for _center in centers]

    def hours(self, centers, windows):
        # COPY writes only the columns named: each row's stable HSDS id is given here, as the
        # field's default would be by bulk_create.
        rows = [
            (center.pk, day, opens, closes, uuid.uuid4())
            for center, pattern in zip(centers, windows, strict=True)
            for days, opens, closes in pattern
            for day in days
        ]
        self.copy(OpeningHours, ["center", "weekday", "opens", "closes", "uuid"], rows)
        return len(rows)

    def notices(self, centers):
        """About a quarter of the places have one: closures current, open-ended, past and to
        come, changed hours, messages."""
        day = datetime.timedelta(days=1)
        kinds = NOTICES
        rows = []
        for i, center in enumerate(centers):
            if i % 4:
                continue
            kind, starts, ends, fr, en = kinds[(i // 4) % len(kinds)]
            rows.append(
                self.new(
                    Notice,
                    center_id=center.pk,
                    kind=kind,
                    starts_on=self.today + starts * day,
                    ends_on=None if ends is None else self.today + ends * day,
                    **translated("message", fr, en),
                )
            )
        Notice.objects.bulk_create(rows, batch_size=BATCH)
        return len(rows)

    def events(self, count, orgs):
        references = Reference.objects.bulk_create(
            [
                self.new(
                    Reference,
                    **staff(
                        slug=f"{PREFIX}reference-{i}",
                        kind=ReferenceKind.LAW,
                        dated=datetime.date(1970 + i, 7, 21),
                        dated_precision=DatePrecision.DAY,
                        **translated(
                            "title", f"Loi relative à la santé n° {i}", f"Health law no. {i}"
                        ),
                        **translated("short_title", f"loi {i}", f"law {i}"),
                    ),
                )
                for i in range(20)
            ]
        )
        self.link(Reference.organizations.through, references, "reference", orgs, "organization", 2)
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
                self.new(
                    Event,
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
                    ),
                )
            )
        events = Event.objects.bulk_create(events, batch_size=BATCH)
        self.link(Event.related_organizations.through, events, "event", orgs, "organization", 1)
        self.link(Event.references.through, events[::5], "event", references, "reference", 1)
        self.key_figures(events[::10], per_object=1)
        self.step(f"{len(events)} events, {len(references)} laws and publications")
        return events

    # -- helpers -------------------------------------------------------------------------

    def new(self, model, **values):
        """An instance of a model, made as modeltranslation's constructor makes it, at less
        cost per row (at 50,000 places most of the time spent making instances went there):
        the translations not given are set to their defaults once per model (the constructor
        computes each one's default under its language, translation.override, per instance),
        and each field name's rewriting to the active language's column (what the constructor
        does for every name given, by a lookup through the translation registry) is done once
        per name. Auto-population is off (modeltranslation's default): with it on, or if the
        constructor is not the one expected, the model's own constructor makes the instance."""
        maker = self.makers.get(model)
        if maker is None:
            maker = self.makers[model] = Maker(model)
        return maker(values)

    def link(self, through, objects, left, targets, right, per_object):
        """Fill a many-to-many table: each object gets `per_object` distinct targets."""
        self.write_links(through, objects, left, self.choose(objects, targets, per_object), right)

    def choose(self, objects, targets, per_object):
        """`per_object` distinct targets for each object."""
        return [self.rng.sample(targets, min(per_object, len(targets))) for _obj in objects]

    def write_links(self, through, objects, left, chosen, right):
        rows = (
            (obj.pk, target.pk)
            for obj, targets in zip(objects, chosen, strict=True)
            for target in targets
        )
        self.copy(through, [left, right], rows)

    def copy(self, model, names, rows):
        """Insert plain rows (tuples of the fields `names`, foreign keys as ids) into a model's
        table: on PostgreSQL by COPY, without a model instance per row (at 50,000 places the
        links and hours are 900,000 rows: most of their time went into Django's instances);
        bulk_create elsewhere. Triggers fire as for an INSERT."""
        fields = [model._meta.get_field(name) for name in names]
        if connection.vendor != "postgresql":
            attnames = [field.attname for field in fields]
            instances = (model(**dict(zip(attnames, row, strict=True))) for row in rows)
            model.objects.bulk_create(instances, batch_size=BATCH * 5)
            return
        quote = connection.ops.quote_name
        table, columns = quote(model._meta.db_table), ", ".join(quote(f.column) for f in fields)
        with (
            connection.cursor() as cursor,
            cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy,
        ):
            for row in rows:
                copy.write_row(row)

    def key_figures(self, objects, per_object):
        if not objects:
            return
        content_type = ContentType.objects.get_for_model(objects[0])
        figures = []
        for i, obj in enumerate(objects):
            for n in range(per_object):
                figures.append(
                    self.new(
                        KeyFigure,
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
                        ),
                    )
                )
        KeyFigure.objects.bulk_create(figures, batch_size=BATCH)
