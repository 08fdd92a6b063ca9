"""Queue a message (`queue`), and send what is due (`send_due`, for the command only)."""

import datetime
import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone

from .models import MessageState, OutgoingMessage, retry_delay

logger = logging.getLogger(__name__)

# How long a claimed message is left to its run: past it (the run died while sending), the
# next run takes it again. The only case in which a message may go out twice.
LEASE = datetime.timedelta(minutes=10)


def max_attempts():
    return getattr(settings, "OUTBOX_MAX_ATTEMPTS", 5)


def queue(*, to, subject, body, kind, language="fr", html="", dedupe_key=None):
    """Queue one message; it leaves with the next `send_queued_mail`. Return it, or None when
    a message with the same `dedupe_key` was queued before (it is never queued twice)."""
    message = OutgoingMessage(
        to=to,
        subject=subject[:250],
        body=body,
        html=html,
        kind=kind,
        language=language,
        dedupe_key=dedupe_key,
    )
    if dedupe_key is None:
        message.save()
        return message
    try:
        with transaction.atomic():
            message.save()
    except IntegrityError:
        return None
    return message


def _claimable(now):
    # Queued and due, or claimed by a run that never finished (its lease ran out).
    return OutgoingMessage.objects.filter(
        Q(state=MessageState.QUEUED) | Q(state=MessageState.SENDING),
        next_attempt_at__lte=now,
    ).order_by("next_attempt_at", "pk")


def claim(batch, now=None):
    """Take up to `batch` due messages for this run; another run skips them (SKIP LOCKED)."""
    now = now or timezone.now()
    with transaction.atomic():
        pks = list(
            _claimable(now).select_for_update(skip_locked=True).values_list("pk", flat=True)[:batch]
        )
        OutgoingMessage.objects.filter(pk__in=pks).update(
            state=MessageState.SENDING,
            attempts=F("attempts") + 1,
            next_attempt_at=now + LEASE,
        )
    return list(OutgoingMessage.objects.filter(pk__in=pks).order_by("pk"))


def _email(message, connection):
    email = EmailMultiAlternatives(
        subject=message.subject,
        body=message.body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[message.to],
        connection=connection,
        headers={"Content-Language": message.language, "Auto-Submitted": "auto-generated"},
    )
    if message.html:
        email.attach_alternative(message.html, "text/html")
    return email


def send_one(message, connection):
    """Send a claimed message; record that it was sent, or when to try again, or that it failed."""
    try:
        _email(message, connection).send()
    except Exception as error:  # noqa: BLE001 - any failure of the backend is the message's
        message.last_error = f"{type(error).__name__}: {error}"[:2000]
        if message.attempts >= max_attempts():
            message.state = MessageState.FAILED
            logger.error("Message %s failed for good: %s", message.pk, message.last_error)
        else:
            message.state = MessageState.QUEUED
            message.next_attempt_at = timezone.now() + retry_delay(message.attempts)
        message.save(update_fields=["state", "last_error", "next_attempt_at"])
        return False
    message.state = MessageState.SENT
    message.sent_at = timezone.now()
    message.save(update_fields=["state", "sent_at"])
    return True


def send_due(batch=50, limit=None):
    """Send what is due, `batch` messages claimed at a time. Return (sent, not sent)."""
    sent = failed = 0
    connection = get_connection()
    while limit is None or sent + failed < limit:
        messages = claim(batch)
        if not messages:
            break
        for message in messages:
            if send_one(message, connection):
                sent += 1
            else:
                failed += 1
    return sent, failed
