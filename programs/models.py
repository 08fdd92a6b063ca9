"""What is funded or run: programs, their grants, themes and the people they serve."""

from uuid import uuid4

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from core.dates import DatePrecision, format_date, format_period
from core.displayed import Displayed
from core.links import slug_url
from core.models import ContentModel, PublishableQuerySet
from core.qualifiers import Qualifier, format_qualified
from partners.models import Organization


class Theme(ContentModel):
    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    description = models.TextField(_("description"), blank=True)

    class Meta(ContentModel.Meta):
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        ordering = [Displayed("name").asc(), "pk"]

    def __str__(self):
        return self.name


class TargetGroup(ContentModel):
    """People a program or a place is for: minors, women, migrants and refugees…"""

    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    description = models.TextField(_("description"), blank=True)
    uuid = models.UUIDField(_("UUID"), default=uuid4, unique=True, editable=False)

    class Meta(ContentModel.Meta):
        verbose_name = _("target group")
        verbose_name_plural = _("target groups")
        ordering = [Displayed("name").asc(), "pk"]

    def __str__(self):
        return self.name


class ProgramKind(models.TextChoices):
    FUNDED = "funded", _("funded program")
    STANDING = "standing", _("standing activity")
    STUDY = "study", _("survey or study")


class Program(ContentModel):
    title = models.CharField(_("title"), max_length=250)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    kind = models.CharField(
        _("kind"), max_length=16, choices=ProgramKind.choices, default=ProgramKind.FUNDED
    )
    summary = models.CharField(
        _("summary"), max_length=400, blank=True, help_text=_("One or two plain sentences.")
    )
    description = models.TextField(_("description"), blank=True)
    lead_organization = models.ForeignKey(
        Organization,
        verbose_name=_("lead organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="led_programs",
        help_text=_("Leave empty when the source does not say who runs it."),
    )
    partners = models.ManyToManyField(
        Organization,
        verbose_name=_("partners"),
        blank=True,
        related_name="partner_programs",
    )
    themes = models.ManyToManyField(
        Theme, verbose_name=_("themes"), blank=True, related_name="programs"
    )
    target_groups = models.ManyToManyField(
        TargetGroup,
        verbose_name=_("target groups"),
        blank=True,
        related_name="programs",
    )
    area = models.CharField(
        _("area"),
        max_length=250,
        blank=True,
        help_text=_(
            "Where it acts, in words: 'Lyon, Toulouse, Montpellier and Paris'; "
            "'throughout the country'."
        ),
    )
    starts_on = models.DateField(
        _("start"), null=True, blank=True, help_text=_("Leave empty when not stated.")
    )
    starts_precision = models.CharField(
        _("precision"), max_length=8, choices=DatePrecision.choices, default=DatePrecision.YEAR
    )
    ends_on = models.DateField(_("end"), null=True, blank=True)
    ends_precision = models.CharField(
        _("precision"), max_length=8, choices=DatePrecision.choices, default=DatePrecision.YEAR
    )
    ongoing = models.BooleanField(
        _("ongoing"), default=False, help_text=_("Tick when a source says it goes on today.")
    )
    key_figures = GenericRelation("core.KeyFigure", related_query_name="program")

    class Meta(ContentModel.Meta):
        verbose_name = _("program")
        verbose_name_plural = _("programs")
        ordering = [Displayed("title").asc(), "pk"]
        # Lists ordered by title in the visitor's language (modeltranslation's title_fr/title_en):
        # the grants index orders its page by program title (at 10,000 grants, 60 ms to 16 ms).
        indexes = [
            models.Index(fields=["title_fr", "id"], name="programs_program_title_fr_idx"),
            models.Index(fields=["title_en", "id"], name="programs_program_title_en_idx"),
        ] + [
            # The program list's order in each language: the title it shows (core.displayed).
            models.Index(
                Displayed("title").for_language(language),
                F("id"),
                name=f"programs_shown_{language}",
            )
            for language, _name in settings.LANGUAGES
        ]
        constraints = [
            *ContentModel.Meta.constraints,
            models.CheckConstraint(
                condition=Q(starts_on__isnull=True)
                | Q(ends_on__isnull=True)
                | Q(ends_on__gte=F("starts_on")),
                name="programs_program_end_after_start",
                violation_error_message=_("A program cannot end before it starts."),
            ),
            models.CheckConstraint(
                condition=Q(ongoing=False) | Q(ends_on__isnull=True),
                name="programs_program_ongoing_has_no_end",
                violation_error_message=_("An ongoing program has no end date."),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return slug_url("programs:program-detail", self.slug)

    @property
    def period_display(self):
        if self.starts_on is None and self.ends_on is None:
            return ""
        return format_period(
            self.starts_on, self.starts_precision, self.ends_on, self.ends_precision, self.ongoing
        )


class GrantQuerySet(PublishableQuerySet):
    # A grant is public when it, its program, its funder and its recipient (if one is named) are.
    public_through = ("program", "funder", "recipient")


class Grant(ContentModel):
    """What a funder gives a program: a qualified amount in euros, or 'not disclosed'."""

    program = models.ForeignKey(
        Program, verbose_name=_("program"), on_delete=models.CASCADE, related_name="grants"
    )
    slug = models.SlugField(
        _("slug"),
        max_length=120,
        unique=True,
        help_text=_("Stable identifier of the grant, used in its address and in open data."),
    )
    funder = models.ForeignKey(
        Organization,
        verbose_name=_("funder"),
        on_delete=models.PROTECT,
        related_name="grants_made",
    )
    recipient = models.ForeignKey(
        Organization,
        verbose_name=_("recipient"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="grants_received",
        help_text=_("Leave empty when the source does not name the recipient."),
    )
    purpose = models.TextField(_("purpose"), blank=True)
    amount = models.DecimalField(
        _("amount (EUR)"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("In euros. Leave empty when the amount is not disclosed."),
    )
    amount_qualifier = models.CharField(
        _("amount qualifier"),
        max_length=16,
        choices=Qualifier.choices,
        default=Qualifier.NOT_DISCLOSED,
        help_text=_(
            "Keep the source's word: 'almost €600,000' is 'almost'; 'up to €600,000' is 'up to'."
        ),
    )
    currency = models.CharField(_("currency"), max_length=3, default="EUR", editable=False)
    duration_months = models.PositiveSmallIntegerField(
        _("duration in months"),
        null=True,
        blank=True,
        help_text=_("36 for 'over three years'. Empty when not stated."),
    )
    starts_on = models.DateField(_("start"), null=True, blank=True)
    starts_precision = models.CharField(
        _("precision"), max_length=8, choices=DatePrecision.choices, default=DatePrecision.YEAR
    )
    ends_on = models.DateField(_("end"), null=True, blank=True)
    ends_precision = models.CharField(
        _("precision"), max_length=8, choices=DatePrecision.choices, default=DatePrecision.YEAR
    )
    ongoing = models.BooleanField(_("ongoing"), default=False)
    awarded_on = models.DateField(
        _("award date"), null=True, blank=True, help_text=_("Leave empty when not stated.")
    )

    objects = GrantQuerySet.as_manager()

    class Meta(ContentModel.Meta):
        verbose_name = _("grant")
        verbose_name_plural = _("grants")
        ordering = ["program__title", "slug"]
        constraints = [
            *ContentModel.Meta.constraints,
            models.CheckConstraint(
                condition=(Q(amount_qualifier=Qualifier.NOT_DISCLOSED) & Q(amount__isnull=True))
                | (
                    ~Q(amount_qualifier=Qualifier.NOT_DISCLOSED)
                    & Q(amount__isnull=False)
                    & Q(amount__gt=0)
                ),
                name="programs_grant_amount_matches_qualifier",
                violation_error_message=_(
                    "Give a positive amount with its qualifier, or no amount with 'not disclosed'."
                ),
            ),
            models.CheckConstraint(
                condition=Q(starts_on__isnull=True)
                | Q(ends_on__isnull=True)
                | Q(ends_on__gte=F("starts_on")),
                name="programs_grant_end_after_start",
                violation_error_message=_("A grant cannot end before it starts."),
            ),
            models.CheckConstraint(
                condition=Q(duration_months__isnull=True) | Q(duration_months__gt=0),
                name="programs_grant_duration_positive",
                violation_error_message=_("A duration must be positive."),
            ),
            models.CheckConstraint(
                condition=~Q(slug="data-quality"),
                name="programs_grant_slug_not_reserved",
                violation_error_message=_("This address is taken by the data-quality page."),
            ),
            models.CheckConstraint(
                condition=Q(recipient__isnull=True) | ~Q(recipient=F("funder")),
                name="programs_grant_funder_is_not_recipient",
                violation_error_message=_("A funder does not fund itself."),
            ),
        ]

    def __str__(self):
        return f"{self.funder.name} → {self.program.title}: {self.amount_display}"

    def get_absolute_url(self):
        return slug_url("grants:grant-detail", self.slug)

    @property
    def amount_display(self):
        if self.amount_qualifier == Qualifier.NOT_DISCLOSED:
            return str(_("amount not disclosed"))
        return format_qualified(self.amount, self.amount_qualifier, money=True)

    @property
    def duration_display(self):
        if not self.duration_months:
            return ""
        if self.duration_months % 12 == 0:
            years = self.duration_months // 12
            return str(_("%(n)s years") % {"n": years}) if years != 1 else str(_("one year"))
        return str(_("%(n)s months") % {"n": self.duration_months})

    @property
    def period_display(self):
        if self.starts_on is None and self.ends_on is None:
            return ""
        return format_period(
            self.starts_on, self.starts_precision, self.ends_on, self.ends_precision, self.ongoing
        )

    @property
    def awarded_display(self):
        return format_date(self.awarded_on, DatePrecision.DAY) if self.awarded_on else ""

    def clean(self):
        super().clean()
        if self.amount_qualifier == Qualifier.NOT_DISCLOSED and self.amount is not None:
            raise ValidationError(
                {"amount": _("Remove the amount, or choose the qualifier the source gives.")}
            )
        if self.amount_qualifier != Qualifier.NOT_DISCLOSED and self.amount is None:
            raise ValidationError(
                {"amount": _("Enter the amount the source gives, or choose 'not disclosed'.")}
            )
