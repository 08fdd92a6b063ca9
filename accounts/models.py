"""Recovery codes for two-factor authentication, and the list of an account's open sessions.

Recovery codes are a django-otp device (`RecoveryCodes`), so that a session verified with one is
verified like a session verified with an authenticator app. django-otp's own `otp_static`
plugin keeps its codes in plain text; here each code is a selector (4 characters, stored as it
is, to find the row) and a secret (8 characters, about 40 bits, stored hashed by Django's PBKDF2
password hasher with a random salt): a stolen database gives no usable code (ASVS 6.5.2).
"""

import secrets

from django.conf import settings
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_otp.models import Device

RECOVERY_CODE_COUNT = 10
# No letters or digits that look alike (0/o, 1/l/i): 31 signs, 5 bits each.
RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
SELECTOR_LENGTH = 4
SECRET_LENGTH = 8


class RecoveryCodeHasher(PBKDF2PasswordHasher):
    """Django's PBKDF2 with fewer rounds than for passwords: ten codes are hashed at once, and
    each secret is random (40 bits), not chosen by a person."""

    iterations = 60_000


HASHER = RecoveryCodeHasher()


def normalize_recovery_code(text):
    """The code as stored: lower case, without spaces or dashes; None if it cannot be one."""
    code = "".join(text.split()).replace("-", "").lower()
    if len(code) != SELECTOR_LENGTH + SECRET_LENGTH:
        return None
    if any(sign not in RECOVERY_ALPHABET for sign in code):
        return None
    return code


def _random(length):
    return "".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(length))


class RecoveryCodes(Device):
    """An account's ten single-use codes, each an alternative to a code of the app."""

    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["-pk"]
        verbose_name = _("recovery codes")
        verbose_name_plural = _("recovery codes")

    @classmethod
    def generate(cls, user):
        """Replace the account's codes with new ones; return them, to be shown once.

        The device itself stays: a session verified with one of its codes stays verified."""
        codes = []
        with transaction.atomic():
            device = cls.objects.select_for_update().filter(user=user).first()
            if device is None:
                device = cls.objects.create(user=user, name="Recovery codes", confirmed=True)
            device.codes.all().delete()
            rows = []
            for _index in range(RECOVERY_CODE_COUNT):
                selector = _random(SELECTOR_LENGTH)
                while selector in {row.selector for row in rows}:
                    selector = _random(SELECTOR_LENGTH)
                secret = _random(SECRET_LENGTH)
                rows.append(
                    RecoveryCode(
                        device=device,
                        selector=selector,
                        digest=HASHER.encode(secret, HASHER.salt()),
                    )
                )
                code = selector + secret
                codes.append(f"{code[:4]}-{code[4:8]}-{code[8:]}")
            RecoveryCode.objects.bulk_create(rows)
        return codes

    def remaining(self):
        return self.codes.filter(used_at__isnull=True).count()

    def verify_token(self, token):
        """Accept an unused code, and use it up (at most once, even for two requests at once)."""
        code = normalize_recovery_code(token)
        if code is None:
            return False
        selector, secret = code[:SELECTOR_LENGTH], code[SELECTOR_LENGTH:]
        row = self.codes.filter(selector=selector, used_at__isnull=True).first()
        if row is None or not HASHER.verify(secret, row.digest):
            return False
        return bool(
            RecoveryCode.objects.filter(pk=row.pk, used_at__isnull=True).update(
                used_at=timezone.now()
            )
        )


class RecoveryCode(models.Model):
    device = models.ForeignKey(RecoveryCodes, on_delete=models.CASCADE, related_name="codes")
    selector = models.CharField(max_length=SELECTOR_LENGTH)
    digest = models.CharField(max_length=128)
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("recovery code")
        verbose_name_plural = _("recovery codes")
        constraints = [
            models.UniqueConstraint(fields=["device", "selector"], name="recovery_code_selector")
        ]

    def __str__(self):
        return f"{self.selector}…"


class SignedInSession(models.Model):
    """A session an account signed in to: for its owner's list of sessions (accounts.sessions).

    Deleted when the session is signed out or ended; the list skips those that expired.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="signed_in_sessions"
    )
    session_key = models.CharField(max_length=40, unique=True)
    created_at = models.DateTimeField(_("signed in at"), default=timezone.now)
    last_seen_at = models.DateTimeField(_("last seen at"), default=timezone.now)
    client_address = models.CharField(_("client address"), max_length=45, blank=True)
    user_agent = models.CharField(_("browser"), max_length=200, blank=True)

    class Meta:
        ordering = ["-last_seen_at"]
        verbose_name = _("signed-in session")
        verbose_name_plural = _("signed-in sessions")

    def __str__(self):
        return f"{self.user} {self.created_at:%Y-%m-%d %H:%M}"


class MailPreference(models.Model):
    """What a staff member wants by e-mail: the publishers' daily digest (on unless turned off),
    and in which language. No row: the defaults (digest on, in French)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mail_preference"
    )
    daily_digest = models.BooleanField(
        _("daily digest"),
        default=True,
        help_text=_(
            "Publishers: one e-mail a day listing what waits for you (changes to review, "
            "reports, imported drafts, places whose update is required). None when nothing waits."
        ),
    )
    language = models.CharField(
        _("language of e-mails"), max_length=10, choices=settings.LANGUAGES, default="fr"
    )
    last_digest_on = models.DateField(_("last digest on"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["user"]
        verbose_name = _("e-mail preference")
        verbose_name_plural = _("e-mail preferences")

    def __str__(self):
        return str(self.user)

    @classmethod
    def for_user(cls, user):
        """The user's preference, unsaved with the defaults when they never chose."""
        return cls.objects.filter(user=user).first() or cls(user=user)
