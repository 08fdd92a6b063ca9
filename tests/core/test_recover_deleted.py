"""Any deleted record comes back: one record of every versioned model, whatever wrote it (the
seed loader, the benchmark builder with its initial versions, the admin's own form), deleted
from the admin and brought back from "Recover deleted" as staff would, comes back with its
translations, the rows deleted along with it, the links it held and the links other records held
to it, and its public pages show it as before. The models are read from django-reversion's
registry: a new content model is covered without anyone having to remember it."""

import datetime
import io
import re

import pytest
import reversion
from django.contrib.admin.utils import NestedObjects
from django.core.management import call_command
from django.db.models import SET_NULL
from django.db.models.deletion import Collector, ProtectedError, RestrictedError
from django.test import Client
from django.urls import reverse
from django.utils import translation
from reversion.models import Version

from centers.models import Center, OpeningHours
from core import versions
from core.workflow import translated_base_fields
from network.seeding import SeedLoader
from programs.models import Program, Theme
from tests.core.test_admin import form_values
from tests.core.test_workflow import sign_in
from tests.factories import CenterFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("french")]

BENCH = {"places": 12, "programs": 4, "grants": 6, "organizations": 6, "events": 6}
RECOVERY_NOTE = "Rien de ce que vous supprimez n’est perdu"


def admin(name, *args):
    with translation.override("fr"):
        return reverse(f"admin:{name}", args=args)


def admin_name(model, view):
    return f"{model._meta.app_label}_{model._meta.model_name}_{view}"


@pytest.fixture
def superuser(client):
    user = sign_in(client, "Publishers")
    user.is_superuser = True
    user.save()
    return client


# -- what staff and the public see of a record ----------------------------------------------


def _seen(value):
    # Versions keep a date and time to the millisecond (Django's JSON); the admin's form, which
    # saves a recovered record, writes an empty translation as NULL and trims texts (the
    # benchmark's end with a space).
    if isinstance(value, datetime.datetime):
        return value.replace(microsecond=value.microsecond // 1000 * 1000)
    if isinstance(value, str):
        return value.strip()
    return "" if value is None else value


def linking(obj):
    """{relation name: the records holding a link to `obj`} for the links other records hold to
    it: the other side of a many-to-many field, a foreign key set to null when it is deleted."""
    links = {}
    for relation in obj._meta.related_objects:
        field = relation.field
        if relation.many_to_many or (relation.one_to_many and relation.on_delete is SET_NULL):
            name = f"{relation.related_model._meta.label}.{field.name}"
            links[name] = relation.related_model._default_manager.filter(**{field.name: obj.pk})
    return links


def reverse_links(obj):
    """{relation name: linked pks}, see `linking`."""
    return {name: sorted(rows.values_list("pk", flat=True)) for name, rows in linking(obj).items()}


def _state(obj):
    """A record as staff would see it: every field in both languages but its last-saved time
    (and the column modeltranslation mirrors from the languages' own), its own links, and the
    links other records hold to it."""
    hidden = {"updated_at", *translated_base_fields(type(obj))}
    state = {
        f.attname: _seen(getattr(obj, f.attname))
        for f in obj._meta.concrete_fields
        if f.name not in hidden
    }
    for field in obj._meta.many_to_many:
        state[field.name] = sorted(getattr(obj, field.name).values_list("pk", flat=True))
    state["linked from"] = reverse_links(obj)
    return state


def _with_rows(obj):
    """A record's state and the state of every row deleted along with it, at every depth
    (hours, notices, key figures, grants, former names, events and their key figures...): the
    rows the admin's delete confirmation lists, of every model."""
    collector = NestedObjects(using="default")
    collector.collect([obj])
    rows = sorted(
        (
            (type(row)._meta.label, _state(row))
            for group in collector.data.values()
            for row in group
            if row != obj and not type(row)._meta.auto_created  # links: "linked from"
        ),
        key=lambda item: (item[0], item[1]["id"]),
    )
    return _state(obj), rows


def _differences(before, after):
    """What differs between two `_with_rows`, for the failure message."""
    fields = {
        k: (str(v)[-40:], str(after[0].get(k))[-40:])
        for k, v in before[0].items()
        if after[0].get(k) != v
    }
    rows = [(a, b) for a, b in zip(before[1], after[1], strict=False) if a != b][:1] or (
        len(before[1]),
        len(after[1]),
    )
    return fields, rows


def _pages(obj):
    """The public pages that show a record: its own, else those of the records it belongs to
    (a place for its hours), else those of the records that list it (programs for a theme)."""
    for candidates in (
        [obj],
        versions.owners(obj) + [getattr(obj, "target", None)],
        [record for rows in linking(obj).values() for record in rows.order_by("pk")[:2]],
    ):
        urls = [
            record.get_absolute_url().split("#")[0]
            for record in candidates
            if record is not None and hasattr(record, "get_absolute_url")
        ]
        if urls:
            return urls
    return []


def _main(response):
    """The page's main content, without what changes from one request to the next (and without
    the space the benchmark's texts end with, which the admin's form trims)."""
    html = response.content.decode()
    main = html[html.index("<main") : html.index("</main>")]
    return re.sub(r"\s+(?=<)", "", re.sub(r'(nonce|value)="[^"]*"', "", main))


def _public(urls):
    visitor = Client()
    return {url: (r.status_code, _main(r)) for url in urls for r in [visitor.get(url)]}


# -- deleting and recovering through the admin ------------------------------------------------


def _deletable(model, rows):
    """Among the first records, one the admin can delete (no protected row depends on it)
    holding the most links, so that the links are what is checked."""
    best = None
    for obj in rows.order_by("pk")[:40]:
        try:
            Collector(using="default").collect([obj])
        except (ProtectedError, RestrictedError):
            continue
        weight = sum(len(pks) for pks in reverse_links(obj).values()) + len(_with_rows(obj)[1])
        if best is None or weight > best[0]:
            best = (weight, obj)
    return None if best is None else best[1]


def _give_every_link(obj):
    """Make sure every relation other records may hold to `obj` holds at least one link: a
    record of the linking model that does not hold it yet is linked to it."""
    for relation in obj._meta.related_objects:
        field, model = relation.field, relation.related_model
        if relation.many_to_many:
            if model._default_manager.filter(**{field.name: obj.pk}).exists():
                continue
            other = model._default_manager.exclude(pk=obj.pk).order_by("pk").first()
            if other is not None:
                getattr(other, field.name).add(obj)
        elif relation.one_to_many and relation.on_delete is SET_NULL:
            if model._default_manager.filter(**{field.name: obj.pk}).exists():
                continue
            other = (
                model._default_manager.filter(**{f"{field.name}__isnull": True})
                .exclude(pk__in=[obj.pk, getattr(obj, field.attname, None) or 0])
                .order_by("pk")
                .first()
            )
            if other is not None:
                setattr(other, field.name, obj)
                other.save()


def _recover(client, model, pk):
    recover_list = client.get(admin(admin_name(model, "recoverlist")))
    version = Version.objects.get_deleted(model).get(object_id=str(pk))
    url = admin(admin_name(model, "recover"), version.pk)
    assert url in recover_list.content.decode()
    data = form_values(client.get(url))
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]


def _delete_and_recover(client, model, obj):
    """Delete `obj` from its admin page, recover it; return (before, after, pages before,
    pages after)."""
    before = _with_rows(obj)
    pages = _pages(obj)
    shown = _public(pages)
    page = client.get(admin(admin_name(model, "delete"), obj.pk)).content.decode()
    assert RECOVERY_NOTE in page
    assert admin(admin_name(model, "recoverlist")) in page
    client.post(admin(admin_name(model, "delete"), obj.pk), {"post": "yes"})
    assert not model._default_manager.filter(pk=obj.pk).exists()
    own = obj.get_absolute_url().split("#")[0] if hasattr(obj, "get_absolute_url") else None
    if own and shown.get(own, (0,))[0] == 200 and "#" not in obj.get_absolute_url():
        assert Client().get(own).status_code == 404
    _recover(client, model, obj.pk)
    after = _with_rows(model._default_manager.get(pk=obj.pk))
    return before, after, shown, _public(pages)


def test_every_deleted_record_comes_back_with_its_rows_links_and_pages(superuser):
    call_command("build_bench_data", force=True, stdout=io.StringIO(), **BENCH)
    SeedLoader().load()
    # One record written through the admin's own form, too.
    superuser.post(
        admin("programs_theme_add"),
        {
            "name_fr": "Santé mentale",
            "name_en": "Mental health",
            "slug": "sante-mentale",
            "status": "published",
            "source_document": "staff",
            "source_verification": "Saisie par l'équipe.",
        },
    )
    written_by_admin = Theme.objects.get(slug="sante-mentale")
    assert written_by_admin.name_en == "Mental health"

    checked, links_checked, pages_checked = [], set(), set()
    for model in versions.versioned_models():
        rows = model._default_manager.all()
        origins = [
            ("seed", rows.exclude(seed_key=None) if hasattr(model, "seed_key") else rows.none()),
            ("bench", rows.filter(pk__in=_bench_pks(model))),
            ("admin", rows.filter(pk=written_by_admin.pk) if model is Theme else rows.none()),
        ]
        for origin, subset in origins:
            obj = _deletable(model, subset)
            if obj is None:
                continue
            _give_every_link(obj)
            obj = model._default_manager.get(pk=obj.pk)
            before, after, shown, shown_after = _delete_and_recover(superuser, model, obj)
            assert after == before, (model, origin, _differences(before, after))
            for url, (status, main) in shown.items():
                if status == 200:
                    assert shown_after[url] == (200, main), (model, origin, url)
                    pages_checked.add(model)
            links_checked |= {
                (model, relation) for relation, pks in before[0]["linked from"].items() if pks
            }
            checked.append((model, origin))

    # Every model, records from each writer, every link other records may hold, a public page.
    assert {model for model, _ in checked} == set(versions.versioned_models())
    assert {origin for _, origin in checked} == {"seed", "bench", "admin"}
    every_relation = {
        (model, relation)
        for model in versions.versioned_models()
        for relation in reverse_links(model._default_manager.first())
    }
    assert links_checked == every_relation
    assert pages_checked == set(versions.versioned_models())
    theme = Theme.objects.get(pk=written_by_admin.pk)
    assert (theme.name_fr, theme.name_en) == ("Santé mentale", "Mental health")


def _bench_pks(model):
    """The records the benchmark builder wrote (and gave initial versions): their versions say
    so, whatever the model's own fields."""
    return [
        int(pk)
        for pk in Version.objects.get_for_model(model)
        .filter(revision__comment__startswith="Initial version (benchmark")
        .values_list("object_id", flat=True)
    ]


def test_a_program_comes_back_on_the_places_that_listed_it(superuser):
    """The links other records held, given back from both sides: the places list the program
    again, and each place's history says so."""
    SeedLoader().load()
    program = Program.objects.exclude(seed_key=None).filter(centers__isnull=False).first()
    places = set(program.centers.values_list("pk", flat=True))
    assert places
    superuser.post(admin("programs_program_delete", program.pk), {"post": "yes"})
    assert not Center.objects.filter(programs=program.pk).exists()
    _recover(superuser, Program, program.pk)
    assert set(Program.objects.get(pk=program.pk).centers.values_list("pk", flat=True)) == places
    for center in Center.objects.filter(pk__in=places):
        latest = Version.objects.get_for_object(center).first()
        assert program.pk in latest.field_dict["programs"]
        assert "Lien vers" in latest.revision.comment


def test_a_link_to_a_record_deleted_meanwhile_is_left_out(superuser):
    SeedLoader().load()
    program = Program.objects.exclude(seed_key=None).filter(centers__isnull=False).first()
    places = list(program.centers.order_by("pk"))
    superuser.post(admin("programs_program_delete", program.pk), {"post": "yes"})
    gone = places[0]
    superuser.post(admin("centers_center_delete", gone.pk), {"post": "yes"})
    _recover(superuser, Program, program.pk)
    kept = {p.pk for p in places[1:]}
    assert set(Program.objects.get(pk=program.pk).centers.values_list("pk", flat=True)) == kept


def test_each_record_of_a_bulk_deletion_comes_back_on_its_own(superuser):
    first, second = CenterFactory(name_fr="Centre Nord"), CenterFactory(name_fr="Centre Sud")
    superuser.post(
        admin("centers_center_changelist"),
        {"action": "delete_selected", "_selected_action": [first.pk, second.pk], "post": "yes"},
    )
    assert not Center.objects.filter(pk__in=[first.pk, second.pk]).exists()
    _recover(superuser, Center, first.pk)
    assert Center.objects.get(pk=first.pk).name_fr == "Centre Nord"
    assert not Center.objects.filter(pk=second.pk).exists()  # still in "Recover deleted"
    _recover(superuser, Center, second.pk)
    assert Center.objects.get(pk=second.pk).name_fr == "Centre Sud"


def test_an_hour_deleted_on_its_own_page_comes_back_from_its_own_list(superuser):
    center = CenterFactory()
    with reversion.create_revision():
        center.save()
    superuser.post(
        admin("centers_openinghours_add"),
        {"center": center.pk, "weekday": 2, "opens": "09:00", "closes": "12:30"},
    )
    hour = OpeningHours.objects.get(center=center)
    # Saved with its place: the place's latest version holds the new hour.
    latest = Version.objects.get_for_object(center).first()
    assert latest.revision.version_set.filter(object_id=str(hour.pk)).exists()
    page = superuser.get(admin("centers_openinghours_delete", hour.pk)).content.decode()
    assert RECOVERY_NOTE in page
    superuser.post(admin("centers_openinghours_delete", hour.pk), {"post": "yes"})
    _recover(superuser, OpeningHours, hour.pk)
    assert OpeningHours.objects.get(pk=hour.pk).center == center


def test_the_delete_confirmation_says_how_to_recover(superuser):
    center = CenterFactory(name_fr="Centre Nord")
    page = superuser.get(admin("centers_center_delete", center.pk)).content.decode()
    assert RECOVERY_NOTE in page
    assert "les liens que d’autres fiches avaient vers lui" in page
    assert admin("centers_center_recoverlist") in page
    selected = superuser.post(
        admin("centers_center_changelist"),
        {"action": "delete_selected", "_selected_action": [center.pk]},
    ).content.decode()
    assert RECOVERY_NOTE in selected
    assert admin("centers_center_recoverlist") in selected
