"""Review and publication: who may move content between states, and changes kept for review.

Editors create and change content and submit it for review. Publishers publish, unpublish,
schedule, approve or reject. A change an editor makes to what is live is kept as a
`PendingChange`: the public keeps seeing the published version until a publisher approves it.
"""

import datetime
import json
from collections.abc import Callable
from dataclasses import dataclass

import reversion
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.db import models, transaction
from django.utils import formats, timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from modeltranslation.translator import NotRegistered, translator
from reversion.errors import RevertError
from reversion.models import Version

from .models import PendingChange, PendingChangeStatus, Status

EDITOR_STATUSES = (Status.DRAFT, Status.IN_REVIEW)


def publish_permission(model):
    return f"{model._meta.app_label}.publish_{model._meta.model_name}"


def can_publish(user, model):
    return bool(user and user.is_active and user.has_perm(publish_permission(model)))


def allowed_statuses(user, model, current=None):
    """The states a user may choose: editors draft and in review; publishers every state.

    The current state is always offered, so an editor can save a published record unchanged.
    """
    if can_publish(user, model):
        return list(Status)
    allowed = list(EDITOR_STATUSES)
    if current and current not in allowed:
        allowed.append(Status(current))
    return allowed


def is_live(obj):
    """Is the stored version of this record what the public sees (or is scheduled to see)?"""
    if obj.pk is None:
        return False
    stored = type(obj)._default_manager.filter(pk=obj.pk).values_list("status", flat=True).first()
    return stored == Status.PUBLISHED


def needs_review(user, obj):
    """An editor's change to published content waits for a publisher."""
    return is_live(obj) and not can_publish(user, type(obj))


def translated_base_fields(model):
    """The fields modeltranslation mirrors into name_fr / name_en: compare the language columns."""
    try:
        return set(translator.get_options_for_model(model).all_fields)
    except NotRegistered:
        return set()


def _editable_values(obj):
    """The editable fields of a record as JSON values, the way the serializer writes them.

    An empty text is the same whether stored as NULL or "" (modeltranslation's columns).
    """
    fields = json.loads(serializers.serialize("json", [obj]))[0]["fields"]
    skip = translated_base_fields(type(obj))
    values = {}
    for field in obj._meta.concrete_fields:
        if (
            not field.editable
            or field.primary_key
            or field.name in skip
            or field.name not in fields
        ):
            continue
        value = fields[field.name]
        if value is None and isinstance(field, models.CharField | models.TextField):
            value = ""
        values[field.name] = value
    return values


def snapshot(obj):
    """The stored state of a record: its editable fields and its many-to-many links."""
    stored = type(obj)._default_manager.get(pk=obj.pk)
    return {
        "fields": _editable_values(stored),
        "m2m": {
            f.name: sorted(getattr(stored, f.name).values_list("pk", flat=True))
            for f in obj._meta.many_to_many
        },
    }


def propose_change(obj, user, m2m=None, live=None, reason="", *, rows=None, author_label=""):
    """Keep an edit of published content aside for review; the stored record is not touched.

    Only what differs from the live record is kept. `rows`: changes to rows the record owns
    ({kind: value}, each kind registered with `register_rows`), kept as given. `author_label`:
    who proposed it when no account says it (an operator's organisation). Return None when
    nothing differs.
    """
    live = live or snapshot(obj)
    fields = {k: v for k, v in _editable_values(obj).items() if live["fields"].get(k) != v}
    links = {}
    for name, objs in (m2m or {}).items():
        pks = sorted(o.pk for o in objs)
        if pks != live["m2m"].get(name):
            links[name] = pks
    rows = {kind: value for kind, value in (rows or {}).items() if value is not None}
    for kind in rows:
        row_kind(type(obj), kind)  # an unknown kind is refused now, not at approval
    if not fields and not links and not rows:
        return None
    # The record as the editor saw it: approving over a later change is refused (approve()).
    based_on = type(obj)._default_manager.filter(pk=obj.pk).values_list("updated_at", flat=True)
    data = {"fields": fields, "m2m": links, "based_on": based_on[0].isoformat()}
    if rows:
        data["rows"] = rows
    if author_label:
        data["author_label"] = author_label
    return PendingChange.objects.create(
        content_type=ContentType.objects.get_for_model(obj),
        object_id=obj.pk,
        object_repr=str(obj)[:250],
        data=data,
        reason=reason,
        author=user,
    )


# -- changes to the rows a record owns (a place's opening hours, its notices) -----------------


@dataclass(frozen=True)
class RowKind:
    """A kind of change to the rows a record owns, kept in a pending change's `data["rows"]`.

    `label`: what the review page calls it; `apply(obj, value)`: make the change (inside the
    approval's transaction and revision); `describe(obj, value)`: (now, proposed) in words.
    """

    label: object
    apply: Callable
    describe: Callable


ROW_KINDS = {}


def register_rows(model, kind, *, label, apply, describe):
    """Let pending changes of `model` hold changes of `kind` (the app that owns them says how
    they apply: core knows no place and no opening hours)."""
    ROW_KINDS[(model._meta.label_lower, kind)] = RowKind(label, apply, describe)


def row_kind(model, kind):
    try:
        return ROW_KINDS[(model._meta.label_lower, kind)]
    except KeyError:
        raise ValueError(f"{model._meta.label}: no row changes of kind {kind!r}.") from None


def author_of(change):
    """Who proposed a change, in words: the label kept with the change (an operator's account
    and organisation, or the organisation alone), else the account."""
    label = change.data.get("author_label", "")
    if label:
        return label
    return change.author.get_username() if change.author is not None else _("an editor")


def proposed_values(change):
    """The proposed values as Python values, field by field."""
    model = change.content_type.model_class()
    values = {}
    for name, raw in change.data.get("fields", {}).items():
        field = model._meta.get_field(name)
        values[name] = field.to_python(raw) if not field.is_relation else raw
    return values


def diff(change):
    """Rows of (label, current value, proposed value) for a pending change."""
    model = change.content_type.model_class()
    current = change.target
    rows = []
    for name, new in proposed_values(change).items():
        field = model._meta.get_field(name)
        old = getattr(current, field.attname) if current is not None else None
        rows.append((str(field.verbose_name), _readable(field, old), _readable(field, new)))
    for name, pks in change.data.get("m2m", {}).items():
        field = model._meta.get_field(name)
        old = (
            list(getattr(current, name).values_list("pk", flat=True)) if current is not None else []
        )
        rows.append((str(field.verbose_name), _readable(field, old), _readable(field, pks)))
    for kind, value in change.data.get("rows", {}).items():
        handler = row_kind(model, kind)
        now, proposed = handler.describe(current, value) if current is not None else ("", "")
        rows.append((str(handler.label), now, proposed))
    return rows


# A place's week of hours (centers.models.WeekHours) is its opening hours' mirror, kept by the
# database: the hours' own rows say what changed.
HIDDEN_IN_DIFFS = {
    "created_at",
    "updated_at",
    "seed_snapshot",
    "seed_key",
    "open_days",
    "open_nights",
}


def _readable(field, value):
    if value in (None, ""):
        return ""
    if field.many_to_many:
        return ", ".join(map(str, field.related_model._default_manager.filter(pk__in=value)))
    if field.is_relation:
        return str(field.related_model._default_manager.filter(pk=value).first() or value)
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    return str(value)


def version_diff(model, before, after):
    """Rows of (label, before, after) for the fields that differ between two field dicts."""
    rows = []
    skip = HIDDEN_IN_DIFFS | translated_base_fields(model)
    for field in [*model._meta.concrete_fields, *model._meta.many_to_many]:
        # A generated field (a place's folded place_words) follows the fields it is made of.
        if field.name in skip or field.primary_key or field.generated:
            continue
        old, new = before.get(field.attname), after.get(field.attname)
        if field.many_to_many:
            old, new = sorted(old or []), sorted(new or [])
        elif isinstance(field, models.CharField | models.TextField):
            old, new = old or "", new or ""
        if old != new:
            rows.append((str(field.verbose_name), _readable(field, old), _readable(field, new)))
    return rows


# -- a change saved over a newer version --------------------------------------------------


@dataclass
class Meanwhile:
    """What happened to a record since someone read it: saved again at `saved_at` by
    `saved_by` ("" when unknown), and the rows (label, before, after) that changed; `rows` is
    None when no version holds the record as it was read."""

    saved_at: datetime.datetime
    saved_by: str
    rows: list | None

    def lines(self, head, advice):
        """The message, line by line: `head` (which takes the user, or "someone", and the
        date), each field that changed, `advice`."""
        when = formats.date_format(timezone.localtime(self.saved_at), "DATETIME_FORMAT")
        head = head % {"user": self.saved_by or _("someone"), "date": when}
        if self.rows is None:
            lines = [head, _("The fields that changed meanwhile cannot be listed.")]
        else:
            lines = [head, _("What changed meanwhile:")]
            lines += [
                _("%(field)s: “%(before)s” → “%(after)s”")
                % {"field": label, "before": before, "after": after}
                for label, before, after in self.rows
            ]
        return [*lines, advice]


def _same_instant(stored, seen):
    # A version's JSON keeps the milliseconds of a date and time, not the microseconds.
    return isinstance(stored, datetime.datetime) and abs(stored - seen) < datetime.timedelta(
        milliseconds=1
    )


def _state(obj):
    """A record's values as a version's field_dict holds them."""
    state = {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields}
    for field in obj._meta.many_to_many:
        state[field.attname] = list(getattr(obj, field.name).values_list("pk", flat=True))
    return state


def changed_since(obj, seen):
    """What changed in a stored record since it was read with `updated_at` equal to `seen`;
    None when it was not saved since. Inside a transaction the row stays locked until the end,
    so that no other save slips in between this check and the caller's own save."""
    model = type(obj)
    if isinstance(seen, str):
        seen = parse_datetime(seen)
    if seen is None or obj.pk is None:
        return None
    current = model._default_manager.filter(pk=obj.pk)
    if transaction.get_connection().in_atomic_block:
        current = current.select_for_update()
    current = current.first()
    if current is None or current.updated_at is None or current.updated_at <= seen:
        return None
    versions = list(Version.objects.get_for_object(current).select_related("revision__user")[:50])
    before = None
    for version in versions:
        try:
            fields = version.field_dict
        except RevertError:  # a version written before a field was added or removed
            continue
        if _same_instant(fields.get("updated_at"), seen):
            before = fields
            break
    user = versions[0].revision.user if versions else None
    return Meanwhile(
        saved_at=current.updated_at,
        saved_by=user.get_username() if user is not None else "",
        rows=version_diff(model, before, _state(current)) if before is not None else None,
    )


class StaleChange(Exception):
    """A pending change proposed on a version of the record that is no longer the latest."""

    def __init__(self, meanwhile):
        super().__init__(meanwhile)
        self.meanwhile = meanwhile

    def lines(self):
        return self.meanwhile.lines(
            _(
                "%(user)s saved this record on %(date)s, after this change was proposed. "
                "The change was not applied."
            ),
            _(
                "Reject this change and ask its author to propose it again on the current "
                "version: approving it would undo what was saved meanwhile."
            ),
        )


@transaction.atomic
def approve(change, user, comment=""):
    """Apply a pending change to the live record, as a new version in its history.

    Refused (StaleChange) when the record was saved since the change was proposed."""
    obj = change.target
    if obj is None:
        raise ValueError(_("The record this change was for no longer exists."))
    model = type(obj)
    based_on = parse_datetime(change.data.get("based_on") or "") or change.created_at
    meanwhile = changed_since(obj, based_on)
    if meanwhile is not None:
        raise StaleChange(meanwhile)
    with reversion.create_revision():
        for name, value in proposed_values(change).items():
            field = model._meta.get_field(name)
            setattr(obj, field.attname, value)
        obj.full_clean()
        obj.save()
        for name, pks in change.data.get("m2m", {}).items():
            getattr(obj, name).set(pks)
        for kind, value in change.data.get("rows", {}).items():
            row_kind(model, kind).apply(obj, value)
        reversion.add_to_revision(obj)
        reversion.set_user(user)
        reversion.set_comment(
            _("Approved change proposed by %(author)s.") % {"author": author_of(change)}
        )
    _close(change, user, PendingChangeStatus.APPROVED, comment)
    return obj


def reject(change, user, comment):
    _close(change, user, PendingChangeStatus.REJECTED, comment)


def _close(change, user, status, comment):
    change.status = status
    change.reviewed_by = user
    change.reviewed_at = timezone.now()
    change.review_comment = comment
    change.save(update_fields=["status", "reviewed_by", "reviewed_at", "review_comment"])


def _save_as_version(obj, changes, comment, user=None):
    """Set a few fields and save them, as a new version in the record's history."""
    with reversion.create_revision():
        for name, value in changes.items():
            setattr(obj, name, value)
        obj.save(update_fields=[*changes, "updated_at"])
        reversion.add_to_revision(obj)
        if user is not None:
            reversion.set_user(user)
        reversion.set_comment(comment)


def set_fields(queryset, changes, user, comment):
    """Set a few fields on records, each as a new version in its history. Return how many."""
    count = 0
    for obj in queryset:
        _save_as_version(obj, changes, comment, user)
        count += 1
    return count


def set_status(queryset, status, user, comment):
    """Move records to a state, each as a new version in its history. Return how many moved."""
    moved = 0
    for obj in queryset.exclude(status=status):
        _save_as_version(obj, {"status": status}, comment, user)
        moved += 1
    return moved


def content_models():
    """Every concrete content model (those with a publication state)."""
    from django.apps import apps

    from .models import ContentModel

    return [m for m in apps.get_models() if issubclass(m, ContentModel)]


def record_schedule(now=None):
    """Turn due schedules into states. Return (went online, went offline) counts."""
    now = now or timezone.now()
    online = offline = 0
    for model in content_models():
        for obj in model.objects.filter(status=Status.PUBLISHED, unpublish_at__lte=now):
            _save_as_version(obj, {"status": Status.ARCHIVED}, _("Went offline as scheduled."))
            offline += 1
        for obj in model.objects.filter(status=Status.PUBLISHED, publish_at__lte=now):
            _save_as_version(obj, {"publish_at": None}, _("Went online as scheduled."))
            online += 1
    return online, offline
