"""Every write of a versioned record leaves a version (django-reversion), so that whatever is
deleted, whoever or whatever wrote it, comes back from the admin's "Recover deleted".

The admin (VersionAdmin), the review workflow and scheduled publication save versions as they
write; the seed loader saves one for each record a run really creates or changes
(`save_version`); records written in bulk (the benchmark data, a database loaded before
versions existed) get an initial one from `create_initial_versions`, in batches.

A version lives in a revision with the records it follows (a place's opening hours, notices and
key figures; an organisation's former names, relationships and events; a program's grants and
key figures): "Recover deleted" and "revert" bring back the whole revision. So each record has a
revision of its own, never shared with unrelated records (recovering one place must not revert
five hundred others), and a record saved alone is saved with the records that follow it
(`owners`), so that their latest version holds it.

A record staff delete from the admin gets one more version just before (`save_deletion_versions`),
whatever wrote it: "Recover deleted" brings it back as it was when it was deleted, and its
revision keeps the links other records held to it, which its own version does not (the places
that listed a deleted program, the organisations whose parent it was): `restore_links` gives
them back to the records that still exist.
"""

from collections import defaultdict

import reversion
from django.contrib.contenttypes.fields import GenericRelation
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import Serializer as JSONSerializer
from django.db import models, reset_queries, router, transaction
from django.db.models.deletion import Collector
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.encoding import force_str
from reversion.models import Revision, Version
from reversion.revisions import _get_options

from .models import DeletedLinks

BATCH = 500


def version_fields(model):
    """The fields a version keeps: all but the column modeltranslation mirrors from the
    languages' own (name_fr, name_en). That column reads and writes the active language, so a
    version saved in one language and brought back in the other would copy one language over
    the other."""
    from .workflow import translated_base_fields

    skip = translated_base_fields(model)
    return [
        f.name
        for f in [*model._meta.local_fields, *model._meta.local_many_to_many]
        if f.name not in skip
    ]


def versioned_models():
    """The models django-reversion keeps versions of (registered by their admins)."""
    return list(reversion.get_registered_models())


def owners(obj):
    """The versioned records that follow `obj` (its place, organisation or program...)."""
    found = []
    for model in versioned_models():
        for name in _get_options(model).follow:
            field = model._meta.get_field(name)
            if field.related_model is not type(obj):
                continue
            if isinstance(field, GenericRelation):
                content_type = ContentType.objects.get_for_model(model)
                if obj.content_type_id != content_type.pk:
                    continue
                pk = obj.object_id
            elif field.one_to_many:  # the reverse side of a foreign key on `obj`
                pk = getattr(obj, field.field.attname)
            else:
                continue
            owner = model._default_manager.filter(pk=pk).first() if pk is not None else None
            if owner is not None:
                found.append(owner)
    return found


def save_version(obj, comment, user=None):
    """A new version of a record just written, in a revision with the records that follow it
    and the records it belongs to."""
    with reversion.create_revision():
        reversion.add_to_revision(obj)
        for owner in owners(obj):
            reversion.add_to_revision(owner)
        if user is not None:
            reversion.set_user(user)
        reversion.set_comment(comment)


def without_version(model):
    """The records of a versioned model that have no version at all."""
    versions = Version.objects.filter(
        content_type=ContentType.objects.get_for_model(model),
        db=router.db_for_write(model),
        object_id=Cast(models.OuterRef("pk"), models.CharField()),
    )
    return model._default_manager.filter(~models.Exists(versions))


class _Serializer(JSONSerializer):
    """Django's JSON serializer (the format django-reversion reads back), with the
    many-to-many links of a batch read beforehand in one query per relation, not per record."""

    def __init__(self, links):
        super().__init__()
        self.links = links

    def handle_m2m_field(self, obj, field):
        if field.remote_field.through._meta.auto_created:
            self._current[field.name] = self.links[field].get(obj.pk, [])


def _links(model, records):
    """{m2m field: {record pk: [linked pks]}} for a batch of records."""
    pks = [r.pk for r in records]
    links = {}
    for field in model._meta.many_to_many:
        through = field.remote_field.through
        if not through._meta.auto_created:
            continue
        source, target = field.m2m_field_name(), field.m2m_reverse_field_name()
        found = defaultdict(list)
        rows = through._default_manager.filter(**{f"{source}__in": pks}).order_by("pk")
        for left, right in rows.values_list(f"{source}_id", f"{target}_id"):
            found[left].append(right)
        links[field] = found
    return links


def _followers(model, records):
    """{record pk: [the records it follows]} for a batch, one query per followed relation."""
    found = defaultdict(list)
    pks = [r.pk for r in records]
    for name in _get_options(model).follow:
        field = model._meta.get_field(name)
        related = field.related_model._default_manager
        if isinstance(field, GenericRelation):
            rows = related.filter(
                **{
                    field.content_type_field_name: ContentType.objects.get_for_model(model),
                    f"{field.object_id_field_name}__in": pks,
                }
            )
            key = field.object_id_field_name
        elif field.one_to_many:
            rows = related.filter(**{f"{field.field.name}__in": pks})
            key = field.field.attname
        else:
            raise ValueError(f"{model._meta.label}.{name}: a relation versions cannot follow.")
        for row in rows.order_by("pk"):
            found[int(getattr(row, key))].append(row)
    return found


def _serialized(model, records, revisions, follow=True):
    """The versions of a batch of records and of the records they follow, one revision each."""
    options = _get_options(model)
    content_type = ContentType.objects.get_for_model(model)
    serializer = _Serializer(_links(model, records))
    followers = _followers(model, records) if options.follow and follow else {}
    versions = []
    for record, revision in zip(records, revisions, strict=True):
        versions.append(
            Version(
                revision=revision,
                content_type=content_type,
                object_id=force_str(getattr(record, options.object_id_field)),
                db=router.db_for_write(model),
                format=options.format,
                serialized_data=serializer.serialize(
                    [record],
                    fields=options.fields,
                    use_natural_foreign_keys=options.use_natural_foreign_keys,
                ),
                object_repr=force_str(record),
            )
        )
    by_model = defaultdict(list)
    for record, revision in zip(records, revisions, strict=True):
        for follower in followers.get(record.pk, []):
            by_model[type(follower)].append((follower, revision))
    for follower_model, pairs in by_model.items():
        versions += _serialized(follower_model, *zip(*pairs, strict=True))
    return versions


def _selects(model):
    """The foreign keys a record's name may read (a relationship names its two organisations)."""
    return [f.name for f in model._meta.concrete_fields if f.many_to_one and not f.null]


def _order(models_):
    """Records that follow others first: their revisions cover the records they follow."""
    return sorted(models_, key=lambda m: (-len(_get_options(m).follow), m._meta.label))


def _missing(model, batch):
    """The pks of the records with no version, `batch` at a time, in pk order.

    The records are read by pk ranges and their versions looked up by key, a plan that holds
    whatever the planner's statistics say (an anti-join planned on statistics taken before
    the versions were written walked every version for every record)."""
    content_type = ContentType.objects.get_for_model(model)
    db = router.db_for_write(model)
    last = None
    while True:
        rows = model._default_manager.order_by("pk")
        if last is not None:
            rows = rows.filter(pk__gt=last)
        pks = list(rows.values_list("pk", flat=True)[: batch * 4])
        if not pks:
            return
        last = pks[-1]
        have = set(
            Version.objects.filter(
                content_type=content_type, db=db, object_id__in=[str(pk) for pk in pks]
            ).values_list("object_id", flat=True)
        )
        missing = [pk for pk in pks if str(pk) not in have]
        for start in range(0, len(missing), batch):
            yield missing[start : start + batch]


def save_versions(records, comment, user=None, batch=BATCH):
    """A new version of each record just written, one revision each with the records it
    follows, written in bulk (`batch` records at a time): for writes of many records at once,
    such as a spreadsheet import, where a revision per save cost several round trips each."""
    by_model = defaultdict(list)
    for record in records:
        by_model[type(record)].append(record)
    for model in _order(by_model):
        records_ = by_model[model]
        for start in range(0, len(records_), batch):
            chunk = records_[start : start + batch]
            now = timezone.now()
            revisions = Revision.objects.bulk_create(
                [Revision(date_created=now, comment=comment, user=user) for _ in chunk]
            )
            Version.objects.bulk_create(_serialized(model, chunk, revisions), batch_size=batch * 4)


def create_initial_versions(comment, batch=BATCH, progress=None):
    """Give every versioned record with no version an initial one. Return how many records
    got a revision of their own.

    In batches of `batch` records, each in its own transaction: the next records with no
    version are found by pk ranges, one query per relation reads their links and the records
    they follow, and their revisions and versions are written in two bulk inserts. Memory
    holds one batch at a time (and, with DEBUG on, not the SQL of the batches before).
    """
    made = 0
    for model in _order(versioned_models()):
        for pks in _missing(model, batch):
            with transaction.atomic():
                chunk = list(
                    model._default_manager.filter(pk__in=pks)
                    .select_related(*_selects(model))
                    .order_by("pk")
                )
                now = timezone.now()
                revisions = Revision.objects.bulk_create(
                    [Revision(date_created=now, comment=comment) for _ in chunk]
                )
                Version.objects.bulk_create(
                    _serialized(model, chunk, revisions), batch_size=batch * 4
                )
            made += len(chunk)
            # With DEBUG on (make run's settings) Django keeps the SQL of its last 9,000 queries,
            # and the versions' inserts carry the serialised records: the log grew with the
            # data (some 6 MB a batch of places), not with the batch.
            reset_queries()
            if progress is not None:
                progress(model, made)
    return made


def forget_versions(queryset):
    """Delete the revisions that hold versions of these records (with every version in them):
    for data that is thrown away on purpose, such as the benchmark's synthetic rows."""
    model = queryset.model
    keys = queryset.annotate(version_key=Cast("pk", models.CharField())).values("version_key")
    versions = Version.objects.filter(
        content_type=ContentType.objects.get_for_model(model),
        db=router.db_for_write(model),
        object_id__in=keys,
    )
    return Revision.objects.filter(pk__in=versions.values("revision_id")).delete()[0]


def _deleted_with(record):
    """{model: [rows]}: the versioned rows a deletion of `record` deletes, `record` included
    (its hours, notices, key figures, grants, former names, events, at every depth), as the
    admin's delete confirmation lists them."""
    collector = Collector(using=router.db_for_write(type(record)))
    collector.collect([record])
    found = defaultdict(dict)
    for model, rows in collector.data.items():
        for row in rows:
            found[model][row.pk] = row
    for queryset in collector.fast_deletes:
        for row in queryset:
            found[type(row)][row.pk] = row
    return {
        model: sorted(rows.values(), key=lambda row: row.pk)
        for model, rows in found.items()
        if reversion.is_registered(model)
    }


def links_to(rows):
    """The links other records hold to these rows ({model: [rows]}) that their own versions do
    not keep: the other side of a many-to-many field, and a foreign key their deletion sets to
    null."""
    found = []
    for model, records in rows.items():
        content_type = ContentType.objects.get_for_model(model).pk
        for relation in model._meta.related_objects:
            field = relation.field
            if relation.many_to_many:
                through = relation.through
                if not through._meta.auto_created:
                    continue  # a model of its own: its rows are records, not links
                source, target = field.m2m_field_name(), field.m2m_reverse_field_name()
                pairs = through._default_manager.filter(
                    **{f"{target}__in": [r.pk for r in records]}
                ).values_list(f"{target}_id", f"{source}_id")
            elif relation.one_to_many and relation.on_delete is models.SET_NULL:
                pairs = relation.related_model._default_manager.filter(
                    **{f"{field.name}__in": [r.pk for r in records]}
                ).values_list(field.attname, "pk")
            else:
                continue
            linked = defaultdict(list)
            for pk, other in pairs.order_by("pk"):
                linked[pk].append(other)
            for pk, others in sorted(linked.items()):
                found.append(
                    {
                        "record": [content_type, pk],
                        "model": ContentType.objects.get_for_model(relation.related_model).pk,
                        "field": field.name,
                        "pks": sorted(others),
                    }
                )
    return found


def save_deletion_versions(records, comment, user=None):
    """Just before staff delete these records: a version of each and of every versioned row its
    deletion deletes too, in a revision of its own (recovering one brings back no other) that
    keeps the links other records hold to them (`links_to`). Written directly, outside any
    revision the admin's view has open, which would put a whole bulk deletion in one revision."""
    for record in records:
        if not reversion.is_registered(type(record)):
            continue
        rows = _deleted_with(record)
        revision = Revision.objects.create(date_created=timezone.now(), user=user, comment=comment)
        Version.objects.bulk_create(
            [
                version
                for model, group in rows.items()
                for version in _serialized(model, group, [revision] * len(group), follow=False)
            ]
        )
        DeletedLinks.objects.create(revision=revision, links=links_to(rows))


def restore_links(revision):
    """Give back the links a deleted record's revision kept (`save_deletion_versions`) to the
    records that still exist on both sides. A link to a foreign key is given back only where
    nothing else was put there meanwhile. Return the records whose side of a link changed."""
    kept = DeletedLinks.objects.filter(revision=revision).first()
    if kept is None:
        return []
    changed = []
    for entry in kept.links:
        model = ContentType.objects.get_for_id(entry["record"][0]).model_class()
        record = model._default_manager.filter(pk=entry["record"][1]).first()
        if record is None:
            continue
        linking = ContentType.objects.get_for_id(entry["model"]).model_class()
        field = linking._meta.get_field(entry["field"])
        others = linking._default_manager.filter(pk__in=entry["pks"])
        if field.many_to_many:
            source, target = field.m2m_field_name(), field.m2m_reverse_field_name()
            have = set(
                field.remote_field.through._default_manager.filter(
                    **{target: record.pk, f"{source}__in": entry["pks"]}
                ).values_list(f"{source}_id", flat=True)
            )
            others = [other for other in others if other.pk not in have]
            getattr(record, field.remote_field.get_accessor_name()).add(*others)
        else:
            others = list(others.filter(**{f"{field.name}__isnull": True}))
            for other in others:
                setattr(other, field.name, record)
                other.save()
        changed += others
    return changed
