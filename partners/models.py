"""The organisations the network is made of, their former names and their relationships."""

from uuid import uuid4

from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from core.dates import DatePrecision, format_date, format_period
from core.displayed import Displayed
from core.links import slug_url
from core.models import ContentModel, PublishableQuerySet
from core.qualifiers import Qualifier, format_qualified


class OrganizationKind(models.TextChoices):
    FOUNDATION = "foundation", _("foundation")
    NGO = "ngo", _("non-governmental organisation")
    ASSOCIATION = "association", _("association")
    NETWORK = "network", _("network")
    UNIVERSITY = "university", _("university")
    MOVEMENT = "movement", _("movement")
    OTHER = "other", _("other")


# An org-id.guide identifier: a list prefix (country code, register) then the number in that
# register.
validate_registered_identifier = RegexValidator(
    r"^[A-Z]{2}-[A-Z0-9]+-[A-Za-z0-9]+$",
    _(
        "Write it as on org-id.guide: the register's prefix, a hyphen, then the number: "
        "FR-RNA-W751234567."
    ),
)


# What a visitor may type to name an organisation in a filter: its name in either language, or its
# acronym (core.filters.NamedChoiceFilter).
ORGANIZATION_NAMES = ("name_fr", "name_en", "acronym")
# The link such a filter offers to the page listing them all.
EVERY_ORGANIZATION = _("See the list of every organisation.")


class Organization(ContentModel):
    name = models.CharField(_("name"), max_length=200, help_text=_("The name in use today."))
    acronym = models.CharField(
        _("acronym"), max_length=30, blank=True, help_text=_("For example: MdM.")
    )
    slug = models.SlugField(
        _("slug"), max_length=120, unique=True, help_text=_("The end of the page's address.")
    )
    kind = models.CharField(_("kind"), max_length=16, choices=OrganizationKind.choices)
    legal_form = models.CharField(
        _("legal form"),
        max_length=200,
        blank=True,
        help_text=_(
            "Only where a source states it, e.g. 'association under the French law of 1901'."
        ),
    )
    summary = models.CharField(_("summary"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="children",
    )
    founded_on = models.DateField(
        _("founded"), null=True, blank=True, help_text=_("Leave empty when not stated.")
    )
    founded_precision = models.CharField(
        _("precision of the founding date"),
        max_length=8,
        choices=DatePrecision.choices,
        default=DatePrecision.YEAR,
    )
    website = models.URLField(
        _("website"), blank=True, help_text=_("Only an address a source gives.")
    )
    registered_identifier = models.CharField(
        _("registered identifier"),
        max_length=100,
        blank=True,
        validators=[validate_registered_identifier],
        help_text=_(
            "Optional. The organisation's number in an official register, with the register's "
            "prefix from org-id.guide: FR-RNA-W751234567 (associations), FR-SIREN-123456789 "
            "(companies and foundations). Copy it from the register itself; never make one up. "
            "Left empty, open data uses an identifier made by this site."
        ),
    )
    key_figures = GenericRelation("core.KeyFigure", related_query_name="organization")
    # A stable identifier for open data (the HSDS API): slugs change, primary keys differ.
    uuid = models.UUIDField(_("UUID"), default=uuid4, unique=True, editable=False)
    # An imported organisation (the imports app): the source of its file and the row's own id
    # there, by which a later import of the same source finds it again.
    external_source = models.CharField(
        _("import source"),
        max_length=100,
        blank=True,
        editable=False,
        help_text=_("The source whose spreadsheet imported this organisation."),
    )
    external_id = models.CharField(
        _("id in the import source"), max_length=200, blank=True, editable=False
    )

    class Meta(ContentModel.Meta):
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = [Displayed("name").asc(), "pk"]
        constraints = [
            *ContentModel.Meta.constraints,
            models.CheckConstraint(
                condition=Q(parent__isnull=True) | ~Q(parent=F("pk")),
                name="partners_organization_not_own_parent",
                violation_error_message=_("An organisation cannot be its own parent."),
            ),
            models.UniqueConstraint(
                fields=["registered_identifier"],
                condition=~Q(registered_identifier=""),
                name="partners_organization_registered_identifier_unique",
                violation_error_message=_(
                    "Another organisation already has this registered identifier."
                ),
            ),
            models.UniqueConstraint(
                fields=["external_source", "external_id"],
                condition=~Q(external_id=""),
                name="partners_organization_external_id_unique",
                violation_error_message=_(
                    "Another organisation already has this id in this source."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.acronym})" if self.acronym else self.name

    def get_absolute_url(self):
        return slug_url("partners:organization-detail", self.slug)

    @property
    def founded_display(self):
        return format_date(self.founded_on, self.founded_precision) if self.founded_on else ""

    def clean(self):
        super().clean()
        ancestor, seen = self.parent, set()
        while ancestor is not None and ancestor.pk not in seen:
            if self.pk and ancestor.pk == self.pk:
                raise ValidationError(
                    {"parent": _("This would make the organisation its own ancestor.")}
                )
            seen.add(ancestor.pk)
            ancestor = ancestor.parent


class OrganizationName(ContentModel):
    """A name the organisation went by before: the CMMSAM became Migrations Santé France."""

    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="former_names",
    )
    name = models.CharField(_("former name"), max_length=200)
    acronym = models.CharField(_("acronym"), max_length=30, blank=True)
    used_from = models.DateField(_("used from"), null=True, blank=True)
    used_from_precision = models.CharField(
        _("precision"), max_length=8, choices=DatePrecision.choices, default=DatePrecision.YEAR
    )
    used_until = models.DateField(
        _("used until"), null=True, blank=True, help_text=_("Leave empty when not stated.")
    )
    used_until_precision = models.CharField(
        _("precision"), max_length=8, choices=DatePrecision.choices, default=DatePrecision.YEAR
    )

    class Meta(ContentModel.Meta):
        verbose_name = _("former name")
        verbose_name_plural = _("former names")
        ordering = ["organization", "used_from", Displayed("name").asc(), "pk"]
        constraints = [
            *ContentModel.Meta.constraints,
            models.CheckConstraint(
                condition=Q(used_from__isnull=True)
                | Q(used_until__isnull=True)
                | Q(used_until__gte=F("used_from")),
                name="partners_organizationname_end_after_start",
                violation_error_message=_("A name cannot stop being used before it started."),
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.acronym})" if self.acronym else self.name

    @property
    def period_display(self):
        if self.used_from is None and self.used_until is None:
            return ""
        return format_period(
            self.used_from, self.used_from_precision, self.used_until, self.used_until_precision
        )


class RelationshipKind(models.TextChoices):
    FUNDS = "funds", _("funds")
    PARTNERS_WITH = "partners_with", _("partners with")
    AFFILIATED_TO = "affiliated_to", _("is affiliated to")
    COLLABORATES_WITH = "collaborates_with", _("collaborates with")


class RelationshipQuerySet(PublishableQuerySet):
    # A relationship is public when it and the organisations at both of its ends are.
    public_through = ("source", "target")


class Relationship(ContentModel):
    source = models.ForeignKey(
        Organization,
        verbose_name=_("from"),
        on_delete=models.CASCADE,
        related_name="relationships_from",
    )
    target = models.ForeignKey(
        Organization,
        verbose_name=_("to"),
        on_delete=models.CASCADE,
        related_name="relationships_to",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=RelationshipKind.choices)
    description = models.TextField(_("description"), blank=True)
    since = models.DateField(
        _("since"), null=True, blank=True, help_text=_("Leave empty when not stated.")
    )
    since_precision = models.CharField(
        _("precision"), max_length=8, choices=DatePrecision.choices, default=DatePrecision.YEAR
    )
    until = models.DateField(_("until"), null=True, blank=True)
    until_precision = models.CharField(
        _("precision"), max_length=8, choices=DatePrecision.choices, default=DatePrecision.YEAR
    )
    duration_years = models.DecimalField(
        _("duration in years"),
        max_digits=5,
        decimal_places=1,
        null=True,
        blank=True,
        help_text=_("As the source states it: 15 for 'nearly 15 years'."),
    )
    duration_qualifier = models.CharField(
        _("duration qualifier"),
        max_length=16,
        choices=Qualifier.choices,
        default=Qualifier.EXACT,
    )

    objects = RelationshipQuerySet.as_manager()

    class Meta(ContentModel.Meta):
        verbose_name = _("relationship")
        verbose_name_plural = _("relationships")
        ordering = ["source", "kind", "target"]
        constraints = [
            *ContentModel.Meta.constraints,
            models.CheckConstraint(
                condition=~Q(source=F("target")),
                name="partners_relationship_between_two",
                violation_error_message=_("A relationship links two different organisations."),
            ),
            models.CheckConstraint(
                condition=Q(since__isnull=True) | Q(until__isnull=True) | Q(until__gte=F("since")),
                name="partners_relationship_end_after_start",
                violation_error_message=_("A relationship cannot end before it started."),
            ),
            models.CheckConstraint(
                condition=Q(duration_years__isnull=True) | Q(duration_years__gt=0),
                name="partners_relationship_duration_positive",
                violation_error_message=_("A duration must be positive."),
            ),
            models.UniqueConstraint(
                fields=["source", "target", "kind"],
                name="partners_relationship_unique",
                violation_error_message=_("This relationship is already recorded."),
            ),
        ]

    def __str__(self):
        return f"{self.source.name} — {self.get_kind_display()} — {self.target.name}"

    @property
    def duration_display(self):
        if self.duration_years is None:
            return ""
        return format_qualified(self.duration_years, self.duration_qualifier)

    @property
    def since_display(self):
        return format_date(self.since, self.since_precision) if self.since else ""

    @property
    def until_display(self):
        return format_date(self.until, self.until_precision) if self.until else ""
