"""The funders' private space: who belongs to which funder, documents, shared drafts, comments.

A funder's members see the grants their organisation made: published ones (grant and program
public), and drafts a publisher shared with that organisation for review. Nothing here changes
what the public site shows.
"""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from core.models import Status
from partners.models import Organization
from programs.models import Grant, Program

from .storage import private_storage
from .validators import validate_pdf

FUNDERS_GROUP = "Funders"
# What a publisher may share for review: records on their way to the public.
REVIEWABLE = (Status.DRAFT, Status.IN_REVIEW)


def grants_for(organization, at=None):
    """The grants a funder's members see: their organisation's, published or shared for review.

    A grant is published for them when the grant and its program are both public. A draft is
    theirs to see when the grant, or its program, was shared with their organisation and is
    still a draft or in review.
    """
    at = at or timezone.now()
    shares = DraftShare.objects.filter(organization=organization)
    public = Q(pk__in=Grant.objects.published(at).values("pk")) & Q(
        program__in=Program.objects.published(at).values("pk")
    )
    grant_shared = Q(pk__in=shares.filter(grant__status__in=REVIEWABLE).values("grant"))
    program_shared = Q(program__in=shares.filter(program__status__in=REVIEWABLE).values("program"))
    return (
        Grant.objects.filter(funder=organization)
        .exclude(status=Status.ARCHIVED)
        .filter(public | grant_shared | program_shared)
    )


class FunderMembership(models.Model):
    """A person who signs in to the funders' space on behalf of a funder organisation."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        on_delete=models.CASCADE,
        related_name="funder_membership",
        help_text=_(
            "An account without staff status: funders sign in on the site, "
            "never in the administration."
        ),
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("funder"),
        on_delete=models.CASCADE,
        related_name="funder_members",
        help_text=_("The organisation whose grants, shared drafts and documents this person sees."),
    )
    created_at = models.DateTimeField(_("member since"), auto_now_add=True)

    class Meta:
        verbose_name = _("funder account")
        verbose_name_plural = _("funder accounts")
        ordering = ["organization__name", "user__username"]

    def __str__(self):
        return f"{self.user.get_username()} ({self.organization.name})"

    def clean(self):
        super().clean()
        user = self.user if self.user_id else None
        if user is not None and (user.is_staff or user.is_superuser):
            raise ValidationError(
                {
                    "user": _(
                        "A staff account cannot be a funder account: funders have no access to the "
                        "administration. Create a separate account without staff status."
                    )
                }
            )

    def grants(self, at=None):
        return grants_for(self.organization, at)


class DraftShare(models.Model):
    """A draft grant or program a publisher shows to a funder for review before it is published."""

    grant = models.ForeignKey(
        Grant,
        verbose_name=_("grant"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="funder_shares",
        help_text=_("Share a grant, or a program: choose one of the two."),
    )
    program = models.ForeignKey(
        Program,
        verbose_name=_("program"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="funder_shares",
        help_text=_("The funder then sees this program with each of its grants to them."),
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("shared with"),
        blank=True,
        on_delete=models.CASCADE,
        related_name="drafts_shared_with",
        help_text=_(
            "The funder who sees the draft. Leave empty for a grant (its funder) or for a program "
            "with one funder."
        ),
    )
    note = models.TextField(
        _("message to the funder"),
        blank=True,
        help_text=_("Optional. Shown to the funder above the draft, for example what to check."),
    )
    shared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("shared by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    shared_at = models.DateTimeField(_("shared on"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("draft shared with a funder")
        verbose_name_plural = _("drafts shared with funders")
        ordering = ["-shared_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(grant__isnull=False, program__isnull=True)
                | Q(grant__isnull=True, program__isnull=False),
                name="funders_draftshare_grant_or_program",
                violation_error_message=_("Share either a grant or a program."),
            ),
            models.UniqueConstraint(
                fields=["grant", "organization"],
                condition=Q(grant__isnull=False),
                name="funders_draftshare_grant_once",
                violation_error_message=_("This grant is already shared with this funder."),
            ),
            models.UniqueConstraint(
                fields=["program", "organization"],
                condition=Q(program__isnull=False),
                name="funders_draftshare_program_once",
                violation_error_message=_("This program is already shared with this funder."),
            ),
        ]

    def __str__(self):
        return f"{self.subject} → {self.organization.name if self.organization_id else '?'}"

    @property
    def subject(self):
        return self.grant if self.grant_id else self.program

    def clean(self):
        super().clean()
        if bool(self.grant_id) == bool(self.program_id):
            raise ValidationError(_("Share either a grant or a program."))
        field = "grant" if self.grant_id else "program"
        if self.subject.status not in REVIEWABLE:
            raise ValidationError(
                {
                    field: _(
                        "Only a draft or a record in review is shared: "
                        "published records are public already."
                    )
                }
            )
        if self.grant_id:
            self._clean_grant_funder()
        else:
            self._clean_program_funder()

    def _clean_grant_funder(self):
        if not self.organization_id:
            self.organization_id = self.grant.funder_id
        elif self.organization_id != self.grant.funder_id:
            raise ValidationError(
                {"organization": _("A grant is shared with its own funder only.")}
            )

    def _clean_program_funder(self):
        funders = Organization.objects.filter(grants_made__program=self.program).distinct()
        if self.organization_id:
            if not funders.filter(pk=self.organization_id).exists():
                raise ValidationError(
                    {"organization": _("This organisation funds no grant of this program.")}
                )
            return
        found = list(funders[:2])
        if len(found) != 1:
            raise ValidationError(
                {
                    "organization": _(
                        "Choose the funder to share this program with: "
                        "it has no grant, or several funders."
                    )
                }
            )
        self.organization_id = found[0].pk


class DocumentVisibility(models.TextChoices):
    PUBLIC = "public", _("public")
    CONFIDENTIAL = "confidential", _("confidential")


def document_path(instance, filename):
    """A random stored name: the uploaded file's name says nothing and is never reused."""
    return f"grant-documents/{uuid.uuid4().hex}.pdf"


class GrantDocument(models.Model):
    """A PDF attached to a grant (agreement, report…), kept outside any public folder."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    grant = models.ForeignKey(
        Grant, verbose_name=_("grant"), on_delete=models.CASCADE, related_name="documents"
    )
    title = models.CharField(
        _("title"),
        max_length=200,
        help_text=_(
            "What the document is, for example: 'Grant agreement, 2021' or 'Activity report 2023'."
        ),
    )
    visibility = models.CharField(
        _("visibility"),
        max_length=12,
        choices=DocumentVisibility.choices,
        default=DocumentVisibility.CONFIDENTIAL,
        help_text=_(
            "Public: anyone may download it once the grant is published. Confidential: only the "
            "grant's funder (their accounts on this site) and publishers."
        ),
    )
    file = models.FileField(
        _("PDF file"),
        upload_to=document_path,
        storage=private_storage,
        max_length=200,
        validators=[validate_pdf],
        help_text=_("A PDF document. Its content is checked; its file name is not kept."),
    )
    size = models.PositiveBigIntegerField(_("size in bytes"), default=0, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    uploaded_at = models.DateTimeField(_("uploaded on"), auto_now_add=True)

    class Meta:
        verbose_name = _("grant document")
        verbose_name_plural = _("grant documents")
        ordering = ["grant", "-uploaded_at"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("funders:document-download", kwargs={"pk": self.pk})

    @property
    def is_confidential(self):
        return self.visibility == DocumentVisibility.CONFIDENTIAL

    @property
    def download_name(self):
        return f"{slugify(self.title)[:80] or 'document'}.pdf"


class DocumentDownload(models.Model):
    """One download of a grant document: who (if signed in), when, which document."""

    document = models.ForeignKey(
        GrantDocument,
        verbose_name=_("document"),
        on_delete=models.CASCADE,
        related_name="downloads",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Empty for a visitor who was not signed in (public documents only)."),
    )
    username = models.CharField(
        _("user name"),
        max_length=150,
        blank=True,
        help_text=_("Kept as it was at the time, even if the account is deleted later."),
    )
    downloaded_at = models.DateTimeField(_("downloaded on"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("document download")
        verbose_name_plural = _("document downloads")
        ordering = ["-downloaded_at"]

    def __str__(self):
        return f"{self.document} – {self.username or _('a visitor')}"


class FunderComment(models.Model):
    """What a funder's member says about a grant or a program, for the network's staff."""

    grant = models.ForeignKey(
        Grant,
        verbose_name=_("grant"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="funder_comments",
    )
    program = models.ForeignKey(
        Program,
        verbose_name=_("program"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="funder_comments",
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("funder"),
        on_delete=models.CASCADE,
        related_name="funder_comments",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("written by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="funder_comments",
    )
    text = models.TextField(_("comment"), max_length=5000)
    created_at = models.DateTimeField(_("written on"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("funder's comment")
        verbose_name_plural = _("funders' comments")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(grant__isnull=False, program__isnull=True)
                | Q(grant__isnull=True, program__isnull=False),
                name="funders_fundercomment_grant_or_program",
                violation_error_message=_("A comment is about a grant or a program."),
            ),
        ]

    def __str__(self):
        return f"{self.organization.name}: {self.text[:60]}"

    @property
    def subject(self):
        return self.grant if self.grant_id else self.program
