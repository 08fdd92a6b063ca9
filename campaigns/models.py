"""Verification campaigns (issue 16, item 3): a publisher asks the organisations that run places
whose information is due to confirm it, through one e-mail per organisation with a link that
needs no account.

A `Campaign` holds the places chosen (`CampaignPlace`) grouped by their organisation, one
`CampaignLetter` each: the e-mail, its link's first use, and each place's answer. The link is
the letter's number signed with the site's secret (`CampaignLetter.token`): it cannot be made
for another letter, and it works until every place in it is answered or the campaign expires.
"""

import datetime

from django.conf import settings
from django.core import signing
from django.db import models
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from centers.models import Center, CorrectionReport
from outbox.models import OutgoingMessage
from partners.models import Organization

VALID_FOR = datetime.timedelta(days=30)
SIGNING_SALT = "campaigns.letter"


class CampaignContact(models.Model):
    """Where an organisation that runs places gets verification requests, and in which
    language. An organisation without one is left out of campaigns (the start page says so)."""

    organization = models.OneToOneField(
        Organization,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="campaign_contact",
    )
    email = models.EmailField(
        _("e-mail"),
        help_text=_("The address the organisation gave for checking its places' information."),
    )
    language = models.CharField(
        _("language"), max_length=10, choices=settings.LANGUAGES, default="fr"
    )

    class Meta:
        ordering = ["organization__name"]
        verbose_name = _("campaign contact")
        verbose_name_plural = _("campaign contacts")

    def __str__(self):
        return f"{self.organization}: {self.email}"


class Campaign(models.Model):
    name = models.CharField(
        _("name"), max_length=120, help_text=_("Shown to organisations, e.g. “Winter 2026”.")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("started by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("started at"), auto_now_add=True)
    expires_at = models.DateTimeField(_("links expire at"))
    criteria = models.CharField(_("places chosen"), max_length=500, blank=True)
    reminder_sent_at = models.DateTimeField(_("reminder sent at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("verification campaign")
        verbose_name_plural = _("verification campaigns")

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if self.expires_at is None:
            self.expires_at = timezone.now() + VALID_FOR
        super().save(*args, **kwargs)

    def is_expired(self, now=None):
        return (now or timezone.now()) >= self.expires_at


class CampaignLetter(models.Model):
    """One organisation's part of a campaign: its e-mail and its link."""

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="letters"
    )
    organization = models.ForeignKey(
        Organization, verbose_name=_("organisation"), on_delete=models.CASCADE, related_name="+"
    )
    email = models.EmailField(_("sent to"))
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    message = models.ForeignKey(
        OutgoingMessage,
        verbose_name=_("e-mail"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    first_visited_at = models.DateTimeField(_("link first used at"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("reminded at"), null=True, blank=True)

    class Meta:
        ordering = ["campaign", "organization__name"]
        verbose_name = _("campaign letter")
        verbose_name_plural = _("campaign letters")
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "organization"], name="campaigns_one_letter_per_organization"
            )
        ]

    def __str__(self):
        return f"{self.campaign}: {self.organization}"

    def get_absolute_url(self, language=None):
        with translation.override(language or self.language):
            return reverse("campaigns:letter", args=[self.token])

    @property
    def token(self):
        # No timestamp (the campaign's own date says when it expires): the same link each time.
        return signing.Signer(salt=SIGNING_SALT).sign_object(self.pk)

    @classmethod
    def from_token(cls, token):
        """The letter a link's token names, or None when it was not signed by this site."""
        try:
            pk = signing.Signer(salt=SIGNING_SALT).unsign_object(token)
        except (signing.BadSignature, ValueError):
            return None
        if not isinstance(pk, int):
            return None
        return cls.objects.select_related("campaign", "organization").filter(pk=pk).first()


class Answer(models.TextChoices):
    NONE = "", _("no answer")
    CONFIRMED = "confirmed", _("still correct")
    CHANGED = "changed", _("changes proposed")
    CLOSED = "closed", _("closed for good")


class CampaignPlace(models.Model):
    letter = models.ForeignKey(
        CampaignLetter, verbose_name=_("letter"), on_delete=models.CASCADE, related_name="places"
    )
    center = models.ForeignKey(
        Center, verbose_name=_("place"), on_delete=models.CASCADE, related_name="+"
    )
    answer = models.CharField(
        _("answer"), max_length=10, choices=Answer.choices, blank=True, default=Answer.NONE
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    # A proposal or a closure: the report it made, in the staff's queue.
    report = models.ForeignKey(
        CorrectionReport,
        verbose_name=_("report"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["letter", "center__name"]
        verbose_name = _("place in a campaign")
        verbose_name_plural = _("places in a campaign")
        constraints = [
            models.UniqueConstraint(fields=["letter", "center"], name="campaigns_place_once")
        ]

    def __str__(self):
        return f"{self.center}: {self.get_answer_display()}"
