"""The page cache (core/page_cache.py): never stale, never private, never a secret.

"Warm" below means the page was just answered from the cache: a second request made no query.
"""

import datetime
import gzip
import pickle
import re
import zoneinfo
from unittest import mock

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from core import page_cache
from core.models import Status
from partners.models import RelationshipKind
from tests.factories import (
    CenterFactory,
    EventFactory,
    GrantFactory,
    KeyFigureFactory,
    NoticeFactory,
    OpeningHoursFactory,
    OrganizationFactory,
    OrganizationNameFactory,
    ProgramFactory,
    ReferenceFactory,
    RelationshipFactory,
    ServiceFactory,
    TargetGroupFactory,
    TerritoryFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    settings.PAGE_CACHE_ENABLED = True


PARIS = zoneinfo.ZoneInfo("Europe/Paris")


def body(response):
    return " ".join(response.content.decode().split())


def warm(client, url, django_assert_num_queries, **headers):
    """Fetch the page twice; the second answer comes from the cache (no query)."""
    first = client.get(url, headers=headers)
    with django_assert_num_queries(0):
        second = client.get(url, headers=headers)
    assert second.status_code == first.status_code == 200
    assert second.content == first.content
    return body(second)


def fresh(client, url):
    return body(client.get(url))


def set_text(obj, field, value):
    """Set a (possibly translated) text field in every language."""
    for name in (field, f"{field}_fr", f"{field}_en"):
        if hasattr(obj, name):
            setattr(obj, name, value)


def english(obj):
    with translation.override("en"):
        return obj.get_absolute_url()


# --- every content model: publish, unpublish, edit, delete -------------------------------------
# Each case: make a published record shown on a page, and say how it shows there; `field` is
# the text edited (None: edit `kind` of a relationship).


def _organization():
    org = OrganizationFactory(name="Marker Org", name_en="Marker Org")
    return org, "/en/partners/", "name"


def _former_name():
    former = OrganizationNameFactory(name="Marker Former")
    return former, english(former.organization), "name"


def _relationship():
    rel = RelationshipFactory(description="")
    return rel, english(rel.source), None


def _theme():
    theme = ThemeFactory(name="Marker Theme")
    program = ProgramFactory()
    program.themes.add(theme)
    return theme, english(program), "name"


def _target_group():
    group = TargetGroupFactory(name="Marker Group")
    program = ProgramFactory()
    program.target_groups.add(group)
    return group, english(program), "name"


def _program():
    return (
        ProgramFactory(title="Marker Program", title_en="Marker Program"),
        "/en/programs/",
        "title",
    )


def _grant():
    grant = GrantFactory(purpose="Marker Purpose")
    return grant, english(grant.program), "purpose"


def _service():
    service = ServiceFactory(name="Marker Service")
    center = CenterFactory()
    center.services.add(service)
    return service, english(center), "name"


def _center():
    return CenterFactory(name="Marker Place", name_en="Marker Place"), "/en/places/", "name"


def _key_figure():
    figure = KeyFigureFactory(label="Marker Figure", label_en="Marker Figure")
    return figure, english(figure.subject), "label"


def _reference():
    reference = ReferenceFactory(title="Marker Law")
    EventFactory().references.add(reference)
    return reference, "/en/history/", "title"


def _event():
    return EventFactory(title="Marker Event", title_en="Marker Event"), "/en/history/", "title"


CASES = {
    "organization": _organization,
    "former name": _former_name,
    "relationship": _relationship,
    "theme": _theme,
    "target group": _target_group,
    "program": _program,
    "grant": _grant,
    "service": _service,
    "place": _center,
    "key figure": _key_figure,
    "reference": _reference,
    "event": _event,
}


def shown(obj, field):
    with translation.override("en"):
        if field is None:  # a relationship: "<source> partners with <a href=target>"
            return f'{obj.get_kind_display()} <a href="{english(obj.target)}">'
        return str(getattr(obj, field))


def edit(obj, field):
    if field is None:
        obj.kind = RelationshipKind.COLLABORATES_WITH
    else:
        set_text(obj, field, getattr(obj, field).replace("Marker", "Renamed"))
    obj.save()


@pytest.mark.parametrize("case", CASES)
def test_every_change_shows_at_the_next_request(client, django_assert_num_queries, case):
    obj, url, field = CASES[case]()
    before = shown(obj, field)
    assert before in warm(client, url, django_assert_num_queries)

    edit(obj, field)
    after = shown(obj, field)
    page = fresh(client, url)
    assert after in page and before not in page
    assert after in warm(client, url, django_assert_num_queries)

    obj.status = Status.DRAFT  # unpublish
    obj.save()
    assert after not in fresh(client, url)
    assert after not in warm(client, url, django_assert_num_queries)

    obj.status = Status.PUBLISHED  # publish
    obj.save()
    assert after in fresh(client, url)
    assert after in warm(client, url, django_assert_num_queries)

    obj.delete()
    assert after not in fresh(client, url)


def test_hours_and_notices_change_the_place_page_at_the_next_request(
    client, django_assert_num_queries
):
    center = CenterFactory()
    url = english(center)
    hours = OpeningHoursFactory(center=center, opens=datetime.time(9, 15))
    assert "09:15" in warm(client, url, django_assert_num_queries)
    hours.opens = datetime.time(10, 45)
    hours.save()
    assert "10:45" in fresh(client, url)

    notice = NoticeFactory(center=center, message="Marker notice", message_en="Marker notice")
    assert "Marker notice" in fresh(client, url)
    assert "Marker notice" in warm(client, url, django_assert_num_queries)
    notice.delete()
    hours.delete()
    page = fresh(client, url)
    assert "Marker notice" not in page and "10:45" not in page


def test_a_many_to_many_change_shows_at_the_next_request(client, django_assert_num_queries):
    center = CenterFactory()
    service = ServiceFactory(name="Marker Service")
    url = english(center)
    assert "Marker Service" not in warm(client, url, django_assert_num_queries)
    center.services.add(service)
    assert "Marker Service" in fresh(client, url)
    center.services.clear()
    assert "Marker Service" not in fresh(client, url)


# --- the admin and the commands -----------------------------------------------------------------


def test_an_admin_bulk_action_shows_at_the_next_request(
    client, admin_client, django_assert_num_queries
):
    program = ProgramFactory(title="Marker Program", title_en="Marker Program")
    assert "Marker Program" in warm(client, "/en/programs/", django_assert_num_queries)
    changelist = reverse("admin:programs_program_changelist")
    response = admin_client.post(
        changelist, {"action": "unpublish", "_selected_action": [program.pk]}
    )
    assert response.status_code == 302
    program.refresh_from_db()
    assert program.status == Status.DRAFT
    assert "Marker Program" not in fresh(client, "/en/programs/")


def test_verified_today_an_update_without_signals_shows_at_the_next_request(
    client, admin_client, django_assert_num_queries
):
    center = CenterFactory(last_verified_on=datetime.date(2020, 3, 4))
    url = english(center)
    assert "2020" in warm(client, url, django_assert_num_queries)
    changelist = reverse("admin:centers_center_changelist")
    admin_client.post(changelist, {"action": "verified_today", "_selected_action": [center.pk]})
    center.refresh_from_db()
    assert center.last_verified_on == timezone.localdate()
    assert "2020" not in fresh(client, url)


def test_a_bump_happens_again_when_the_transaction_commits(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        ProgramFactory()
        ProgramFactory()
    # One callback for the transaction, however many records it saved.
    assert callbacks == [page_cache._after_commit]
    before = cache.get(page_cache.GENERATION_KEY)
    callbacks[0]()
    assert cache.get(page_cache.GENERATION_KEY) == before + 1
    # With the next scheduled publication beside it (none here), for the next page rendered.
    generation, _since, at = cache.get(page_cache.SCHEDULE_KEY)
    assert (generation, at) == (before + 1, None)


def test_publish_scheduled_refreshes_the_pages_without_emptying_the_cache(
    client, django_assert_num_queries
):
    past = timezone.now() - datetime.timedelta(minutes=1)
    program = ProgramFactory(title="Marker Program", title_en="Marker Program")
    assert "Marker Program" in warm(client, "/en/programs/", django_assert_num_queries)
    cache.set("rate-counter", 3)
    type(program).objects.filter(pk=program.pk).update(unpublish_at=past)  # as a raw import
    call_command("publish_scheduled", stdout=mock.MagicMock())
    assert "Marker Program" not in fresh(client, "/en/programs/")
    assert cache.get("rate-counter") == 3


def test_private_records_leave_the_cached_pages_alone(client, django_assert_num_queries):
    """A visitor's correction report must not be a way to empty the cache."""
    center = CenterFactory()
    warm(client, english(center), django_assert_num_queries)
    generation = cache.get(page_cache.GENERATION_KEY)
    center.correction_reports.create(message="The phone number is wrong.")
    assert cache.get(page_cache.GENERATION_KEY) == generation
    with django_assert_num_queries(0):
        client.get(english(center))


def test_the_private_models_setting_names_real_models(settings):
    from django.apps import apps

    labels = {model._meta.label_lower for model in apps.get_models()}
    assert {label.lower() for label in settings.PAGE_CACHE_PRIVATE_MODELS} <= labels


# --- time ---------------------------------------------------------------------------------------


def at(*args):
    return datetime.datetime(*args, tzinfo=PARIS)


def get_at(client, url, instant, **headers):
    with mock.patch("django.utils.timezone.now", return_value=instant):
        return client.get(url, headers=headers)


def warm_at(client, url, instant, django_assert_num_queries):
    first = get_at(client, url, instant)
    with django_assert_num_queries(0):
        second = get_at(client, url, instant)
    assert first.content == second.content
    return body(second), second


@pytest.mark.parametrize("field", ["publish_at", "unpublish_at"])
def test_a_record_scheduled_for_the_next_minute_changes_at_its_minute(
    client, django_assert_num_queries, field
):
    now = at(2026, 3, 2, 10, 0, 20)
    minute = at(2026, 3, 2, 10, 1)
    ProgramFactory(title="Marker Program", title_en="Marker Program", **{field: minute})
    page, response = warm_at(client, "/en/programs/", now, django_assert_num_queries)
    assert ("Marker Program" in page) is (field == "unpublish_at")
    # Browsers keep it no longer than until then either.
    assert "max-age=40" in response["Cache-Control"]
    second_before = get_at(client, "/en/programs/", minute - datetime.timedelta(seconds=1))
    assert ("Marker Program" in body(second_before)) is (field == "unpublish_at")
    page = body(get_at(client, "/en/programs/", minute))
    assert ("Marker Program" in page) is (field == "publish_at")


@pytest.fixture
def weekday_place():
    """Open Monday 9:00–17:00, Paris time. 2 March 2026 is a Monday."""
    center = CenterFactory(name="Marker Place", name_en="Marker Place", slug="weekday")
    OpeningHoursFactory(center=center, weekday=0, opens=datetime.time(9), closes=datetime.time(17))
    return center


def status_of(page):
    """The place page's opening state: open (or closing soon), closed, or unknown."""
    if re.search(r'<strong class="[^"]*\bopen-now\b', page):
        return "open"
    return "closed" if '<strong class="opening-closed">Closed now</strong>' in page else "unknown"


# A card whose place is open ("Open now", or "Closes soon" in its last half hour).
OPEN_CARD = re.compile(r'<span class="tag [^"]*\bopen-now\b')


def test_open_now_flips_at_the_closing_minute_with_the_cache_warm(
    client, django_assert_num_queries, weekday_place
):
    url = english(weekday_place)
    page, response = warm_at(client, url, at(2026, 3, 2, 16, 59, 30), django_assert_num_queries)
    assert status_of(page) == "open"
    assert "max-age=30" in response["Cache-Control"]
    assert status_of(body(get_at(client, url, at(2026, 3, 2, 17)))) == "closed"
    # And opens at its opening minute.
    page, _response = warm_at(client, url, at(2026, 3, 9, 8, 59), django_assert_num_queries)
    assert status_of(page) == "closed"
    assert status_of(body(get_at(client, url, at(2026, 3, 9, 9)))) == "open"


def test_the_list_cards_and_the_open_now_filter_flip_at_the_minute(
    client, django_assert_num_queries, weekday_place
):
    page, _response = warm_at(
        client, "/en/places/", at(2026, 3, 2, 16, 59), django_assert_num_queries
    )
    assert OPEN_CARD.search(page)
    page = body(get_at(client, "/en/places/", at(2026, 3, 2, 17)))
    assert not OPEN_CARD.search(page)

    url = "/en/places/?open_now=on"
    page, _response = warm_at(client, url, at(2026, 3, 2, 16, 59, 10), django_assert_num_queries)
    assert "Marker Place" in page
    assert "Marker Place" not in body(get_at(client, url, at(2026, 3, 2, 17)))


def test_a_notice_shows_from_its_first_day_with_the_cache_warm(
    client, django_assert_num_queries, weekday_place
):
    NoticeFactory(
        center=weekday_place,
        message="Marker notice",
        message_en="Marker notice",
        starts_on=datetime.date(2026, 3, 3),
        ends_on=datetime.date(2026, 3, 3),
    )
    url = english(weekday_place)
    page, _r = warm_at(client, url, at(2026, 3, 2, 23, 59, 50), django_assert_num_queries)
    assert "Marker notice" not in page
    assert "Marker notice" in body(get_at(client, url, at(2026, 3, 3, 0, 0)))
    page, _r = warm_at(client, url, at(2026, 3, 3, 23, 59, 50), django_assert_num_queries)
    assert "Marker notice" in page
    assert "Marker notice" not in body(get_at(client, url, at(2026, 3, 4, 0, 0)))


def test_a_notice_on_the_selection_sheet_shows_from_the_places_own_midnight(
    client, django_assert_num_queries
):
    """Mayotte's day begins at 22:00 in Paris (in March): the sheet's cached copy ends then."""
    mayotte = TerritoryFactory(slug="mayotte", name="Mayotte", time_zone="Indian/Mayotte")
    center = CenterFactory(name="Marker Place", name_en="Marker Place", territory=mayotte)
    NoticeFactory(
        center=center,
        message="Marker notice",
        message_en="Marker notice",
        starts_on=datetime.date(2026, 3, 3),
    )
    url = f"/en/places/selection/?sel={center.pk}"
    page, _r = warm_at(client, url, at(2026, 3, 2, 21, 59, 50), django_assert_num_queries)
    assert "Marker Place" in page and "Marker notice" not in page
    assert "Marker notice" in body(get_at(client, url, at(2026, 3, 2, 22, 0)))


def test_declared_boundaries_cap_the_cached_life():
    request = mock.Mock(spec=[])
    soon, later = at(2026, 1, 1, 10), at(2026, 1, 1, 11)
    page_cache.expires_at(request, later, None)
    page_cache.expires_at(request, soon)
    page_cache.expires_at(request, later)
    assert request._page_cache_until == soon


# --- never private, never a draft ---------------------------------------------------------------


def entries():
    """What the test cache holds, unpickled (LocMemCache)."""
    return [pickle.loads(value) for value in cache._cache.values()]  # noqa: S301


def test_a_planted_draft_never_enters_the_cache(client, publisher_client):
    draft = ProgramFactory(title="Planted Draft", title_en="Planted Draft", status=Status.DRAFT)
    for url in (
        "/en/programs/",
        english(draft),
        f"{english(draft)}?preview=1",
        "/en/search/?q=Planted",
    ):
        client.get(url)
    # A publisher previews it: that page is theirs only.
    preview = publisher_client.get(f"{english(draft)}?preview=1")
    assert "Planted Draft" in preview.content.decode()
    assert client.get(f"{english(draft)}?preview=1").status_code == 404
    for entry in entries():
        assert b"Planted Draft" not in pickle.dumps(entry)


@pytest.mark.parametrize("who", ["publisher_client", "funder_client"])
def test_a_page_rendered_for_a_signed_in_user_is_never_served_to_another_client(
    request, client, django_assert_num_queries, who
):
    signed_in = request.getfixturevalue(who)
    center = CenterFactory()
    url = english(center)
    response = signed_in.get(url)
    control = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"private", "no-store"} <= control
    assert "Content-Encoding" not in response
    # Not kept: the anonymous visitor's page is rendered for them (queries).
    with CaptureQueriesContext(connection) as rendered:
        first = client.get(url)
    assert len(rendered.captured_queries) > 0
    assert "public" in first["Cache-Control"]
    # And the anonymous page is not served to the signed-in user either.
    again = signed_in.get(url)
    assert "private" in again["Cache-Control"]


def test_signed_in_pages_are_private_and_never_cached(funder_client, admin_client):
    for client, url in ((funder_client, "/en/funders/"), (admin_client, "/en/admin/")):
        response = client.get(url)
        control = {part.strip() for part in response["Cache-Control"].split(",")}
        assert {"private", "no-store"} <= control
    assert Client().get("/en/funders/").status_code == 302  # the login, not their dashboard


# --- HTTP ---------------------------------------------------------------------------------------


def test_a_conditional_request_gets_304(client):
    ProgramFactory()
    first = client.get("/en/programs/")
    etag = first["ETag"]
    # From the cache, and before it was cached (a new generation).
    assert client.get("/en/programs/", headers={"If-None-Match": etag}).status_code == 304
    page_cache.bump()
    response = client.get("/en/programs/", headers={"If-None-Match": etag})
    assert response.status_code == 304


def test_anonymous_pages_are_public_for_a_minute_at_most(client):
    response = client.get("/en/programs/")
    control = {part.strip() for part in response["Cache-Control"].split(",")}
    assert "public" in control
    max_age = int(next(p for p in control if p.startswith("max-age=")).split("=")[1])
    assert 0 < max_age <= 60
    assert "Cookie" in response["Vary"]


def test_anonymous_html_is_gzipped(client, django_assert_num_queries):
    ProgramFactory(title="Marker Program", title_en="Marker Program")
    client.get("/en/programs/", headers={"Accept-Encoding": "gzip"})
    with django_assert_num_queries(0):
        response = client.get("/en/programs/", headers={"Accept-Encoding": "gzip"})
    assert response["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response["Vary"]
    assert b"Marker Program" in gzip.decompress(response.content)
    # A client that does not take gzip gets plain HTML, from its own entry.
    plain = client.get("/en/programs/")
    assert "Content-Encoding" not in plain and b"Marker Program" in plain.content


def test_a_page_with_a_csrf_token_is_never_cached_nor_gzipped(client, django_assert_num_queries):
    center = CenterFactory()
    url = reverse("centers:center-report", kwargs={"slug": center.slug})
    for _ in range(2):
        response = client.get(url, headers={"Accept-Encoding": "gzip"})
        assert b"csrfmiddlewaretoken" in response.content
        assert "Content-Encoding" not in response
        control = {part.strip() for part in response["Cache-Control"].split(",")}
        assert {"private", "no-store"} <= control
    assert not any(b"csrfmiddlewaretoken" in pickle.dumps(entry) for entry in entries())


def test_an_error_is_never_cached(client):
    client.get("/en/places/no-such-place/")
    program = ProgramFactory(slug="no-such-program")
    assert client.get("/en/programs/no-such-program/").status_code == 200
    assert program.pk


def test_unknown_parameters_do_not_create_new_entries(client, django_assert_num_queries):
    ProgramFactory(title="Marker Program", title_en="Marker Program")
    warm(client, "/en/programs/", django_assert_num_queries)
    keys = len(cache._cache)
    for junk in ("utm_source=x", "a=1&b=2", "fbclid=123", "preview=1"):
        with django_assert_num_queries(0):
            response = client.get(f"/en/programs/?{junk}")
        assert b"Marker Program" in response.content
    assert len(cache._cache) == keys


def test_known_parameters_in_any_order_share_one_entry(client, django_assert_num_queries):
    CenterFactory(name="Marker Place", name_en="Marker Place")
    assert "Marker Place" in warm(client, "/en/places/?kind=caso&age=30", django_assert_num_queries)
    with django_assert_num_queries(0):
        client.get("/en/places/?age=30&utm=1&kind=caso")


def test_each_selection_is_a_page_of_its_own(client, django_assert_num_queries):
    """?sel= and ?also= are part of the key: a selection is never served another's page."""
    first = CenterFactory(name="First Place", name_en="First Place")
    second = CenterFactory(name="Second Place", name_en="Second Place")
    one = warm(client, f"/en/places/selection/?sel={first.pk}", django_assert_num_queries)
    other = warm(client, f"/en/places/selection/?sel={second.pk}", django_assert_num_queries)
    assert "First Place" in one and "Second Place" not in one
    assert "Second Place" in other and "First Place" not in other
    bilingual = fresh(client, f"/en/places/selection/?sel={first.pk}&also=fr")
    assert 'lang="fr"' in bilingual
    listed = warm(client, f"/en/places/?sel={first.pk}", django_assert_num_queries)
    assert "1 place selected" in listed


GET_FORM = re.compile(r'<form[^>]*method="get"[^>]*>(.*?)</form>', re.S | re.I)
NAME = re.compile(r'name="([^"]+)"')
LINK_QUERY = re.compile(r'href="[^"]*\?([^"#]+)')


@pytest.mark.parametrize(
    "url", ["/en/", "/en/places/", "/en/programs/", "/en/grants/", "/en/partners/", "/en/history/"]
)
def test_every_parameter_a_public_page_sends_is_known(client, url):
    """A form field or a link's parameter the cache does not know would be dropped."""
    for _ in range(25):
        CenterFactory()
    page = client.get(url).content.decode()
    names = {n for form in GET_FORM.findall(page) for n in NAME.findall(form)}
    for query in LINK_QUERY.findall(page):
        names |= {pair.split("=")[0] for pair in query.replace("&amp;", "&").split("&") if pair}
    assert names <= page_cache.known_parameters(), names - page_cache.known_parameters()


def test_a_head_request_is_answered_from_the_cached_page(client, django_assert_num_queries):
    ProgramFactory(title="Marker Program", title_en="Marker Program")
    page = client.get("/en/programs/")
    with django_assert_num_queries(0):
        head = client.head("/en/programs/")
    assert head.status_code == 200 and head.content == b""
    assert head["Content-Length"] == str(len(page.content))


def test_pages_are_served_uncached_when_the_cache_server_is_down(client):
    ProgramFactory(title="Marker Program", title_en="Marker Program")
    broken = mock.Mock(side_effect=ConnectionError("cache server down"))
    with mock.patch.object(page_cache, "store", broken):
        response = client.get("/en/programs/")
    assert response.status_code == 200 and b"Marker Program" in response.content


def test_a_bulk_load_bumps_once_at_the_end(client, django_assert_num_queries):
    program = ProgramFactory(title="Marker Program", title_en="Marker Program")
    assert "Marker Program" in warm(client, "/en/programs/", django_assert_num_queries)
    generation = cache.get(page_cache.GENERATION_KEY)
    with page_cache.bulk_changes():
        program.delete()
        ProgramFactory()
        assert cache.get(page_cache.GENERATION_KEY) == generation
    assert cache.get(page_cache.GENERATION_KEY) > generation
    assert "Marker Program" not in fresh(client, "/en/programs/")
    # The receivers are back.
    ProgramFactory(title="Marker Again", title_en="Marker Again")
    assert "Marker Again" in fresh(client, "/en/programs/")


def test_the_deploy_check_warns_of_a_cache_each_process_keeps_to_itself(settings):
    from core.checks import page_cache_is_shared

    assert [w.id for w in page_cache_is_shared(None)] == ["core.W001"]  # LocMemCache
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache"}}
    assert page_cache_is_shared(None) == []


def test_the_open_data_files_are_kept_and_follow_a_change(client, django_assert_num_queries):
    """Stored in the database by opendata (tests/opendata); a file no larger than
    OPEN_DATA_PAGE_CACHE_MAX_BYTES is kept in the page cache too, still served with `no-cache`
    so that every use asks again, and never older than the data."""
    from decimal import Decimal

    from core.qualifiers import Qualifier

    grant = GrantFactory(
        slug="marker-grant",
        amount=Decimal("1000"),
        amount_qualifier=Qualifier.EXACT,
        awarded_on=datetime.date(2024, 3, 15),
    )
    for url in ("/data/grants.360giving.json", "/data/grants.360giving.csv"):
        assert "marker-grant" in client.get(url).content.decode()
        with django_assert_num_queries(0):  # from the page cache
            response = client.get(url)
        assert "marker-grant" in response.content.decode()
        assert "no-cache" in response["Cache-Control"]
    grant.amount = Decimal("2345")
    grant.save()
    assert "2345" in fresh(client, "/data/grants.360giving.csv")


def test_the_sitemap_is_cached_and_follows_a_change(client, django_assert_num_queries):
    center = CenterFactory(slug="marker-place")
    # The places are in the index's "places" file.
    assert "/sitemap-places.xml" in warm(client, "/sitemap.xml", django_assert_num_queries)
    places = "/sitemap-places.xml"
    assert "/fr/places/marker-place/" in warm(client, places, django_assert_num_queries)
    center.status = Status.ARCHIVED
    center.save()
    assert "/fr/places/marker-place/" not in fresh(client, places)
