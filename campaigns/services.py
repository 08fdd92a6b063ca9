"""Starting a campaign, the organisations' answers, the reminder. Each write spans several
models (a campaign and its letters and places; a place, its history and a report)."""

from collections import defaultdict

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.models import MailPreference
from centers.freshness import Freshness
from centers.models import Center, CorrectionReport
from core.models import Status
from operators import proposals
from outbox import services as outbox
from outbox.models import MessageState, OutgoingMessage

from .digest import publishers
from .mail import absolute, admin_url, signature
from .models import Answer, Campaign, CampaignContact, CampaignLetter, CampaignPlace

DUE_STATES = (Freshness.ADVISED, Freshness.REQUIRED)


def places_due(states=DUE_STATES, territory=None, region="", operator=None):
    """Published places in the chosen freshness states, narrowed by the filters given."""
    places = Center.objects.filter(status=Status.PUBLISHED)
    condition = Q()
    for state in states:
        condition |= places.freshness_condition(state)
    places = places.filter(condition) if states else places.none()
    if territory is not None:
        places = places.filter(territory=territory)
    if region:
        places = places.filter(region=region)
    if operator is not None:
        places = places.filter(operator=operator)
    return places


def waiting_answer(now=None):
    """The places asked about in a campaign still open and not answered yet: a new campaign
    leaves them out, so that no organisation is asked twice about the same place."""
    return CampaignPlace.objects.filter(
        answer=Answer.NONE, letter__campaign__expires_at__gt=now or timezone.now()
    ).values("center")


def preview(places):
    """What a campaign over `places` would send: places and organisations with a contact, and
    those left out for want of one or because an open campaign already asks about them."""
    asked = waiting_answer()
    already_asked = places.filter(pk__in=asked).count()
    places = places.exclude(pk__in=asked)
    contacts = set(CampaignContact.objects.values_list("organization_id", flat=True))
    by_operator = dict(
        places.order_by()
        .values_list("operator")
        .annotate(n=Count("pk"))
        .values_list("operator", "n")
    )
    reached = {org: n for org, n in by_operator.items() if org in contacts}
    missed = {org: n for org, n in by_operator.items() if org not in contacts}
    return {
        "places": sum(reached.values()),
        "organizations": len(reached),
        "places_without_contact": sum(missed.values()),
        "organizations_without_contact": len(missed),
        "places_already_asked": already_asked,
    }


@transaction.atomic
def start(name, places, user, criteria=""):
    """Create the campaign and queue one e-mail per organisation that has a contact, about its
    places that no open campaign is waiting on (`waiting_answer`)."""
    places = places.exclude(pk__in=waiting_answer())
    campaign = Campaign.objects.create(name=name, created_by=user, criteria=criteria[:500])
    contacts = {
        c.organization_id: c for c in CampaignContact.objects.select_related("organization")
    }
    grouped = defaultdict(list)
    for center in places.select_related("operator").order_by("name"):
        if center.operator_id in contacts:
            grouped[center.operator_id].append(center)
    for organization_id, centers in grouped.items():
        contact = contacts[organization_id]
        letter = CampaignLetter.objects.create(
            campaign=campaign,
            organization=contact.organization,
            email=contact.email,
            language=contact.language,
        )
        CampaignPlace.objects.bulk_create(
            CampaignPlace(letter=letter, center=center) for center in centers
        )
        letter.message = _queue_letter(letter, centers, reminder=False)
        letter.save(update_fields=["message"])
    return campaign


def _letter_text(letter, centers, reminder):
    campaign = letter.campaign
    with translation.override(letter.language):
        expires = timezone.localtime(campaign.expires_at).date().isoformat()
        if reminder:
            subject = _("Reminder: please check your places' information (%(campaign)s)")
        else:
            subject = _("Please check your places' information (%(campaign)s)")
        subject %= {"campaign": campaign.name}
        lines = [
            _("Hello,"),
            "",
            ngettext(
                "The directory lists %(count)d place run by %(organization)s. Is its "
                "information still correct?",
                "The directory lists %(count)d places run by %(organization)s. Is their "
                "information still correct?",
                len(centers),
            )
            % {"count": len(centers), "organization": letter.organization.name},
            "",
            *[f"  - {center.name}" for center in centers],
            "",
            _(
                "Open this link to answer for each place: still correct, changes to propose, "
                "or closed for good. No account is needed."
            ),
            absolute(letter.get_absolute_url()),
            "",
            _(
                "The link works until every place is answered, and at the latest until "
                "%(date)s. Do not share it: anyone who has it can answer for your organisation."
            )
            % {"date": expires},
            "",
            signature(),
        ]
    return subject, "\n".join(lines)


# The outbox kind of a campaign's e-mail, by whether it is the reminder.
LETTER_KINDS = {False: "campaign", True: "campaign-reminder"}


def _letter_key(kind, letter_pk):
    """The outbox's dedupe key of a letter's e-mail: each is queued once, and found by it."""
    return f"{kind}:{letter_pk}"


def _queue_letter(letter, centers, reminder):
    subject, body = _letter_text(letter, centers, reminder)
    kind = LETTER_KINDS[reminder]
    return outbox.queue(
        to=letter.email,
        subject=subject,
        body=body,
        kind=kind,
        language=letter.language,
        dedupe_key=_letter_key(kind, letter.pk),
    )


def remind(campaign, now=None):
    """Queue one reminder to each organisation that has not answered for every place, once per
    campaign and only before it expires. Return how many were queued (None: already sent)."""
    now = now or timezone.now()
    with transaction.atomic():
        campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
        if campaign.reminder_sent_at is not None or campaign.is_expired(now):
            return None
        campaign.reminder_sent_at = now
        campaign.save(update_fields=["reminder_sent_at"])
        count = 0
        letters = campaign.letters.filter(places__answer=Answer.NONE).distinct()
        for letter in letters.select_related("organization", "campaign"):
            centers = [p.center for p in letter.places.select_related("center")]
            if _queue_letter(letter, centers, reminder=True) is not None:
                letter.reminded_at = now
                letter.save(update_fields=["reminded_at"])
                count += 1
    return count


def end(campaign, now=None):
    """End a campaign before its time (started by mistake, or done with): its links answer as
    expired links do (410), and its e-mails and reminders not yet sent are cancelled, never
    sent. What organisations already answered stays. Return how many e-mails were cancelled
    (None: the campaign had already ended)."""
    now = now or timezone.now()
    with transaction.atomic():
        campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
        if campaign.is_expired(now):
            return None
        campaign.expires_at = now
        campaign.save(update_fields=["expires_at"])
        keys = [
            _letter_key(kind, pk)
            for pk in campaign.letters.values_list("pk", flat=True)
            for kind in LETTER_KINDS.values()
        ]
        # Queued only: a message being sent by send_queued_mail right now is left to it.
        return OutgoingMessage.objects.filter(
            dedupe_key__in=keys, state=MessageState.QUEUED
        ).update(state=MessageState.CANCELLED, last_error=_("The campaign was ended."))


def visited(letter, now=None):
    """Record the first use of a letter's link (no tracking pixel: only the link itself)."""
    if letter.first_visited_at is None:
        CampaignLetter.objects.filter(pk=letter.pk, first_visited_at__isnull=True).update(
            first_visited_at=now or timezone.now()
        )


def _label(letter):
    return _("%(organization)s through campaign %(campaign)s") % {
        "organization": letter.organization.name,
        "campaign": letter.campaign.name,
    }


def _answer(place, answer, report=None):
    place.answer = answer
    place.answered_at = timezone.now()
    place.report = report
    place.save(update_fields=["answer", "answered_at", "report"])


@transaction.atomic
def confirm(place):
    """Still correct: verified today, as a version saying who confirmed it and through what
    (operators.proposals.confirm_place, as an operator's confirmation: the changes waiting on
    the place stay applicable). The place's save makes its cached pages stale."""
    with translation.override("fr"):
        proposals.confirm_place(place.center, by_label=_label(place.letter))
    _answer(place, Answer.CONFIRMED)


def _report(place, text, urgent):
    letter = place.letter
    with translation.override("fr"):
        head = _("Closed for good, says %(label)s.") if urgent else _("Proposed by %(label)s.")
        head %= {"label": _label(letter)}
    return CorrectionReport.objects.create(
        center=place.center,
        message=f"{head}\n{text}".strip()[:2000],
        contact=letter.email[:200],
        urgent=urgent,
    )


@transaction.atomic
def propose_changes(place, text):
    """Changes to review: a report in the staff's queue (the lead wires this to the operators'
    proposals at merge). The public page does not change."""
    _answer(place, Answer.CHANGED, _report(place, text, urgent=False))


@transaction.atomic
def propose_place_changes(
    place, *, fields, opening_hours=None, notices=None, ended_notices=None, reason=""
):
    """Changes to a place's fields, week of hours or notices, kept for a publisher's review
    (operators.proposals: the same review as an operator's, approved or rejected in the admin;
    the public page does not change before). Return the PendingChange, or None when nothing
    differs from the live place (the place stays unanswered). Answered once only: a second
    sending of the same form finds the place answered and proposes nothing."""
    place = CampaignPlace.objects.select_for_update().select_related("center").get(pk=place.pk)
    if place.answer != Answer.NONE:
        return None
    with translation.override("fr"):
        label = _label(place.letter)
    change = proposals.propose_place_changes(
        place.center,
        fields=fields,
        opening_hours=opening_hours,
        notices=notices,
        ended_notices=ended_notices,
        author_label=label,
        reason=reason,
    )
    if change is not None:
        _answer(place, Answer.CHANGED)
    return change


@transaction.atomic
def report_closed(place, text):
    """Closed for good: an urgent report, and a notice to every publisher at once. The place
    stays as it is on the public site until a publisher takes it off."""
    report = _report(place, text, urgent=True)
    _answer(place, Answer.CLOSED, report)
    for user in publishers():
        language = MailPreference.for_user(user).language
        with translation.override(language):
            subject = _("Urgent: %(place)s reported closed for good") % {"place": place.center.name}
            body = "\n".join(
                [
                    _("Hello,"),
                    "",
                    _(
                        "%(label)s reports that %(place)s is closed for good. The place is "
                        "still on the public site: check, then take it off if it is true."
                    )
                    % {"label": _label(place.letter), "place": place.center.name},
                    "",
                    text,
                    "",
                    admin_url(language, "admin:centers_correctionreport_change", report.pk),
                    "",
                    signature(),
                ]
            )
        outbox.queue(
            to=user.email,
            subject=subject,
            body=body,
            kind="closure",
            language=language,
            dedupe_key=f"closure:{place.pk}:{user.pk}",
        )


def progress(campaign):
    """Rows per organisation and the totals: sent, link used, confirmed, changed, closed, no
    answer (counted in one query over the letters)."""
    counts = {
        answer: Count("places", filter=Q(places__answer=answer))
        for answer in (Answer.CONFIRMED, Answer.CHANGED, Answer.CLOSED, Answer.NONE)
    }
    letters = (
        campaign.letters.select_related("organization", "message")
        .annotate(
            confirmed=counts[Answer.CONFIRMED],
            changed=counts[Answer.CHANGED],
            closed=counts[Answer.CLOSED],
            unanswered=counts[Answer.NONE],
            total=Count("places"),
        )
        .order_by("organization__name")
    )
    rows = list(letters)
    totals = {
        "organizations": len(rows),
        "sent": sum(1 for r in rows if r.message and r.message.state == "sent"),
        "visited": sum(1 for r in rows if r.first_visited_at),
        "places": sum(r.total for r in rows),
        "confirmed": sum(r.confirmed for r in rows),
        "changed": sum(r.changed for r in rows),
        "closed": sum(r.closed for r in rows),
        "unanswered": sum(r.unanswered for r in rows),
    }
    return rows, totals
