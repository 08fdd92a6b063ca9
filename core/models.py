"""Abstract bases every content model shares, and key figures (attached to any record)."""

import inspect

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import ExpressionWrapper, Q
from django.db.models.base import ModelState
from django.db.models.query_utils import DeferredAttribute
from django.db.models.signals import post_init, pre_init
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from modeltranslation.fields import TranslationFieldDescriptor
from modeltranslation.translator import delete_mt_init

from .qualifiers import Qualifier, format_number, format_qualified
from .sources import SEED_DOCUMENTS, SourceDocument, fragments, passage_is_verbatim


class Status(models.TextChoices):
    DRAFT = "draft", _("draft")
    IN_REVIEW = "in_review", _("in review")
    PUBLISHED = "published", _("published")
    ARCHIVED = "archived", _("archived")


def published_condition(at, prefix=""):
    """The record at `prefix` (a lookup path such as "program__", or "" for the record itself)
    is published and inside its publication window at the instant `at`."""
    return (
        Q(**{f"{prefix}status": Status.PUBLISHED})
        & (Q(**{f"{prefix}publish_at__isnull": True}) | Q(**{f"{prefix}publish_at__lte": at}))
        & (Q(**{f"{prefix}unpublish_at__isnull": True}) | Q(**{f"{prefix}unpublish_at__gt": at}))
    )


def on_their_way_condition(at, prefix=""):
    """The record at `prefix` is public or on its way there: a draft, in review or scheduled.

    Archived records and those whose unpublish date has passed are left out.
    """
    return Q(**{f"{prefix}status__in": [Status.DRAFT, Status.IN_REVIEW]}) | (
        Q(**{f"{prefix}status": Status.PUBLISHED})
        & (Q(**{f"{prefix}unpublish_at__isnull": True}) | Q(**{f"{prefix}unpublish_at__gt": at}))
    )


class PublishableQuerySet(models.QuerySet):
    """Publication state, and the one rule of what the public may see of a model: `public()`.

    A record is public when it is published and inside its publication window, when it is the
    kind of record the public site shows (`public_kind`), and when every record it needs to make
    sense is public too: `public_through` names those relations (a nullable one counts only when
    it is set). A grant, for example, is public when it, its program, its funder and its
    recipient, if one is named, are. Every public page, filter, sitemap, search document, feed and
    export reads `public()`; `published()` is the record's own state alone.
    """

    #: Relations whose record must be public too for this one to be.
    public_through = ()

    def published(self, at=None):
        """The record's own state: published and inside its window at an instant (default: now)."""
        return self.filter(published_condition(at or timezone.now()))

    def public_kind(self, prefix=""):
        """The records of this model the public site shows at all (all of them, unless a
        model says)."""
        return Q()

    def public_condition(self, at, prefix="", *, via=None, preview=False):
        """The whole rule as a condition on the record at `prefix`, for filters and annotations.

        `via`: the relation a query arrives through, whose record is already known to be shown
        (a program's grants are read from the program's page: `via="program"`); it is not tested
        again, so that a staff preview of a draft program lists its grants as the public will.
        `preview`: the record itself may also be on its way to the public (see
        `on_their_way_condition`); what it needs stays public-only.
        """
        own = on_their_way_condition if preview else published_condition
        condition = own(at, prefix) & self.public_kind(prefix)
        for name in self.public_through:
            if name == via:
                continue
            field = self.model._meta.get_field(name)
            needed = field.related_model._default_manager.get_queryset().public_condition(
                at, f"{prefix}{name}__"
            )
            if field.null:
                needed = Q(**{f"{prefix}{name}__isnull": True}) | needed
            condition &= needed
        return condition

    def public(self, at=None, *, via=None, preview=False):
        """What the public may see at an instant (default: now). See the class's docstring."""
        return self.filter(self.public_condition(at or timezone.now(), via=via, preview=preview))

    def with_public_flag(self, name="on_public_site", at=None):
        """Each record annotated with `name`: True when the public sees it (the same rule)."""
        condition = self.public_condition(at or timezone.now())
        return self.annotate(
            **{name: ExpressionWrapper(condition, output_field=models.BooleanField())}
        )


_ATTNAMES = {}


def _attnames(model):
    """The attribute names of `model`'s columns, in order, when a row of it can become an
    instance by setting them in its __dict__ (`_loads_directly`); else None. Found once per
    model (fields, descriptors and signal receivers are all in place once the apps are)."""
    try:
        return _ATTNAMES[model]
    except KeyError:
        pass
    attnames = None
    if _loads_directly(model):
        attnames = tuple(field.attname for field in model._meta.concrete_fields)
    _ATTNAMES[model] = attnames
    return attnames


def _loads_directly(model):
    """Whether Model.__init__(*values) would only put each value in the instance's __dict__:
    no __init__ of the model's own (modeltranslation's only marks the instance as being built,
    which its post_init receiver unmarks), no pre_init receiver, no post_init receiver but
    modeltranslation's, and each column's attribute either plain or one whose __set__ puts
    the value in __dict__ while an instance is built (Django's deferred and foreign key
    attributes, modeltranslation's translated field when it is not a foreign key)."""
    init = model.__init__
    if init.__module__ == "modeltranslation.translator":
        init = inspect.getclosurevars(init).nonlocals.get("old_init")
    if init is not models.Model.__init__:
        return False
    if pre_init.has_listeners(model):
        return False
    synchronous, asynchronous = post_init._live_receivers(model)
    if asynchronous or any(receiver is not delete_mt_init for receiver in synchronous):
        return False
    for field in model._meta.concrete_fields:
        attribute = inspect.getattr_static(model, field.attname, None)
        if attribute is None or isinstance(attribute, DeferredAttribute):
            continue
        if isinstance(attribute, TranslationFieldDescriptor) and not field.is_relation:
            continue
        return False
    return True


# The columns of a content record that no list's card reads: where its facts come from, when
# it was written, its identifiers for the open-data files and the imports. A list that reads
# them makes a time, a date or a uuid of each for every row (`record_only`).
RECORD_ONLY = (
    "source_document",
    "source_entered_by",
    "source_entered_on",
    "created_at",
    "updated_at",
    "uuid",
    "external_source",
    "external_id",
)


def record_only(model, prefix="", names=RECORD_ONLY):
    """Those of `names` (RECORD_ONLY unless given) that are fields of `model`, each after
    `prefix` (a relation's, for defer())."""
    fields = {field.name for field in model._meta.fields}
    return [f"{prefix}{name}" for name in names if name in fields]


class ContentModel(models.Model):
    """Timestamps, publication state and source, shared by every content record."""

    status = models.CharField(
        _("publication state"),
        max_length=16,
        choices=Status.choices,
        default=Status.DRAFT,
        db_index=True,
        help_text=_(
            "Only published content inside its publication window shows on the public site."
        ),
    )
    publish_at = models.DateTimeField(
        _("publish at"),
        null=True,
        blank=True,
        help_text=_("Optional. Leave empty to publish as soon as the state is 'published'."),
    )
    unpublish_at = models.DateTimeField(
        _("unpublish at"),
        null=True,
        blank=True,
        help_text=_("Optional. The record leaves the public site at this moment."),
    )
    source_document = models.CharField(
        _("source"),
        max_length=32,
        choices=SourceDocument.choices,
        default=SourceDocument.STAFF,
        help_text=_(
            "Where this fact comes from: one of the two source documents, or a staff entry."
        ),
    )
    source_passage = models.TextField(
        _("quoted passage"),
        blank=True,
        help_text=_(
            "For a source document: the passage copied word for word (English original). "
            "Separate several passages with […]."
        ),
    )
    source_entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("For a staff entry: who entered the fact. Filled in for you when empty."),
    )
    source_entered_on = models.DateField(
        _("entered on"),
        null=True,
        blank=True,
        help_text=_("For a staff entry: when the fact was entered. Filled in for you when empty."),
    )
    source_verification = models.TextField(
        _("how it was verified"),
        blank=True,
        help_text=_(
            "For a staff entry: how the fact was checked (a phone call, a visit, a document…)."
        ),
    )
    seed_key = models.CharField(
        _("seed key"),
        max_length=120,
        unique=True,
        null=True,
        blank=True,
        editable=False,
        help_text=_("Stable key of the record loaded from the source documents."),
    )
    # The values the seed command last wrote, to tell its own records from staff edits.
    seed_snapshot = models.JSONField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = PublishableQuerySet.as_manager()

    class Meta:
        abstract = True
        # "publish" is the publishers' right: publish, unpublish, schedule, approve changes.
        default_permissions = ("add", "change", "delete", "view", "publish")
        constraints = [
            models.CheckConstraint(
                condition=Q(publish_at__isnull=True)
                | Q(unpublish_at__isnull=True)
                | Q(unpublish_at__gt=models.F("publish_at")),
                name="%(app_label)s_%(class)s_unpublish_after_publish",
                violation_error_message=_("The unpublish date must come after the publish date."),
            ),
            models.CheckConstraint(
                condition=(Q(source_document__in=SEED_DOCUMENTS) & ~Q(source_passage=""))
                | Q(source_document=SourceDocument.STAFF),
                name="%(app_label)s_%(class)s_seed_source_quotes_a_passage",
                violation_error_message=_(
                    "A fact from a source document needs its quoted passage."
                ),
            ),
        ]

    @classmethod
    def from_db(cls, db, field_names, values):
        """The instance of a row, as Model.from_db() makes it, without running __init__() and
        its signals when they would do nothing but set each column's attribute
        (`_loads_directly`): that was half the reading of a detail page's lists (a hundred
        records and their related ones, each through modeltranslation's __init__, Django's,
        a setattr() per column and two signals)."""
        attnames = _attnames(cls)
        if attnames is None:
            # A row read with deferred columns (`only()`, core.fallback.in_page_language):
            # Django looks each of the model's fields up in `field_names`, a list, for every
            # row; a set makes that one lookup each (a place has some 100 fields: 20 places
            # cost 4 ms more with fewer columns read than with all of them).
            if len(values) != len(cls._meta.concrete_fields):
                field_names = frozenset(field_names)
            return super().from_db(db, field_names, values)
        if len(values) != len(attnames):
            # The columns read, in the model's order, as Model.from_db() reads them.
            field_names = frozenset(field_names)
            attnames = [name for name in attnames if name in field_names]
        new = cls.__new__(cls)
        new.__dict__.update(zip(attnames, values, strict=True))
        state = new._state = ModelState()
        state.adding = False
        state.db = db
        return new

    @property
    def is_public(self):
        """This record's own state: published and inside its window now.

        Whether the public sees it may also depend on other records (a grant's funder): that is
        its QuerySet's `public()`, which the public site reads.
        """
        now = timezone.now()
        return (
            self.status == Status.PUBLISHED
            and (self.publish_at is None or self.publish_at <= now)
            and (self.unpublish_at is None or self.unpublish_at > now)
        )

    @property
    def is_seed_source(self):
        return self.source_document in SEED_DOCUMENTS

    @property
    def source_fragments(self):
        return fragments(self.source_passage)

    @property
    def model_name(self):
        return self._meta.model_name

    def clean(self):
        super().clean()
        if (
            self.is_seed_source
            and self.source_passage
            and not passage_is_verbatim(self.source_document, self.source_passage)
        ):
            raise ValidationError(
                {
                    "source_passage": _(
                        "This passage is not word for word in the chosen source document."
                    )
                }
            )


class KeyFigureUnit(models.TextChoices):
    NUMBER = "number", _("number")
    PERCENT = "percent", _("percent")
    EUR = "eur", _("euros")
    SQUARE_METRES = "m2", _("square metres")
    YEARS = "years", _("years")


class KeyFigure(ContentModel):
    """A qualified figure about a program, place, organisation or event."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    subject = GenericForeignKey("content_type", "object_id")
    value = models.DecimalField(
        _("value"),
        max_digits=14,
        decimal_places=3,
        help_text=_("The number as the source gives it: 6000 for 'more than 6,000'; 39 for 39%."),
    )
    qualifier = models.CharField(
        _("qualifier"),
        max_length=16,
        choices=Qualifier.choices,
        default=Qualifier.EXACT,
        help_text=_(
            "Keep the source's word: 'almost' is not 'about'. "
            "'Nearly' is 'almost'; 'some' is 'about'."
        ),
    )
    unit = models.CharField(
        _("unit"), max_length=16, choices=KeyFigureUnit.choices, default=KeyFigureUnit.NUMBER
    )
    label = models.CharField(
        _("what is counted"),
        max_length=200,
        help_text=_("For example: medical consultations; women; affiliated associations."),
    )
    period = models.CharField(
        _("period"), max_length=100, blank=True, help_text=_("For example: a year.")
    )
    scope = models.CharField(
        _("scope"),
        max_length=200,
        blank=True,
        help_text=_("For example: of those admitted; half of them in Paris; of the population."),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta(ContentModel.Meta):
        verbose_name = _("key figure")
        verbose_name_plural = _("key figures")
        ordering = ["content_type", "object_id", "position", "pk"]
        indexes = [models.Index(fields=["content_type", "object_id"])]
        constraints = [
            *ContentModel.Meta.constraints,
            models.CheckConstraint(
                condition=Q(value__gt=0),
                name="core_keyfigure_value_positive",
                violation_error_message=_("A key figure must be a positive number."),
            ),
            models.CheckConstraint(
                condition=~Q(qualifier=Qualifier.NOT_DISCLOSED),
                name="core_keyfigure_value_is_stated",
                violation_error_message=_(
                    "A key figure states a number; leave out what is not disclosed."
                ),
            ),
        ]

    def __str__(self):
        return " ".join(p for p in (self.display_value, self.label, self.period, self.scope) if p)

    @property
    def display_value(self):
        if self.unit == KeyFigureUnit.EUR:
            return format_qualified(self.value, self.qualifier, money=True)
        suffix = {
            KeyFigureUnit.PERCENT: "\N{NO-BREAK SPACE}%" if self._french() else "%",
            KeyFigureUnit.SQUARE_METRES: "\N{NO-BREAK SPACE}m²",
        }.get(self.unit, "")
        return format_qualified(self.value, self.qualifier, suffix=suffix)

    @staticmethod
    def _french():
        return (get_language() or "fr").startswith("fr")

    @property
    def number(self):
        return format_number(self.value)


class TriState(models.TextChoices):
    """A condition a source may state, deny, or not mention. 'Not stated' is the default."""

    YES = "yes", _("yes")
    NO = "no", _("no")
    NOT_STATED = "not_stated", _("not stated by the source")


def tri_state_field(verbose_name, help_text=""):
    return models.CharField(
        verbose_name,
        max_length=12,
        choices=TriState.choices,
        default=TriState.NOT_STATED,
        help_text=help_text or _("Say 'yes' or 'no' only where a source states it."),
    )


class PendingChangeStatus(models.TextChoices):
    PENDING = "pending", _("waiting for review")
    APPROVED = "approved", _("approved")
    REJECTED = "rejected", _("rejected")


class PendingChangeQuerySet(models.QuerySet):
    def waiting(self):
        return self.filter(status=PendingChangeStatus.PENDING)

    def for_object(self, obj):
        return self.filter(content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk)


class PendingChange(models.Model):
    """An editor's change to published content, kept aside until a publisher approves it.

    The public keeps seeing the published version meanwhile.
    """

    content_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, verbose_name=_("kind of record")
    )
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    object_repr = models.CharField(_("record"), max_length=250)
    data = models.JSONField(
        _("proposed values"), help_text=_("The fields the editor changed, with their new values.")
    )
    reason = models.TextField(_("reason"), blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("proposed by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="proposed_changes",
    )
    created_at = models.DateTimeField(_("proposed on"), auto_now_add=True)
    status = models.CharField(
        _("review"),
        max_length=10,
        choices=PendingChangeStatus.choices,
        default=PendingChangeStatus.PENDING,
        db_index=True,
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reviewed_changes",
    )
    reviewed_at = models.DateTimeField(_("reviewed on"), null=True, blank=True)
    review_comment = models.TextField(_("review comment"), blank=True)

    objects = PendingChangeQuerySet.as_manager()

    class Meta:
        verbose_name = _("change waiting for review")
        verbose_name_plural = _("changes waiting for review")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self):
        return f"{self.object_repr} ({self.get_status_display()})"


class DeletedLinks(models.Model):
    """The links other records held to a record when staff deleted it from the admin (a place
    that listed a deleted program, an organisation whose parent it was), kept with the version
    saved at its deletion (django-reversion's revision meta): "Recover deleted" brings the
    record back from that version and these links with it (core.versions.restore_links)."""

    revision = models.OneToOneField(
        "reversion.Revision", on_delete=models.CASCADE, related_name="deleted_links"
    )
    links = models.JSONField(
        default=list,
        help_text="[{record's content type, pk, relation, model of the records linking, pks}]",
    )

    class Meta:
        verbose_name = _("links at deletion")
        verbose_name_plural = _("links at deletion")

    def __str__(self):
        return f"{self._meta.verbose_name} ({self.revision_id})"
