"""Mail waiting to be sent: written by the site, sent by `manage.py send_queued_mail`.

A web request only ever queues a message (a row); sending, which may wait on an SMTP server,
happens in the command, run by cron or a timer. Each run claims the messages that are due with
`SELECT … FOR UPDATE SKIP LOCKED`, so two runs at the same time never send one message twice.
"""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class MessageState(models.TextChoices):
    QUEUED = "queued", _("queued")
    SENDING = "sending", _("sending")
    SENT = "sent", _("sent")
    FAILED = "failed", _("failed")
    CANCELLED = "cancelled", _("cancelled before it was sent")


class OutgoingMessageQuerySet(models.QuerySet):
    def due(self, now=None):
        """Queued and due now, oldest first."""
        now = now or timezone.now()
        return self.filter(state=MessageState.QUEUED, next_attempt_at__lte=now).order_by(
            "next_attempt_at", "pk"
        )


class OutgoingMessage(models.Model):
    to = models.EmailField(_("to"))
    subject = models.CharField(_("subject"), max_length=250)
    body = models.TextField(_("text"))
    html = models.TextField(_("HTML version"), blank=True)
    language = models.CharField(
        _("language"), max_length=10, choices=settings.LANGUAGES, default="fr"
    )
    kind = models.CharField(
        _("kind"),
        max_length=40,
        db_index=True,
        help_text=_("What the message is for: digest, campaign, reminder, closure notice."),
    )
    dedupe_key = models.CharField(
        _("once-only key"),
        max_length=200,
        null=True,
        blank=True,
        unique=True,
        help_text=_("A message with the same key is never queued twice."),
    )
    state = models.CharField(
        _("state"),
        max_length=10,
        choices=MessageState.choices,
        default=MessageState.QUEUED,
        db_index=True,
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("queued at"), auto_now_add=True)
    next_attempt_at = models.DateTimeField(_("next attempt at"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    objects = OutgoingMessageQuerySet.as_manager()

    class Meta:
        verbose_name = _("outgoing message")
        verbose_name_plural = _("outgoing messages")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                condition=Q(state="queued"),
                name="outbox_queued_due",
            )
        ]

    def __str__(self):
        return f"{self.to}: {self.subject}"


def retry_delay(attempts):
    """How long to wait after the `attempts`-th failure: 1, 2, 4, 8… minutes, at most a day."""
    return datetime.timedelta(minutes=min(2 ** (attempts - 1), 24 * 60))
