"""The publishers' digest (issue 16, item 4): one e-mail a day to each active publisher who has
not turned it off, listing what waits for them; none when nothing waits.

What waits: changes waiting for review (editors' and organisations' proposals alike), new
correction reports (those marked urgent first), imported drafts (places and organisations
that a spreadsheet import created and nobody published yet), and the places whose update became
required since the publisher's last digest. The outbox's once-only key (`digest:<user>:<day>`)
makes a second run on the same day queue nothing.
"""

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.models import MailPreference
from accounts.otp import PUBLISHERS
from centers.freshness import Freshness
from centers.models import Center, CorrectionReport, ReportStatus
from core.models import PendingChange, Status
from outbox import services as outbox
from partners.models import Organization

from .mail import admin_url, signature

LISTED = 20  # items named in each section; the count says how many more


@dataclass
class Section:
    kind: str
    count: int
    names: list = field(default_factory=list)
    link: tuple = ()  # (URL name, query)


def publishers():
    """Active publishers with an address."""
    return (
        get_user_model()
        .objects.filter(is_active=True, groups__name=PUBLISHERS)
        .exclude(email="")
        .order_by("pk")
        .distinct()
    )


def became_required(since, today):
    """Places (not archived) whose update is required today and was not on `since`."""
    live = Center.objects.exclude(status=Status.ARCHIVED)
    return live.in_freshness(Freshness.REQUIRED, today).exclude(
        pk__in=live.in_freshness(Freshness.REQUIRED, since).values("pk")
    )


def waiting(since, today):
    """What waits for publishers, as sections; those with nothing in them left out."""
    changes = PendingChange.objects.waiting().order_by("created_at")
    reports = CorrectionReport.objects.filter(status=ReportStatus.NEW).select_related("center")
    reports = reports.order_by("-urgent", "created_at")
    drafts = [
        model.objects.exclude(external_source="").filter(
            status__in=(Status.DRAFT, Status.IN_REVIEW)
        )
        for model in (Center, Organization)
    ]
    required = became_required(since, today).order_by("name")
    sections = [
        Section(
            "changes",
            changes.count(),
            [c.object_repr for c in changes[:LISTED]],
            ("admin:core_pendingchange_changelist", "status__exact=pending"),
        ),
        Section(
            "reports",
            reports.count(),
            [
                (f"[{_('urgent')}] " if r.urgent else "") + f"{r.center.name}: {r.message[:80]}"
                for r in reports[:LISTED]
            ],
            ("admin:centers_correctionreport_changelist", "status__exact=new"),
        ),
        Section(
            "drafts",
            sum(qs.count() for qs in drafts),
            [str(o) for qs in drafts for o in qs.order_by("name")[:LISTED]][:LISTED],
            ("admin:centers_center_changelist", "status__exact=draft"),
        ),
        Section(
            "required",
            required.count(),
            [c.name for c in required[:LISTED]],
            ("admin:centers_center_changelist", "freshness=required"),
        ),
    ]
    return [section for section in sections if section.count]


def _heading(section):
    n = section.count
    if section.kind == "changes":
        return ngettext(
            "%(count)d change waiting for review", "%(count)d changes waiting for review", n
        ) % {"count": n}
    if section.kind == "reports":
        return ngettext(
            "%(count)d new correction report", "%(count)d new correction reports", n
        ) % {"count": n}
    if section.kind == "drafts":
        return ngettext(
            "%(count)d imported draft not published yet",
            "%(count)d imported drafts not published yet",
            n,
        ) % {"count": n}
    return ngettext(
        "%(count)d place whose update became required",
        "%(count)d places whose update became required",
        n,
    ) % {"count": n}


def render(sections, language, today):
    """Subject and text of a digest, in `language`."""
    with translation.override(language):
        subject = _("What waits for you on %(site)s, %(date)s") % {
            "site": settings.SITE_NAME,
            "date": today.isoformat(),
        }
        lines = [_("Hello,"), "", _("This is what waits for publishers today:"), ""]
        for section in sections:
            lines.append(_heading(section))
            lines += [f"  - {name}" for name in section.names]
            if section.count > len(section.names):
                more = section.count - len(section.names)
                lines.append(
                    "  "
                    + ngettext("and %(count)d more", "and %(count)d more", more) % {"count": more}
                )
            name, query = section.link
            lines += [f"  {admin_url(language, name, query=query)}", ""]
        lines += [
            _("You get this e-mail once a day when something waits. To stop it:"),
            admin_url(language, "mail_preference"),
            "",
            signature(),
        ]
    return subject, "\n".join(lines)


def send_digests(today=None):
    """Queue today's digest for each publisher who wants it and has something waiting.
    Return how many were queued."""
    today = today or timezone.localdate()
    queued = 0
    for user in publishers():
        preference = MailPreference.for_user(user)
        if not preference.daily_digest:
            continue
        since = preference.last_digest_on or today - datetime.timedelta(days=1)
        sections = waiting(min(since, today - datetime.timedelta(days=1)), today)
        if not sections:
            continue
        subject, body = render(sections, preference.language, today)
        message = outbox.queue(
            to=user.email,
            subject=subject,
            body=body,
            kind="digest",
            language=preference.language,
            dedupe_key=f"digest:{user.pk}:{today.isoformat()}",
        )
        if message is not None:
            queued += 1
            preference.last_digest_on = today
            preference.save()
    return queued
