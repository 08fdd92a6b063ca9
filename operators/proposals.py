"""What an operator may do to a place, free of any request or session: the operators' space
calls these functions, and so may a signed link that needs no account.

- `confirm_place`: the place's information is still correct, today (a version, at once);
- `propose_place_changes`: fields, a new week of opening hours, new notices, kept as a
  `PendingChange` for a publisher's review; the live page does not change before approval;
- `add_temporary_closure`: a closure notice, online at once, and the publishers told;
- `report_closed_for_good`: a pending change that takes the place off the site, for review;
- `propose_new_place`: a place in review, never public before a publisher publishes it.

Who acted is given in words (`by_label`, `author_label`: "jdupont, Médecins du Monde"), with
the account when there is one. Every write leaves a version and, through the normal save
path, refreshes the cached pages (core.signals).
"""

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import formats, timezone, translation
from django.utils.dateparse import parse_datetime
from django.utils.text import slugify
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from centers.models import Center, NoticeKind, OpeningHours
from centers.models import Notice as NoticeModel
from core import workflow
from core.models import PendingChange, Status
from core.sources import SourceDocument
from core.versions import save_version

from .notify import tell_publishers

# The fields an operator may propose a value for. The texts are written in the directory's
# language (French, the `_fr` column); translators follow on approval.
PROPOSABLE_FIELDS = [
    "name",
    "summary",
    "description",
    "kind",
    "delivery",
    "address",
    "postcode",
    "city",
    "area_served",
    "phone",
    "email",
    "website",
    "conditions",
    "min_age",
    "max_age",
    "free_of_charge",
    "no_residence_permit_needed",
    "no_health_coverage_needed",
    "appointment_needed",
    "referral_needed",
    "call_first",
    "step_free_access",
    "open_on_public_holidays",
    "animals_accepted",
    "acceslibre_url",
]
TRANSLATED_FIELDS = {"name", "summary", "description", "area_served", "conditions"}
WRITTEN_IN = "fr"


def column(name):
    """The model field that holds an operator's value: the French column of a translated one."""
    if name not in PROPOSABLE_FIELDS:
        raise ValueError(f"An operator cannot propose a value for {name!r}.")
    return f"{name}_{WRITTEN_IN}" if name in TRANSLATED_FIELDS else name


# -- opening hours and notices as plain data ---------------------------------------------------


def _time(value):
    if isinstance(value, datetime.time):
        return value
    return datetime.time.fromisoformat(value)


def hours_data(rows):
    """A week of opening hours as data a pending change keeps: [{weekday, opens, closes}],
    sorted, times as "HH:MM". Raise ValidationError on a bad window."""
    week = []
    for row in rows:
        weekday = int(row["weekday"])
        opens, closes = _time(row["opens"]), _time(row["closes"])
        if not 0 <= weekday <= 6:
            raise ValidationError(_("Choose a day of the week."))
        if opens == closes:
            raise ValidationError(_("Opening and closing times must differ."))
        week.append({"weekday": weekday, "opens": f"{opens:%H:%M}", "closes": f"{closes:%H:%M}"})
    return sorted(week, key=lambda w: (w["weekday"], w["opens"], w["closes"]))


def current_hours(place):
    return hours_data(
        {"weekday": h.weekday, "opens": h.opens, "closes": h.closes}
        for h in place.opening_hours.all()
    )


def notice_data(notice):
    """A notice as data a pending change keeps; ValidationError when it ends before it starts."""
    kind = notice["kind"]
    starts_on = notice["starts_on"]
    ends_on = notice.get("ends_on")
    if isinstance(starts_on, str):
        starts_on = datetime.date.fromisoformat(starts_on)
    if isinstance(ends_on, str) and ends_on:
        ends_on = datetime.date.fromisoformat(ends_on)
    if kind not in NoticeKind.values:
        raise ValidationError(_("Choose a kind of notice."))
    message = (notice.get("message") or "").strip()
    if not message:
        raise ValidationError(_("Write the notice's message."))
    if ends_on and ends_on < starts_on:
        raise ValidationError(_("A notice cannot end before it starts."))
    return {
        "kind": kind,
        "message": message,
        "starts_on": starts_on.isoformat(),
        "ends_on": ends_on.isoformat() if ends_on else None,
    }


def _hours_in_words(week):
    rows = [
        OpeningHours(weekday=w["weekday"], opens=_time(w["opens"]), closes=_time(w["closes"]))
        for w in week
    ]
    return "\n".join(str(row) for row in rows) or gettext("no opening hours")


def _notice_in_words(notice):
    kind = NoticeKind(notice["kind"]).label
    starts_on = datetime.date.fromisoformat(notice["starts_on"])
    ends_on = notice["ends_on"] and datetime.date.fromisoformat(notice["ends_on"])
    if ends_on:
        when = gettext("from %(start)s to %(end)s") % {
            "start": formats.date_format(starts_on),
            "end": formats.date_format(ends_on),
        }
    else:
        when = gettext("from %(start)s until further notice") % {
            "start": formats.date_format(starts_on)
        }
    return f"{kind}, {when}: {notice['message']}"


def _apply_hours(place, week):
    place.opening_hours.all().delete()
    for w in week:
        row = OpeningHours(
            center=place, weekday=w["weekday"], opens=_time(w["opens"]), closes=_time(w["closes"])
        )
        row.full_clean()
        row.save()


def _describe_hours(place, week):
    return _hours_in_words(current_hours(place)), _hours_in_words(week)


def _create_notice(place, notice):
    row = NoticeModel(
        center=place,
        kind=notice["kind"],
        starts_on=datetime.date.fromisoformat(notice["starts_on"]),
        ends_on=notice["ends_on"] and datetime.date.fromisoformat(notice["ends_on"]),
    )
    setattr(row, f"message_{WRITTEN_IN}", notice["message"])
    row.full_clean()
    row.save()
    return row


def _apply_notices(place, notices):
    for notice in notices:
        _create_notice(place, notice)


def _describe_notices(place, notices):
    current = [str(n) for n in place.notices.current()]
    added = [gettext("New: %(notice)s") % {"notice": _notice_in_words(n)} for n in notices]
    return "\n".join(current), "\n".join([*current, *added])


def _end_notices(place, ids):
    """Notices no longer true: one to come is deleted; one under way ends yesterday (it no
    longer shows from today). A notice that ended or went meanwhile is left as it is."""
    today = timezone.localdate()
    for notice in place.notices.filter(pk__in=ids):
        if notice.starts_on >= today:
            notice.delete()
        elif notice.ends_on is None or notice.ends_on >= today:
            notice.ends_on = today - datetime.timedelta(days=1)
            notice.save(update_fields=["ends_on"])


def _describe_ended_notices(place, ids):
    notices = list(place.notices.filter(pk__in=ids))
    return "\n".join(str(n) for n in notices), "\n".join(
        gettext("Ended: %(notice)s") % {"notice": n} for n in notices
    )


def _apply_verification(place, value):
    """The operator checked the page when proposing: on approval it counts as a check."""
    user_id = value.get("user")
    if user_id and not get_user_model()._default_manager.filter(pk=user_id).exists():
        user_id = None
    place.last_verified_on = timezone.localdate()
    place.last_verified_by_id = user_id
    place.save(update_fields=["last_verified_on", "last_verified_by", "updated_at"])


def _describe_verification(place, value):
    before = (
        formats.date_format(place.last_verified_on) if place.last_verified_on else gettext("never")
    )
    return before, gettext("the day of approval, by %(who)s") % {"who": value.get("label", "")}


def register_row_kinds():
    workflow.register_rows(
        Center,
        "opening_hours",
        label=_("opening hours"),
        apply=_apply_hours,
        describe=_describe_hours,
    )
    workflow.register_rows(
        Center, "notices", label=_("notices"), apply=_apply_notices, describe=_describe_notices
    )
    workflow.register_rows(
        Center,
        "notices_ended",
        label=_("notices no longer true"),
        apply=_end_notices,
        describe=_describe_ended_notices,
    )
    workflow.register_rows(
        Center,
        "verification",
        label=_("last verified on"),
        apply=_apply_verification,
        describe=_describe_verification,
    )


# -- what an operator does ------------------------------------------------------------------


def confirm_place(place, *, by_label, user=None):
    """The place's information is still correct: verified today, as a new version."""
    comment = gettext("Confirmed still correct by %(who)s.") % {"who": by_label}
    with transaction.atomic():
        before = Center.objects.select_for_update().values_list("updated_at", flat=True)
        before = before.get(pk=place.pk)
        workflow.set_fields(
            Center.objects.filter(pk=place.pk),
            {"last_verified_on": timezone.localdate(), "last_verified_by": user},
            user,
            comment,
        )
        place.refresh_from_db(fields=["last_verified_on", "last_verified_by", "updated_at"])
        _rebase_waiting_changes(place, before)
    return place


def _rebase_waiting_changes(place, before):
    """A confirmation touches only the verification, which no proposal holds: the changes
    waiting on the place as it was just before stay applicable (approve() would otherwise
    refuse them as proposed on an older version)."""
    for change in PendingChange.objects.for_object(place).waiting():
        seen = parse_datetime(change.data.get("based_on") or "")
        if seen is not None and abs(seen - before) < datetime.timedelta(milliseconds=1):
            change.data["based_on"] = place.updated_at.isoformat()
            change.save(update_fields=["data"])


@transaction.atomic
def propose_place_changes(
    place,
    *,
    fields,
    opening_hours=None,
    notices=None,
    ended_notices=None,
    author_label,
    user=None,
    reason="",
):
    """Keep changes to a place for a publisher's review; the live place is not touched.

    `fields`: {field name: new value} among PROPOSABLE_FIELDS; `opening_hours`: the whole new
    week ([{weekday, opens, closes}]) or None to leave the hours; `notices`: notices to add;
    `ended_notices`: ids of the place's notices that are no longer true.
    Return the PendingChange, or None when nothing differs from the live place. Raise
    ValidationError when a value is not acceptable.
    """
    live = workflow.snapshot(place)
    proposed = Center.objects.get(pk=place.pk)
    for name, value in fields.items():
        setattr(proposed, column(name), value)
    proposed.full_clean(validate_unique=False, validate_constraints=True)
    rows = {}
    if opening_hours is not None:
        week = hours_data(opening_hours)
        if week != current_hours(place):
            rows["opening_hours"] = week
    if notices:
        rows["notices"] = [notice_data(n) for n in notices]
    if ended_notices:
        own = set(place.notices.filter(pk__in=ended_notices).values_list("pk", flat=True))
        rows["notices_ended"] = sorted(own)
    change = workflow.propose_change(
        proposed, user, live=live, reason=reason, rows=rows, author_label=author_label
    )
    if change is not None:
        _mark_operator(change, place, author_label, user)
    return change


def _mark_operator(change, place, author_label, user):
    """Tie the change to the organisation that runs the place (the operator's list of their
    proposals) and make its approval a check of the place."""
    change.data["operator"] = place.operator_id
    change.data.setdefault("rows", {})["verification"] = {
        "user": user.pk if user is not None else None,
        "label": author_label,
    }
    change.save(update_fields=["data"])


def add_temporary_closure(place, *, starts_on, ends_on=None, message, by_label, user=None):
    """A temporary closure, online at once (like a staff notice), and the publishers told."""
    data = notice_data(
        {"kind": NoticeKind.CLOSURE, "message": message, "starts_on": starts_on, "ends_on": ends_on}
    )
    subject = gettext("Temporary closure of %(place)s") % {"place": place}
    body = gettext(
        "%(who)s entered a temporary closure of %(place)s, online now:\n\n%(notice)s\n\n"
        "Check it in the administration if needed."
    ) % {"who": by_label, "place": place, "notice": _notice_in_words(data)}
    with transaction.atomic():
        notice = _create_notice(place, data)
        save_version(
            place,
            gettext("Temporary closure entered by %(who)s.") % {"who": by_label},
            user,
        )
        # Once the closure is saved for good (requests run in a transaction); a mail server
        # that fails is logged, and the closure stays online.
        transaction.on_commit(lambda: tell_publishers(subject, body), robust=True)
    return notice


@transaction.atomic
def report_closed_for_good(place, *, author_label, user=None, reason):
    """A report that the place closed for good: a pending change that takes it off the public
    site once a publisher approves it; never immediate. The publishers are told."""
    if not reason.strip():
        raise ValidationError(_("Say how you know the place closed for good."))
    live = workflow.snapshot(place)
    proposed = Center.objects.get(pk=place.pk)
    proposed.status = Status.ARCHIVED
    change = workflow.propose_change(
        proposed, user, live=live, reason=reason, author_label=author_label
    )
    if change is None:  # archived already
        return None
    change.data["operator"] = place.operator_id
    change.data["closed_for_good"] = True
    change.save(update_fields=["data"])
    transaction.on_commit(
        lambda: tell_publishers(
            gettext("Closed for good? %(place)s") % {"place": place},
            gettext(
                "%(who)s reports that %(place)s closed for good:\n\n%(reason)s\n\n"
                "It stays online until a publisher approves the change waiting for review."
            )
            % {"who": author_label, "place": place, "reason": reason},
        ),
        robust=True,
    )
    return change


def _free_slug(name):
    base = slugify(name)[:100] or "place"
    slug, n = base, 1
    while Center.objects.filter(slug=slug).exists() or slug in Center.reserved_slugs:
        n += 1
        slug = f"{base}-{n}"
    return slug


@transaction.atomic
def propose_new_place(organization, *, fields, opening_hours=(), author_label, user=None):
    """A new place run by `organization`, in review: never public before a publisher publishes
    it. Its source says who proposed it, through what, and when."""
    today = timezone.localdate()
    # Staff read a place's source in the site's main language, whatever the operator's page.
    with translation.override(settings.LANGUAGE_CODE):
        source = gettext(
            "Proposed by %(organization)s through its operator account on %(date)s."
        ) % {"organization": organization.name, "date": formats.date_format(today)}
    place = Center(
        operator=organization,
        status=Status.IN_REVIEW,
        source_document=SourceDocument.STAFF,
        source_entered_on=today,
        source_verification=source,
    )
    territory = fields.pop("territory")
    place.territory = territory
    for name, value in fields.items():
        setattr(place, column(name), value)
    place.slug = _free_slug(fields["name"])
    place.full_clean()
    place.save()
    for w in hours_data(opening_hours):
        OpeningHours.objects.create(
            center=place, weekday=w["weekday"], opens=_time(w["opens"]), closes=_time(w["closes"])
        )
    save_version(place, gettext("New place proposed by %(who)s.") % {"who": author_label}, user)
    return place


def proposals_of(organization):
    """The changes proposed for the places an organisation runs, through its operators."""
    return PendingChange.objects.filter(data__operator=organization.pk).select_related(
        "reviewed_by", "content_type"
    )
