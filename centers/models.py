"""Places where people get care or help, who is welcome there, on what conditions, when."""

import datetime
import zoneinfo
from collections import defaultdict
from uuid import uuid4

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.contrib.postgres.expressions import ArraySubquery
from django.core.exceptions import EmptyResultSet, ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import connections, models
from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    Func,
    Lookup,
    OuterRef,
    Q,
    TextField,
    Value,
    When,
)
from django.db.models.functions import Concat
from django.utils import timezone
from django.utils.dates import WEEKDAYS
from django.utils.translation import gettext_lazy as _
from modeltranslation.utils import resolution_order

from core.displayed import Displayed
from core.links import slug_url
from core.models import ContentModel, PublishableQuerySet, Status, TriState, tri_state_field
from core.text import fold_expression
from partners.models import Organization
from programs.models import Program, TargetGroup

from . import freshness
from .freshness import Freshness


def validate_time_zone(value):
    if value not in zoneinfo.available_timezones():
        raise ValidationError(
            _("%(value)s is not a known time zone (for example Europe/Paris)."),
            params={"value": value},
        )


ACCESLIBRE = "https://acceslibre.beta.gouv.fr/"


def validate_acceslibre_url(value):
    """A place's page on Acceslibre, the State's accessibility register, and nothing else."""
    if value and not (value.startswith(ACCESLIBRE) and len(value) > len(ACCESLIBRE)):
        raise ValidationError(
            _("Give the address of the place's page on Acceslibre, starting with %(start)s."),
            params={"start": ACCESLIBRE},
        )


class Territory(models.Model):
    """Reference data, not a seed fact: metropolitan France, Mayotte… with their time zone."""

    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("slug"), unique=True)
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        validators=[validate_time_zone],
        help_text=_("IANA name: Europe/Paris; Indian/Mayotte (UTC+3, no daylight saving)."),
    )
    overseas = models.BooleanField(_("overseas"), default=False)

    class Meta:
        verbose_name = _("territory")
        verbose_name_plural = _("territories")
        ordering = ["overseas", Displayed("name").asc(), "pk"]

    def __str__(self):
        return self.name

    @property
    def zone(self):
        return zoneinfo.ZoneInfo(self.time_zone)


class Language(models.Model):
    """Reference data: a language in which people can be received."""

    code = models.CharField(
        _("code"), max_length=12, unique=True, help_text=_("ISO 639-1 code: fr, en, ar…")
    )
    name = models.CharField(_("name"), max_length=60)
    uuid = models.UUIDField(_("UUID"), default=uuid4, unique=True, editable=False)

    class Meta:
        verbose_name = _("language")
        verbose_name_plural = _("languages")
        ordering = [Displayed("name").asc(), "pk"]

    def __str__(self):
        return self.name


class Service(ContentModel):
    """What people can get: medical consultation, social support, help with paperwork…"""

    name = models.CharField(_("name"), max_length=150)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    description = models.TextField(_("description"), blank=True)
    uuid = models.UUIDField(_("UUID"), default=uuid4, unique=True, editable=False)

    class Meta(ContentModel.Meta):
        verbose_name = _("service")
        verbose_name_plural = _("services")
        ordering = [Displayed("name").asc(), "pk"]

    def __str__(self):
        return self.name


class CenterKind(models.TextChoices):
    CASO = "caso", _("care and orientation centre (CASO)")
    CONSULTATION = "consultation", _("consultation service")
    MOBILE_UNIT = "mobile_unit", _("mobile unit")
    HOTLINE = "hotline", _("medical hotline")
    STREET_TEAM = "street_team", _("street team")
    MEDIATION = "mediation", _("mediation permanence")
    DOCUMENTATION = "documentation", _("resource or documentation centre")


# Premises of an organisation that are not places where people get care or help.
NON_CARE_KINDS = [CenterKind.DOCUMENTATION]
# The kinds of care places, as choices: what "find care" and the home page offer to choose.
CARE_KINDS = [(value, label) for value, label in CenterKind.choices if value not in NON_CARE_KINDS]


class Delivery(models.TextChoices):
    FIXED = "fixed", _("at a fixed place")
    MOBILE = "mobile", _("goes to people (mobile)")
    FIXED_AND_MOBILE = "fixed_and_mobile", _("fixed and mobile")
    REMOTE = "remote", _("by phone")
    NOT_STATED = "not_stated", _("not stated by the source")


# Between the folded fields of Center.place_words: a line break, which `core.text.fold` never
# leaves in a visitor's text, so a match cannot run from one field into the next.
PLACE_WORDS_SEPARATOR = "\n"


class PlaceWords(Func):
    """A place's city, département and region folded (`core.text.fold_expression`), each after
    a space and apart: " saint denis\n seine saint denis\n ile de france". A text a visitor
    types, folded, starts a word of one of them where " " + text is found.

    PostgreSQL: the function centers_place_words (centers migration 0008), the same folding
    declared IMMUTABLE so that a stored generated column may use it. Elsewhere (SQLite): the
    same expression written out.
    """

    function = "centers_place_words"
    output_field = TextField()

    def __init__(self):
        super().__init__(F("city"), F("department"), F("region"))

    def as_sql(self, compiler, connection, **extra_context):
        parts = []
        for column in self.get_source_expressions():  # city, department, region, resolved
            if parts:
                parts.append(Value(PLACE_WORDS_SEPARATOR))
            parts += [Value(" "), fold_expression(column)]
        return compiler.compile(Concat(*parts, output_field=TextField()))

    def as_postgresql(self, compiler, connection, **extra_context):
        return super().as_sql(compiler, connection, **extra_context)


def _has_hours():
    """The place (OuterRef "pk") has at least one opening window."""
    return Exists(OpeningHours.objects.filter(center=OuterRef("pk")))


# A day in microseconds: the unit of a place's week of hours (WeekHours).
DAY_MICROSECONDS = 86_400_000_000


class WeekHours(models.Field):
    """The instants of the week a place's windows cover, in its own local time, kept by the
    database from its hours (PostgreSQL triggers, centers migration 0023): an int8multirange
    of microseconds from Monday 00:00, read as its text ('{[32400000000,45000000000)}').

    "Open now" checks a place's week on the list indexes, which carry it (`OpenAt`), instead of
    reading the hours of every place open at that time of the week. Elsewhere than on
    PostgreSQL a text that no query reads (OpenAt reads the hours there).
    """

    def db_type(self, connection):
        return "int8multirange" if connection.vendor == "postgresql" else "text"

    def select_format(self, compiler, sql, params):
        # Its text: psycopg would otherwise build a Multirange of Range objects per row.
        if compiler.connection.vendor == "postgresql":
            return f"{sql}::text", params
        return sql, params


def _microseconds(moment):
    return (
        (moment.hour * 60 + moment.minute) * 60 + moment.second
    ) * 1_000_000 + moment.microsecond


def _multirange(ranges):
    """The text PostgreSQL writes of the int8multirange of these [start, end) ranges: empty
    ones left out, the others in order, those that overlap or touch merged."""
    merged = []
    for start, end in sorted(r for r in ranges if r[0] < r[1]):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return "{" + ",".join(f"[{start},{end})" for start, end in merged) + "}"


def week_hours(windows):
    """(open_days, open_nights) of a place with these windows ((weekday, opens, closes), as
    OpeningHours): what the database's triggers write (centers_open_days() and
    centers_open_nights(), centers migration 0023), for a load with the triggers off.

    open_days: each window from its opening to its closing, or to midnight when it runs past
    it, on the day it opens. open_nights: the part after midnight of the windows that run past
    it, on the next day (Sunday's on Monday). A place is open at a local instant by a window
    opened that day when open_days holds it, by one opened the day before when open_nights
    does (`OpenAt`, the SQL form of `OpeningHours.opened_on`)."""
    days, nights = [], []
    for weekday, opens, closes in windows:
        start = weekday * DAY_MICROSECONDS
        if closes < opens:
            days.append((start + _microseconds(opens), start + DAY_MICROSECONDS))
            after = (weekday + 1) % 7 * DAY_MICROSECONDS
            nights.append((after, after + _microseconds(closes)))
        else:
            days.append((start + _microseconds(opens), start + _microseconds(closes)))
    return _multirange(days), _multirange(nights)


class _AnyOf(Lookup):
    """`lhs = ANY(rhs)`, an array (PostgreSQL): see CenterQuerySet.linked_to."""

    lookup_name = "any_of"
    prepare_rhs = False

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = compiler.compile(self.rhs)
        return f"{lhs} = ANY({rhs})", [*lhs_params, *rhs_params]


class CenterQuerySet(PublishableQuerySet):
    def public_kind(self, prefix=""):
        """The public site shows care places only: a documentation centre has no page."""
        return ~Q(**{f"{prefix}kind__in": NON_CARE_KINDS})

    def linked_to(self, relation, value, *, few=False):
        """The places linked to `value` by a many-to-many relation, read from its link
        table alone.

        `few`: the relation links a record to few places (a program's dozen), read first as an
        array of ids (PostgreSQL): each place is then found by its id. As a semi-join, the
        planner walked the whole list index to merge it with a program's 21 places, because
        "open now"'s closures (a hashed subplan) would cost it again at each of a nested loop's
        lookups (they do not): 37 ms for that count, 3 ms by ids. For a relation with thousands
        of places per record (audiences, services, languages) the ids are slower (40 → 72 ms for
        a service "open now"), so they keep the semi-join."""
        field = self.model._meta.get_field(relation)
        links = field.remote_field.through.objects.filter(**{field.m2m_reverse_field_name(): value})
        ids = links.values(field.m2m_column_name())
        if few and connections[self.db].vendor == "postgresql":
            return self.filter(_AnyOf(F("pk"), ArraySubquery(ids)))
        return self.filter(pk__in=ids)

    def for_audience(self, target_group):
        return self.linked_to("audiences", target_group)

    def for_age(self, age):
        return self.filter(
            Q(min_age__isnull=True) | Q(min_age__lte=age),
            Q(max_age__isnull=True) | Q(max_age__gte=age),
        )

    def free_of_charge(self):
        """Only places a source states are free: 'not stated' is not 'free'."""
        return self.filter(free_of_charge=TriState.YES)

    def open_at(self, at, territories=None):
        """The places open at an instant, each in its own time zone: `Center.is_open` in SQL.

        The local day, time and date are computed here once per time zone (a handful), so the
        database compares each place's hours with constants (`OpenAt`).
        `territories`: every territory, when the caller read them already.
        """
        zones = defaultdict(list)
        if territories is None:
            territories = Territory.objects.only("pk", "time_zone")
        for territory in territories:
            zones[territory.time_zone].append(territory.pk)
        return self.filter(
            OpenAt(
                tuple(
                    (timezone.localtime(at, zoneinfo.ZoneInfo(zone)), tuple(pks))
                    for zone, pks in zones.items()
                )
            )
        )

    def refresh_hours_known(self):
        """Recompute the stored flag `hours_known` from the hours, and on PostgreSQL the week
        of hours (`open_days`, `open_nights`); returns the places changed.

        The triggers keep them on every write; this is for writes they could not see: a bulk
        load under session_replication_role = replica, a data-only restore
        with triggers disabled. With the triggers on, every place it changes also has its
        search documents rewritten by their trigger (45,515 places: 92 s in build_bench_data,
        which now writes each place with its flag and week instead).
        """
        if connections[self.db].vendor != "postgresql":
            known = _has_hours()
            return self.exclude(hours_known=known).update(hours_known=known)
        # The places whose flag or week disagree with their hours (centers migration 0023),
        # touched: the trigger recomputes both.
        stale = Func(
            *(F(name) for name in ("pk", "hours_known", "open_days", "open_nights")),
            function="centers_hours_stale",
            output_field=models.BooleanField(),
        )
        return self.alias(_stale=stale).filter(_stale=True).update(hours_known=F("hours_known"))

    @staticmethod
    def _verified_limit(today, times):
        """Each place's limit, `times` its own frequency before `today`, as one SQL CASE over
        the frequencies a place may have (computed here by `freshness.months_before`: the
        same calendar months as `freshness.state`)."""
        return Case(
            *(
                When(
                    update_every_months=months,
                    then=Value(freshness.months_before(today, times * months)),
                )
                for months in range(freshness.MIN_MONTHS, freshness.MAX_MONTHS + 1)
            ),
            output_field=models.DateField(),
        )

    def freshness_condition(self, state, today=None):
        """The condition (a Q) for the places in a freshness state on `today`."""
        today = today or timezone.localdate()
        if state == Freshness.NEVER:
            return Q(last_verified_on__isnull=True)
        past_once = Q(last_verified_on__lt=self._verified_limit(today, 1))
        past_twice = Q(last_verified_on__lt=self._verified_limit(today, 2))
        if state == Freshness.REQUIRED:
            return past_twice
        if state == Freshness.ADVISED:
            return past_once & ~past_twice
        if state == Freshness.FRESH:
            return Q(last_verified_on__isnull=False) & ~past_once
        raise ValueError(state)

    def in_freshness(self, state, today=None):
        """The places in a freshness state on `today` (default: the site's date), each by its
        own frequency: one query."""
        return self.filter(self.freshness_condition(state, today))

    def freshness_counts(self, today=None):
        """{state: how many places}, for every state, in one query."""
        today = today or timezone.localdate()
        return self.aggregate(
            **{
                state.value: Count("pk", filter=self.freshness_condition(state, today))
                for state in Freshness
            }
        )

    def hours_unknown(self):
        """The places with no opening hours at all: "open now" can say nothing of them.

        PostgreSQL: the stored flag `hours_known` (kept by triggers, centers migration 0006),
        found on a small partial index, instead of reading every place's hours (at 50,000
        places the anti-join read 500,000 hours rows: 215 ms). Elsewhere: NOT EXISTS.
        """
        if connections[self.db].vendor == "postgresql":
            return self.filter(hours_known=False)
        return self.exclude(_has_hours())


# The published care places: what the public list indexes hold (Center.Meta.indexes).
PUBLIC_LIST = Q(status="published") & ~Q(kind__in=NON_CARE_KINDS)
PUBLIC_LIST_COLUMNS = [
    "id",
    "publish_at",
    "unpublish_at",
    "kind",
    "operator",
    "free_of_charge",
    "no_residence_permit_needed",
    "no_health_coverage_needed",
    "appointment_needed",
    "step_free_access",
    "animals_accepted",
    "min_age",
    "max_age",
    "place_words",
]


# What the list's filters compare on the place itself (centers.filters), the text of "place"
# aside (found by its trigram index), with "open now"'s weeks of hours and whether they are
# known: carried by the index of the published places by id (Center.Meta.indexes), for the
# filters that give a list of ids.
FILTERED_COLUMNS = [
    "territory",
    "publish_at",
    "unpublish_at",
    "kind",
    "operator",
    "department_code",
    "free_of_charge",
    "no_residence_permit_needed",
    "no_health_coverage_needed",
    "appointment_needed",
    "referral_needed",
    "call_first",
    "step_free_access",
    "animals_accepted",
    "min_age",
    "max_age",
    "open_days",
    "open_nights",
    "hours_known",
]


def list_order(language):
    """The list's order in a language (Meta.ordering within a territory), as its indexes' key."""
    return [F("territory"), F("city"), Displayed("name").for_language(language), F("id")]


def list_columns(language):
    """What the list indexes of a language carry besides their key: what the list's filters
    read, the names its order is made of, and the weeks of hours ("open now": OpenAt)."""
    return [
        *(column for column in PUBLIC_LIST_COLUMNS if column != "id"),
        *(f"name_{code}" for code in resolution_order(language)),
        "open_days",
        "open_nights",
    ]


# Addresses of pages under /places/ that a place with this slug would hide (centers/urls.py):
# the map of places and the selection sheet.
RESERVED_SLUGS = ("map", "selection")


# What a line of a list of places on another record's page shows (an organisation's, a program's,
# a grant's): the name and its link, the kind, the city or the region. `only()` these: the
# place's texts and hours are for its own page.
PLACE_LINE = ["slug", "name", "kind", "city", "region"]


class Center(ContentModel):
    reserved_slugs = RESERVED_SLUGS

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    kind = models.CharField(_("kind"), max_length=16, choices=CenterKind.choices)
    delivery = models.CharField(
        _("how care is given"), max_length=20, choices=Delivery.choices, default=Delivery.NOT_STATED
    )
    summary = models.CharField(
        _("summary"),
        max_length=400,
        blank=True,
        help_text=_("What people get there, in plain words."),
    )
    description = models.TextField(_("description"), blank=True)
    operator = models.ForeignKey(
        Organization,
        verbose_name=_("run by"),
        on_delete=models.PROTECT,
        related_name="centers",
    )
    programs = models.ManyToManyField(
        Program, verbose_name=_("programs"), blank=True, related_name="centers"
    )
    # Where it is. Département, region and time zone are reference data about a named city.
    city = models.CharField(
        _("city"), max_length=100, blank=True, help_text=_("Leave empty when no city is named.")
    )
    postcode = models.CharField(_("postcode"), max_length=10, blank=True)
    department = models.CharField(_("département"), max_length=100, blank=True)
    department_code = models.CharField(_("département code"), max_length=3, blank=True)
    region = models.CharField(_("region"), max_length=100, blank=True)
    territory = models.ForeignKey(
        Territory, verbose_name=_("territory"), on_delete=models.PROTECT, related_name="centers"
    )
    area_served = models.CharField(
        _("area served"),
        max_length=250,
        blank=True,
        help_text=_("For mobile units and hotlines: where they go or whom they cover."),
    )
    # How to reach it: only what a source or a verified staff entry gives.
    address = models.CharField(_("address"), max_length=250, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    website = models.URLField(_("website"), blank=True)
    latitude = models.DecimalField(
        _("latitude"), max_digits=8, decimal_places=5, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=8, decimal_places=5, null=True, blank=True
    )
    # Who is welcome and on what conditions.
    audiences = models.ManyToManyField(
        TargetGroup, verbose_name=_("who is welcome"), blank=True, related_name="centers"
    )
    min_age = models.PositiveSmallIntegerField(_("minimum age"), null=True, blank=True)
    max_age = models.PositiveSmallIntegerField(
        _("maximum age"), null=True, blank=True, help_text=_("18 for 'from 0 to 18'.")
    )
    free_of_charge = tri_state_field(_("free of charge"))
    no_residence_permit_needed = tri_state_field(_("no residence permit needed"))
    no_health_coverage_needed = tri_state_field(_("no health coverage needed"))
    appointment_needed = tri_state_field(_("appointment needed"))
    referral_needed = tri_state_field(_("referral needed"))
    open_on_public_holidays = tri_state_field(
        _("open on public holidays"),
        help_text=_(
            "Say 'yes' or 'no' only where a source states it. 'No': the place is shown closed "
            "on the public holidays of its département."
        ),
    )
    call_first = tri_state_field(
        _("call before coming"),
        help_text=_(
            "Whether people should phone before they come (not an appointment). Say 'yes' or "
            "'no' only where a source states it."
        ),
    )
    step_free_access = tri_state_field(
        _("step-free access"),
        help_text=_(
            "A wheelchair user can get in without a step. Say 'yes' or 'no' only where a "
            "source states it."
        ),
    )
    acceslibre_url = models.URLField(
        _("Acceslibre page"),
        blank=True,
        validators=[validate_acceslibre_url],
        help_text=_("The place's page on acceslibre.beta.gouv.fr, where staff found one."),
    )
    animals_accepted = tri_state_field(_("animals accepted"))
    conditions = models.TextField(_("conditions in plain words"), blank=True)
    services = models.ManyToManyField(
        Service, verbose_name=_("services"), blank=True, related_name="centers"
    )
    languages = models.ManyToManyField(
        Language, verbose_name=_("languages spoken"), blank=True, related_name="centers"
    )
    last_verified_on = models.DateField(
        _("last verified on"),
        null=True,
        blank=True,
        help_text=_("When someone last checked this place's information. Empty: never verified."),
    )
    last_verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("last verified by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    update_every_months = models.PositiveSmallIntegerField(
        _("update every (months)"),
        default=freshness.DEFAULT_MONTHS,
        validators=[
            MinValueValidator(freshness.MIN_MONTHS),
            MaxValueValidator(freshness.MAX_MONTHS),
        ],
        help_text=_(
            "How often this place's information should be checked, from 1 to 16 months. "
            "Past it, an update is advised; past twice it, an update is required."
        ),
    )
    key_figures = GenericRelation("core.KeyFigure", related_query_name="center")
    # Whether the place has at least one opening window. PostgreSQL triggers set it on every
    # write of the place or of its hours (centers migration 0006): the value Django writes is
    # ignored. Read by CenterQuerySet.hours_unknown() on PostgreSQL only.
    hours_known = models.BooleanField(_("hours known"), default=False, editable=False)
    # The instants of the week its hours cover (WeekHours): by windows opened that day, and by
    # windows opened the day before that run past midnight. Kept by the same triggers.
    open_days = WeekHours(_("open by day"), default="{}", editable=False)
    open_nights = WeekHours(_("open past midnight"), default="{}", editable=False)
    # Where the place is, folded for the "place" filter (PlaceWords), kept by the database on
    # every write. On PostgreSQL a trigram index finds a typed text in it (centers migration
    # 0008): folding the three fields of every place at each search cost 100 ms to 1 s.
    place_words = models.GeneratedField(
        expression=PlaceWords(), output_field=models.TextField(), db_persist=True
    )
    # Stable identifiers for open data (the HSDS API, api/hsds/): a place is a service, at a
    # location, through a service-at-location, each with an id of its own that no rename or
    # move changes (slugs change; primary keys differ between installs).
    uuid = models.UUIDField(_("UUID"), default=uuid4, unique=True, editable=False)
    location_uuid = models.UUIDField(_("location UUID"), default=uuid4, unique=True, editable=False)
    service_at_location_uuid = models.UUIDField(
        _("service-at-location UUID"), default=uuid4, unique=True, editable=False
    )
    # An imported place (the imports app): the source of its file and the row's own id there,
    # by which a later import of the same source finds it again. Empty for other places.
    external_source = models.CharField(
        _("import source"),
        max_length=100,
        blank=True,
        editable=False,
        help_text=_("The source whose spreadsheet imported this place."),
    )
    external_id = models.CharField(
        _("id in the import source"), max_length=200, blank=True, editable=False
    )

    objects = CenterQuerySet.as_manager()

    class Meta(ContentModel.Meta):
        verbose_name = _("place")
        verbose_name_plural = _("places")
        # By the name the page shows (in its language or the one it falls back to), then the
        # primary key: two places of a city with the same name keep one order (core.displayed).
        ordering = ["territory__overseas", "city", Displayed("name").asc(), "pk"]
        # The published care places in list order within each territory, in each language,
        # carrying what the list, its count and its plain filters read (the "place" filter too:
        # place_words; "open now": the weeks of hours): they are found and counted on this index
        # alone, without reading the places' long rows (the page's own 20 rows are read whole).
        # The territory first: the metropolitan and the overseas places are each a range of it
        # (PagePaginator). The names the order reads are carried too: PostgreSQL reads an index
        # alone only when it holds the columns an expression of it is made of.
        indexes = [
            models.Index(
                *list_order(language),
                include=list_columns(language),
                condition=PUBLIC_LIST,
                name=f"centers_center_public_{language}",
            )
            for language, _name in settings.LANGUAGES
        ] + [
            # The same for the places a source says take people without a residence permit: a
            # third of them, and in list order the first comes after 32,010 others at 50,000
            # places (the page read them all: 30-50 ms; a count, 1,000 of them).
            *(
                models.Index(
                    *list_order(language),
                    include=list_columns(language),
                    condition=PUBLIC_LIST & Q(no_residence_permit_needed=TriState.YES),
                    name=f"centers_center_no_permit_{language}",
                )
                for language, _name in settings.LANGUAGES
            ),
            # The published care places by id, with what the list's filters compare
            # (FILTERED_COLUMNS). A filter through a many-to-many relation (audience, service,
            # language, program) is a set of place ids, which the database merges with the
            # places in id order to count them: this index alone, where it read the table by
            # its primary key (?territory=…&audience=…&free=yes at 50,000 places: 4,000 rows,
            # 18 ms; 4 ms here). "Open now" reads the places by id too where it matches few of
            # them (?open_now=on&language=ar on a weekday evening: every row, 75 ms; 20 ms).
            models.Index(
                fields=["id"],
                include=FILTERED_COLUMNS,
                condition=PUBLIC_LIST,
                name="centers_center_public_by_id",
            ),
            # The published care places changed since an instant (the HSDS API's modified_after),
            # their count and latest change (the home page, the sitemap index): read from this
            # narrow index alone rather than the 190 MB table (a sequential scan, 80 ms).
            models.Index(
                fields=["updated_at"],
                include=["id", "publish_at", "unpublish_at", "kind"],
                condition=Q(status="published") & ~Q(kind__in=NON_CARE_KINDS),
                name="centers_center_public_updated",
            ),
            # The few places without hours, for "open now"'s count of unknown hours, with what
            # the other filters read: counted on this index alone.
            models.Index(
                fields=["territory"],
                include=PUBLIC_LIST_COLUMNS,
                condition=Q(hours_known=False) & PUBLIC_LIST,
                name="centers_center_no_hours",
            ),
            # "Open now" on a public holiday: the few places that said they close then, by
            # département (OpenAt).
            models.Index(
                fields=["department_code"],
                condition=Q(open_on_public_holidays=TriState.NO),
                name="centers_center_holiday_closed",
            ),
        ]
        constraints = [
            *ContentModel.Meta.constraints,
            models.CheckConstraint(
                condition=Q(min_age__isnull=True)
                | Q(max_age__isnull=True)
                | Q(max_age__gte=F("min_age")),
                name="centers_center_age_bounds_ordered",
                violation_error_message=_("The maximum age cannot be below the minimum age."),
            ),
            models.CheckConstraint(
                condition=Q(max_age__isnull=True) | Q(max_age__lte=120),
                name="centers_center_max_age_plausible",
                violation_error_message=_("The maximum age must be 120 or less."),
            ),
            models.CheckConstraint(
                condition=(Q(latitude__isnull=True) & Q(longitude__isnull=True))
                | (
                    Q(latitude__isnull=False)
                    & Q(longitude__isnull=False)
                    & Q(latitude__gte=-90)
                    & Q(latitude__lte=90)
                    & Q(longitude__gte=-180)
                    & Q(longitude__lte=180)
                ),
                name="centers_center_coordinates_valid",
                violation_error_message=_("Give both coordinates, within range, or neither."),
            ),
            models.CheckConstraint(
                condition=~Q(slug__in=RESERVED_SLUGS),
                name="centers_center_slug_not_reserved",
                violation_error_message=_("This address is taken by a page of the site."),
            ),
            models.UniqueConstraint(
                fields=["external_source", "external_id"],
                condition=~Q(external_id=""),
                name="centers_center_external_id_unique",
                violation_error_message=_("Another place already has this id in this source."),
            ),
            models.CheckConstraint(
                condition=Q(update_every_months__gte=freshness.MIN_MONTHS)
                & Q(update_every_months__lte=freshness.MAX_MONTHS),
                name="centers_center_update_every_months_range",
                violation_error_message=_("The update frequency must be from 1 to 16 months."),
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.city})" if self.city else self.name

    def get_absolute_url(self):
        return slug_url("centers:center-detail", self.slug)

    @property
    def is_care_place(self):
        return self.kind not in NON_CARE_KINDS

    @property
    def age_display(self):
        if self.min_age is None and self.max_age is None:
            return ""
        if self.min_age is not None and self.max_age is not None:
            return _("from %(min)s to %(max)s years old") % {
                "min": self.min_age,
                "max": self.max_age,
            }
        if self.max_age is not None:
            return _("up to %(max)s years old") % {"max": self.max_age}
        return _("from %(min)s years old") % {"min": self.min_age}

    def local_time(self, at=None):
        return timezone.localtime(at or timezone.now(), self.territory.zone)

    def freshness(self, today=None):
        """Never verified, fresh, update advised or update required (centers.freshness), on
        `today` (default: the site's date)."""
        return freshness.state(
            self.last_verified_on, self.update_every_months, today or timezone.localdate()
        )

    @property
    def needs_update(self):
        return self.freshness() == Freshness.REQUIRED

    def freshness_changes_on(self, today=None):
        """The next day this place's freshness changes by the clock alone, or None."""
        return freshness.next_change(
            self.last_verified_on, self.update_every_months, today or timezone.localdate()
        )

    @classmethod
    def dashboard_counts(cls):
        """For the admin dashboard (core.templatetags.admin_dashboard): the places not
        archived in each freshness state, as (label, count, list query), in one query."""
        counts = cls.objects.exclude(status=Status.ARCHIVED).freshness_counts()
        return [
            (state.label, counts[state.value], f"?freshness={state.value}")
            for state in (Freshness.REQUIRED, Freshness.ADVISED, Freshness.NEVER, Freshness.FRESH)
        ]

    def public_holidays(self, start, end):
        """{date: name} of the public holidays of the place's département from `start` to
        `end` (local dates, inclusive): one query."""
        rows = PublicHoliday.objects.filter(
            department_code=self.department_code, date__range=(start, end)
        )
        return dict(rows.values_list("date", "name"))

    def closed_on(self, day, holidays=None):
        """Whether the place stays closed all of a local date, whatever its weekly hours: a
        temporary closure covers it, or it is a public holiday of its département and the
        place said it closes on public holidays.

        `holidays`: {date: name} of the place's département around `day`
        (`public_holidays`), when the caller read them already; read here otherwise, and
        only for a place closed on public holidays.
        """
        if any(n.kind == NoticeKind.CLOSURE and n.applies_on(day) for n in self.notices.all()):
            return True
        if self.open_on_public_holidays != TriState.NO:
            return False
        if holidays is None:
            holidays = self.public_holidays(day, day)
        return day in holidays

    def is_open(self, at=None, holidays=None):
        """True or False at an instant, in the place's own time zone; None when hours
        are unknown. `holidays`: as for `closed_on`."""
        hours = list(self.opening_hours.all())
        if not hours:
            return None
        local = self.local_time(at)
        # A window belongs to the day it opens: Friday 22:00–02:00 is Friday's, even at 01:00.
        opened_on = {row.opened_on(local) for row in hours} - {None}
        return any(not self.closed_on(day, holidays) for day in opened_on)


class OpeningHours(models.Model):
    """One opening window on a weekday, in the place's local time. Closing before opening
    runs past midnight."""

    center = models.ForeignKey(
        Center, verbose_name=_("place"), on_delete=models.CASCADE, related_name="opening_hours"
    )
    weekday = models.PositiveSmallIntegerField(_("day"), choices=sorted(WEEKDAYS.items()))
    opens = models.TimeField(_("opens"))
    closes = models.TimeField(
        _("closes"), help_text=_("A closing time before the opening time means after midnight.")
    )
    uuid = models.UUIDField(_("UUID"), default=uuid4, unique=True, editable=False)

    class Meta:
        verbose_name = _("opening hours")
        verbose_name_plural = _("opening hours")
        ordering = ["center", "weekday", "opens"]
        indexes = [
            # "Open now" (OpenAt): the windows of a day that opened by a time; the
            # night windows of the day before still running. Index-only: center and closes
            # are carried.
            models.Index(
                fields=["weekday", "opens"],
                include=["closes", "center"],
                name="centers_hours_day_opens",
            ),
            models.Index(
                fields=["weekday", "closes"],
                include=["center"],
                condition=Q(closes__lt=F("opens")),
                name="centers_hours_night",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(weekday__gte=0) & Q(weekday__lte=6),
                name="centers_openinghours_weekday_valid",
                violation_error_message=_("Choose a day of the week."),
            ),
            models.CheckConstraint(
                condition=~Q(opens=F("closes")),
                name="centers_openinghours_not_empty",
                violation_error_message=_("Opening and closing times must differ."),
            ),
        ]

    def __str__(self):
        return f"{WEEKDAYS[self.weekday]} {self.opens:%H:%M}–{self.closes:%H:%M}"

    @property
    def crosses_midnight(self):
        return self.closes < self.opens

    def opened_on(self, local):
        """The local date this window opened, if it is open at a local (aware) datetime;
        else None."""
        day, t = local.weekday(), local.time()
        if day == self.weekday and self.opens <= t and (self.crosses_midnight or t < self.closes):
            return local.date()
        if self.crosses_midnight and (day - 1) % 7 == self.weekday and t < self.closes:
            return local.date() - datetime.timedelta(days=1)
        return None

    def is_open(self, local):
        """Is this window open at a local (aware) datetime of the place?"""
        return self.opened_on(local) is not None


class OpenAt(models.Expression):
    """A condition on places: open at an instant, each in its own time zone. The SQL form of
    `OpeningHours.opened_on` and `Center.is_open`, which must agree with it (tests compare them
    on many generated cases).

    `zones`: ((the instant in a time zone, the pks of its territories), ...). For each: a
    place of those territories with a window opened that local day and still running, on a
    day no closure notice covers and that is not a public holiday its place closes on; or a
    window opened the day before that runs past midnight, on such a day (yesterday): a window
    belongs to the day it opens.

    On PostgreSQL the windows are the place's week of hours (`WeekHours`, carried by the list
    indexes): a window opened that day holds the local instant in `open_days`,
    one opened the day before in `open_nights`. Elsewhere, the hours themselves: the places
    with such a window (IN (a set of ids), each set hashed once). The places closed that day
    by a notice or a public holiday are IN sets as well: the closures are a few thousand, the
    places closed on public holidays few (the holidays' table and a partial index say so fast).
    Before the week of hours, the sets of places with a window open were hashed for each
    zone where they were needed: at 50,000 places, 34,000 windows read from 59,000 index
    entries on a weekday afternoon, three times a page (60 to 100 ms of the database).

    Written here rather than as querysets: the page counts and lists the places with the
    condition in three places of its SQL (the two groups' counts and the page's ids), and
    the ORM built and compiled its 24 subqueries each time (a third of "open now"'s
    Python time). The subqueries do not depend on the query around them: they are written
    once per instance (and its copies) and database; only the place's own columns are
    compiled where the condition stands.
    """

    conditional = True
    output_field = models.BooleanField()

    def __init__(self, zones):
        super().__init__()
        self.zones = zones
        self.place, self.territory = F("pk"), F("territory")
        self.days, self.nights = F("open_days"), F("open_nights")
        self._written = {}  # {connection alias: (SQL with {place}, params)}; copies share it

    def get_source_expressions(self):
        return [self.place, self.territory, self.days, self.nights]

    def set_source_expressions(self, exprs):
        self.place, self.territory, self.days, self.nights = exprs

    def as_sql(self, compiler, connection):
        if not self.zones:
            raise EmptyResultSet
        written = self._written.get(connection.alias)
        if written is None:
            written = self._written[connection.alias] = self._write(connection)
        sql, params = written
        columns = {}
        for name in ("place", "territory", "days", "nights"):
            columns[name], column_params = compiler.compile(getattr(self, name))
            assert not column_params, "columns take no parameters"
        return sql.format(**columns), params

    def _write(self, connection):
        """(the condition's SQL, {place}, {territory}, {days} and {nights} standing for the
        columns, params)."""
        qn = connection.ops.quote_name
        ops = connection.ops

        def column(model, name):
            meta = model._meta
            return f"{qn(meta.db_table)}.{qn(meta.get_field(name).column)}"

        hours = qn(OpeningHours._meta.db_table)
        day_, opens, closes, hours_place = (
            column(OpeningHours, name) for name in ("weekday", "opens", "closes", "center")
        )
        notices = qn(Notice._meta.db_table)
        kind, starts_on, ends_on, notice_place = (
            column(Notice, name) for name in ("kind", "starts_on", "ends_on", "center")
        )
        holidays = qn(PublicHoliday._meta.db_table)
        holiday_date, holiday_department = (
            column(PublicHoliday, name) for name in ("date", "department_code")
        )
        # The places closed on public holidays, under an alias of their own (the query around
        # reads the places' table too).
        closed = "V_holiday"
        closed_pk = f"{qn(closed)}.{qn(Center._meta.pk.column)}"
        closed_department = f"{qn(closed)}.{qn(Center._meta.get_field('department_code').column)}"
        closed_answer = (
            f"{qn(closed)}.{qn(Center._meta.get_field('open_on_public_holidays').column)}"
        )
        places = qn(Center._meta.db_table)

        def closed_on(day):
            """The places closed on that date: by a closure notice, or a public holiday of
            their département they close on. One set (hashed once)."""
            date = ops.adapt_datefield_value(day)
            # Only quoted names of our own tables and columns go into the text; values are params.
            return (
                f"NOT ({{place}} IN (SELECT {notice_place} FROM {notices}"  # noqa: S608
                f" WHERE {kind} = %s AND {starts_on} <= %s"
                f" AND ({ends_on} IS NULL OR {ends_on} >= %s)"
                f" UNION ALL SELECT {closed_pk} FROM {places} {qn(closed)}"
                f" WHERE {closed_answer} = %s AND {closed_department} IN"
                f" (SELECT {holiday_department} FROM {holidays} WHERE {holiday_date} = %s)))",
                [NoticeKind.CLOSURE.value, date, date, TriState.NO.value, date],
            )

        def by_hours(windows):
            return f"{{place}} IN (SELECT {hours_place} FROM {hours} WHERE {windows})"  # noqa: S608

        week = connection.vendor == "postgresql"  # the places' weeks of hours (WeekHours)
        # {a local date: the conditions (SQL, params) of a window opened that day running now,
        # in each zone}: a window opened on a date counts if no closure falls on that date. The
        # zones are grouped by date (most of the time all have the same today and yesterday):
        # each date's closed places are one set, its condition written once (the planner's
        # time grew with the subqueries: 8 a zone before).
        opened = {}
        for local, pks in self.zones:
            day, time = local.weekday(), ops.adapt_timefield_value(local.time())
            in_zone = f"{{territory}} IN ({', '.join(['%s'] * len(pks))})"
            if week:
                instant = [day * DAY_MICROSECONDS + _microseconds(local)]
                today = ("{days} @> %s::bigint", instant)
                yesterday = ("{nights} @> %s::bigint", instant)
            else:
                today = (
                    by_hours(
                        f"{day_} = %s AND {opens} <= %s AND ({closes} < {opens} OR {closes} > %s)"
                    ),
                    [day, time, time],
                )
                yesterday = (
                    by_hours(f"{day_} = %s AND {closes} < {opens} AND {closes} > %s"),
                    [(day - 1) % 7, time],
                )
            for date, (sql, params) in (
                (local.date(), today),
                (local.date() - datetime.timedelta(days=1), yesterday),
            ):
                opened.setdefault(date, []).append((f"({in_zone} AND {sql})", [*pks, *params]))
        parts, params = [], []
        for date, conditions in opened.items():
            closed_sql, closed_params = closed_on(date)
            parts.append(f"(({' OR '.join(sql for sql, _ in conditions)}) AND {closed_sql})")
            params += [value for _sql, values in conditions for value in values]
            params += closed_params
        return f"({' OR '.join(parts)})", tuple(params)


class PublicHoliday(models.Model):
    """A public holiday of a département: reference data the database can query ("open now"),
    written by the command build_public_holidays from the `holidays` package (France with the
    subdivision of each département: Alsace-Moselle's Good Friday and 26 December, the overseas
    départements' abolition of slavery days). The département code "" holds the national
    holidays, for places whose département is not given."""

    date = models.DateField(_("date"))
    department_code = models.CharField(_("département code"), max_length=3, blank=True)
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        verbose_name = _("public holiday")
        verbose_name_plural = _("public holidays")
        ordering = ["date", "department_code"]
        constraints = [
            models.UniqueConstraint(
                fields=["date", "department_code"], name="centers_publicholiday_unique_day"
            ),
        ]

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.department_code or 'FR'}: {self.name}"


class NoticeKind(models.TextChoices):
    CLOSURE = "closure", _("temporary closure")
    CHANGED_HOURS = "changed_hours", _("changed hours")
    MESSAGE = "message", _("message")


class NoticeQuerySet(models.QuerySet):
    def current(self, on=None, *, since=None):
        """The notices that apply on the day `on` (default: today), or on some day from
        `since` to `on`."""
        on = on or timezone.localdate()
        return self.filter(
            Q(starts_on__lte=on), Q(ends_on__isnull=True) | Q(ends_on__gte=since or on)
        )


class Notice(models.Model):
    """A temporary closure, changed hours or a message, shown while it applies."""

    center = models.ForeignKey(
        Center, verbose_name=_("place"), on_delete=models.CASCADE, related_name="notices"
    )
    kind = models.CharField(
        _("kind"), max_length=16, choices=NoticeKind.choices, default=NoticeKind.MESSAGE
    )
    message = models.TextField(_("message"))
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(
        _("to"), null=True, blank=True, help_text=_("Leave empty until further notice.")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = NoticeQuerySet.as_manager()

    class Meta:
        verbose_name = _("notice")
        verbose_name_plural = _("notices")
        ordering = ["center", "-starts_on"]
        indexes = [
            # "Open now": the closures that apply on a day.
            models.Index(
                fields=["starts_on"],
                include=["ends_on", "center"],
                condition=Q(kind="closure"),
                name="centers_notice_closures",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="centers_notice_end_after_start",
                violation_error_message=_("A notice cannot end before it starts."),
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.message[:60]}"

    def applies_on(self, day):
        return self.starts_on <= day and (self.ends_on is None or day <= self.ends_on)


class ReportStatus(models.TextChoices):
    NEW = "new", _("new")
    FIXED = "fixed", _("fixed")
    DISMISSED = "dismissed", _("dismissed")
    # Before reports were marked fixed or dismissed: kept so that older reports still load.
    HANDLED = "handled", _("handled")


class CorrectionReport(models.Model):
    """A visitor's report that something on a place's page is wrong. No IP address is kept:
    only its keyed hash (core.client.client_hash), which the form's rate limit counts by."""

    center = models.ForeignKey(
        Center, verbose_name=_("place"), on_delete=models.CASCADE, related_name="correction_reports"
    )
    message = models.TextField(_("what is wrong"), max_length=2000)
    contact = models.CharField(
        _("contact"),
        max_length=200,
        blank=True,
        help_text=_(
            "Optional: how the visitor accepts to be answered. "
            "Delete it once the report is handled."
        ),
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ReportStatus.choices,
        default=ReportStatus.NEW,
        db_index=True,
    )
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handled by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    handled_at = models.DateTimeField(_("handled at"), null=True, blank=True)
    # Fixed: the version of the place that fixed it (its latest when marked fixed).
    fixed_by = models.ForeignKey(
        "reversion.Version",
        verbose_name=_("fixed by version"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    dismissal_reason = models.TextField(
        _("why it was dismissed"),
        blank=True,
        help_text=_("Required to dismiss a report: what was checked, why nothing changes."),
    )
    # A closure reported by the organisation that runs the place (a verification campaign's
    # link): reviewed first. It never closes the place by itself.
    urgent = models.BooleanField(
        _("urgent"),
        default=False,
        help_text=_("Reported closed for good by its organisation: check and review it first."),
    )
    created_at = models.DateTimeField(_("received"), auto_now_add=True)
    # The sender's address, hashed with the site's secret key: it cannot be read back, and it
    # lets the form count one client's reports of the last hour without the cache.
    client_hash = models.CharField(max_length=64, blank=True, default="", editable=False)

    class Meta:
        verbose_name = _("correction report")
        verbose_name_plural = _("correction reports")
        # "new" sorts after "handled", "fixed" and "dismissed": descending puts the queue first,
        # the urgent reports at its top.
        ordering = ["-status", "-urgent", "-created_at"]
        indexes = [
            models.Index(fields=["client_hash", "created_at"], name="report_client_recent"),
        ]

    def __str__(self):
        return f"{self.center.name}: {self.message[:60]}"

    def clean(self):
        if self.status == ReportStatus.DISMISSED and not self.dismissal_reason.strip():
            raise ValidationError(
                {"dismissal_reason": _("Say why the report is dismissed.")}, code="required"
            )

    @classmethod
    def dashboard_counts(cls):
        """For the admin dashboard: new, fixed and dismissed reports, in one query."""
        states = (ReportStatus.NEW, ReportStatus.FIXED, ReportStatus.DISMISSED)
        counts = cls.objects.aggregate(
            **{state.value: Count("pk", filter=Q(status=state)) for state in states}
        )
        return [
            (state.label, counts[state.value], f"?status__exact={state.value}") for state in states
        ]
