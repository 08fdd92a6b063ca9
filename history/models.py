"""Each organisation's dated events, and the laws and publications they mention."""

from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.db.models import Case, F, Q, Value, When
from django.db.models.functions import ExtractYear
from django.utils.translation import gettext_lazy as _

from core.dates import DatePrecision, format_date, format_period
from core.displayed import Displayed
from core.links import view_url
from core.models import ContentModel, PublishableQuerySet
from partners.models import Organization


class ReferenceKind(models.TextChoices):
    LAW = "law", _("law")
    BOOK = "book", _("book")
    JOURNAL = "journal", _("journal")
    DIPLOMA = "diploma", _("university diploma")
    REPORT = "report", _("report")


class Reference(ContentModel):
    """A law or a publication an event mentions: the HPST law; 'The Health of Migrants'."""

    kind = models.CharField(_("kind"), max_length=16, choices=ReferenceKind.choices)
    title = models.CharField(_("title"), max_length=250)
    short_title = models.CharField(
        _("short title"), max_length=60, blank=True, help_text=_("For example: HPST law.")
    )
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    dated = models.DateField(_("date"), null=True, blank=True)
    dated_precision = models.CharField(
        _("precision"), max_length=8, choices=DatePrecision.choices, default=DatePrecision.YEAR
    )
    organizations = models.ManyToManyField(
        Organization,
        verbose_name=_("organisations involved"),
        blank=True,
        related_name="references",
    )

    class Meta(ContentModel.Meta):
        verbose_name = _("law or publication")
        verbose_name_plural = _("laws and publications")
        ordering = ["dated", Displayed("title").asc(), "pk"]

    def __str__(self):
        return self.title

    @property
    def date_display(self):
        return format_date(self.dated, self.dated_precision) if self.dated else ""


class EventCategory(models.TextChoices):
    FOUNDING = "founding", _("founding")
    PUBLICATION = "publication", _("publication")
    NETWORK = "network", _("network")
    LAW = "law", _("law")
    REORGANISATION = "reorganisation", _("reorganisation")
    FUNDING = "funding", _("funding")
    PROGRAM = "program", _("program")
    CONTEXT = "context", _("context")


def _timeline_keys():
    return {
        "decade_of": ExtractYear("starts_on") / 10,
        "decade_only": Case(
            When(starts_precision=DatePrecision.DECADE, then=Value(1)), default=Value(0)
        ),
    }


_TIMELINE_ORDER = (
    F("decade_of").asc(nulls_last=True),
    "decade_only",
    F("starts_on").asc(nulls_last=True),
    "position",
    "pk",
)
_LATEST_ORDER = (F("starts_on").desc(), "-position", "-pk")


class EventQuerySet(PublishableQuerySet):
    # An event is public when it and the organisation whose event it is are.
    public_through = ("organization",)

    def for_organization(self, organization):
        """Its own events and those it took part in; each once, without DISTINCT (the links
        read as a subquery), so that a page of them can be chosen on their ids alone."""
        field = self.model._meta.get_field("related_organizations")
        links = field.remote_field.through.objects.filter(
            **{field.m2m_reverse_field_name(): organization}
        )
        # One list of ids (UNION ALL), not "its own OR in the links": the planner guesses a
        # few rows for the list and half the events for the OR, and then walked the timeline's
        # index through all of them for an organisation's first ten (19 ms at 5,000 events).
        own = self.model._default_manager.filter(organization=organization).order_by()
        ids = own.values("pk").union(links.values(field.m2m_column_name()), all=True)
        return self.filter(pk__in=ids)

    def timeline(self):
        """By date; an event dated only to its decade ("the 1970s") after the dated ones of
        that decade. The index `history_event_timeline` holds this order."""
        return self.annotate(**_timeline_keys()).order_by(*_TIMELINE_ORDER)

    def latest(self):
        """Dated events, the latest first (the index `history_event_latest` holds this order)."""
        return self.exclude(starts_on=None).order_by(*_LATEST_ORDER)


class Event(ContentModel):
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="events",
    )
    related_organizations = models.ManyToManyField(
        Organization,
        verbose_name=_("other organisations"),
        blank=True,
        related_name="related_events",
    )
    title = models.CharField(_("title"), max_length=250)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    text = models.TextField(_("text"), blank=True)
    category = models.CharField(_("category"), max_length=16, choices=EventCategory.choices)
    starts_on = models.DateField(
        _("date"),
        null=True,
        blank=True,
        help_text=_("Leave empty when the source gives no date."),
    )
    starts_precision = models.CharField(
        _("precision"),
        max_length=8,
        choices=DatePrecision.choices,
        default=DatePrecision.YEAR,
        help_text=_("Day: 19 February 1970. Year: 1972. Decade: the 1970s."),
    )
    ends_on = models.DateField(_("end"), null=True, blank=True)
    ends_precision = models.CharField(
        _("precision"), max_length=8, choices=DatePrecision.choices, default=DatePrecision.YEAR
    )
    ongoing = models.BooleanField(_("ongoing"), default=False, help_text=_("'From 2016 to today'."))
    planned = models.BooleanField(
        _("planned"),
        default=False,
        help_text=_(
            "Announced by the source as still to come ('in 2014 … will'). The page says so."
        ),
    )
    position = models.PositiveSmallIntegerField(
        _("position"),
        default=0,
        help_text=_("Order among events of the same date, or where the date is unknown."),
    )
    references = models.ManyToManyField(
        Reference,
        verbose_name=_("laws and publications"),
        blank=True,
        related_name="events",
    )
    key_figures = GenericRelation("core.KeyFigure", related_query_name="event")

    objects = EventQuerySet.as_manager()

    class Meta(ContentModel.Meta):
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = [F("starts_on").asc(nulls_last=True), "position", "pk"]
        # The timeline's order and the latest events' (EventQuerySet): a page of them is read
        # in index order, not sorted from every event (10 ms at 5,000 events). The timeline's
        # index also holds what the public rule and the order read of an event (`include`), so
        # that a page's ids are read from it alone: the last page of 5,000 events read every
        # event's row before its own (16 ms in PostgreSQL, 5 with the index alone).
        indexes = [
            models.Index(
                (ExtractYear("starts_on") / 10).asc(nulls_last=True),
                _timeline_keys()["decade_only"],
                F("starts_on").asc(nulls_last=True),
                "position",
                "id",
                include=[
                    "starts_precision",
                    "status",
                    "publish_at",
                    "unpublish_at",
                    "organization",
                ],
                name="history_event_timeline",
            ),
            models.Index(
                fields=["-starts_on", "-position", "-id"],
                condition=Q(starts_on__isnull=False),
                name="history_event_latest",
            ),
            # The timeline's count: the published events and their organisations, read from
            # this narrow index alone (the table's long texts made it a 14 ms scan at 5,000).
            models.Index(
                fields=["organization"],
                include=["publish_at", "unpublish_at"],
                condition=Q(status="published"),
                name="history_event_public_org",
            ),
        ]
        constraints = [
            *ContentModel.Meta.constraints,
            models.CheckConstraint(
                condition=Q(starts_on__isnull=True)
                | Q(ends_on__isnull=True)
                | Q(ends_on__gte=F("starts_on")),
                name="history_event_end_after_start",
                violation_error_message=_("An event cannot end before it starts."),
            ),
            models.CheckConstraint(
                condition=Q(ongoing=False) | Q(ends_on__isnull=True),
                name="history_event_ongoing_has_no_end",
                violation_error_message=_("An ongoing event has no end date."),
            ),
        ]

    def __str__(self):
        return f"{self.date_display} – {self.title}"

    def get_absolute_url(self):
        return view_url("history:timeline") + f"#event-{self.slug}"

    @property
    def date_display(self):
        return format_period(
            self.starts_on, self.starts_precision, self.ends_on, self.ends_precision, self.ongoing
        )

    @property
    def decade(self):
        return self.starts_on.year - self.starts_on.year % 10 if self.starts_on else None
