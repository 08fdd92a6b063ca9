"""The HSDS 3.0 read API (api/hsds/): its answers on the seed content validate against the
official schemas, unchanged; what it maps, filters and refuses; its HTTP behaviour."""

import datetime
import hashlib
import uuid
from pathlib import Path
from unittest import mock

import pytest
from django.utils import timezone

from api.hsds.openapi import STANDARD
from api.hsds.taxonomies import KIND_TERM_IDS, TAXONOMY_IDS
from centers.models import Center, CenterKind, NoticeKind
from core.models import Status, TriState
from tests.api.hsds_schemas import PAGE, errors, validator
from tests.factories import (
    CenterFactory,
    LanguageFactory,
    NoticeFactory,
    OpeningHoursFactory,
    OrganizationFactory,
    ServiceFactory,
    TargetGroupFactory,
    TerritoryFactory,
)

API = "/api/hsds"
# A well-formed UUID that names nothing (fixed: test ids must be the same on every worker).
UNKNOWN = "3fa85f64-5717-4562-b3fc-2c963f66afa6"
LIST_ITEM = {
    "services": "compiled/service_list.json",
    "organizations": "compiled/organization_list.json",
    "taxonomies": "taxonomy.json",
    "taxonomy_terms": "taxonomy_term.json",
    "service_at_locations": "compiled/service_at_location_list.json",
}
DETAIL = {
    "services": "compiled/service.json",
    "organizations": "compiled/organization.json",
    "taxonomies": "taxonomy.json",
    "taxonomy_terms": "taxonomy_term.json",
    # The official 3.0 file names the service schema here by mistake (fixed upstream).
    "service_at_locations": "service_at_location.json",
}


def get(client, url, **headers):
    response = client.get(url, **headers)
    assert response["Content-Type"] == "application/json", (url, response.status_code)
    return response


def every_page(client, path, query=""):
    """Every page of a list, each checked against the envelope and the item schema."""
    items, number = [], 1
    while True:
        response = get(client, f"{API}/{path}?per_page=7&page={number}{query}")
        assert response.status_code == 200, response.content
        body = response.json()
        assert errors(PAGE, body) == []
        item_schema = validator(LIST_ITEM[path])
        for item in body["contents"]:
            assert errors(item_schema, item) == [], (path, item)
        items += body["contents"]
        assert body["page_number"] == number and body["size"] == len(body["contents"])
        if body["last_page"]:
            assert len(items) == body["total_items"]
            return items
        number += 1


def test_the_official_files_are_the_unchanged_copies():
    """api/hsds/standard/ holds the official HSDS 3.0 files: their SHA-256 sums were taken
    when they were copied from openreferral/specification, and nothing changed them since."""
    sums = (STANDARD / "SHA256SUMS").read_text().split("\n")
    listed = {}
    for line in filter(None, sums):
        digest, name = line.split(maxsplit=1)
        listed[name] = digest
    on_disk = {p.relative_to(STANDARD).as_posix() for p in STANDARD.rglob("*") if p.is_file()} - {
        "SHA256SUMS"
    }
    assert set(listed) == on_disk
    for name, digest in listed.items():
        assert hashlib.sha256(Path(STANDARD, name).read_bytes()).hexdigest() == digest, name


# --- what a place becomes --------------------------------------------------------------------


@pytest.fixture
def place(db):
    mayotte = TerritoryFactory(
        slug="mayotte", name="Mayotte", time_zone="Indian/Mayotte", overseas=True
    )
    center = CenterFactory(
        territory=mayotte,
        city="Koungou",
        department="Mayotte",
        department_code="976",
        min_age=0,
        max_age=18,
        free_of_charge=TriState.YES,
        no_residence_permit_needed=TriState.YES,
        phone="+262 269 00 00 00",
        last_verified_on=datetime.date(2026, 3, 2),
        kind=CenterKind.CONSULTATION,
        open_on_public_holidays=TriState.NO,
    )
    OpeningHoursFactory(center=center, weekday=2, opens=datetime.time(8), closes=datetime.time(12))
    center.languages.add(LanguageFactory(code="sw", name="swahili", name_en="Swahili"))
    center.audiences.add(TargetGroupFactory(name="Mineurs", name_en="Minors"))
    center.services.add(ServiceFactory())
    return center


def test_a_place_becomes_a_service_a_location_and_a_service_at_location(place, client):
    service = get(client, f"{API}/services/{place.uuid}?lang=en").json()
    assert errors(validator("compiled/service.json"), service) == []
    assert service["id"] == str(place.uuid)
    assert service["organization_id"] == str(place.operator.uuid)
    assert service["minimum_age"] == 0 and service["maximum_age"] == 18
    assert service["assured_date"] == "2026-03-02"
    assert service["cost_options"][0]["amount"] == 0
    assert service["cost_options"][0]["currency"] == "EUR"
    assert "No residence permit needed: yes" in service["eligibility_description"]
    assert service["phones"][0]["number"] == "+262 269 00 00 00"
    assert [(lang["code"], lang["name"]) for lang in service["languages"]] == [("sw", "Swahili")]
    (sal,) = service["service_at_locations"]
    assert sal["id"] == str(place.service_at_location_uuid)
    assert sal["location"]["id"] == str(place.location_uuid)
    assert sal["location"]["location_type"] == "physical"
    assert "Koungou" in sal["location"]["description"]
    (schedule,) = sal["schedules"]
    assert schedule["byday"] == "WE" and schedule["freq"] == "WEEKLY"
    assert (schedule["opens_at"], schedule["closes_at"]) == ("08:00", "12:00")
    # Mayotte: UTC+3 all year; the IANA zone is in the description.
    assert schedule["timezone"] == 3
    assert "Indian/Mayotte" in schedule["description"]
    assert "Open on public holidays: no." in schedule["description"]
    assert {a["taxonomy_term"]["name"] for a in service["attributes"]} >= {"Minors"}


def test_paris_hours_carry_the_offset_of_the_day(db, client):
    center = CenterFactory()
    OpeningHoursFactory(center=center)
    service = get(client, f"{API}/services/{center.uuid}").json()
    (schedule,) = service["service_at_locations"][0]["schedules"]
    expected = 2 if timezone.localtime(timezone.now()).dst() else 1
    assert schedule["timezone"] == expected
    assert "Europe/Paris" in schedule["description"]
    assert "public holidays" not in schedule["description"]  # not stated: not said


def test_unstated_conditions_are_left_out_not_written_as_not_stated(db, client):
    center = CenterFactory()
    service = get(client, f"{API}/services/{center.uuid}").json()
    for key in ("cost_options", "fees_description", "eligibility_description", "phones"):
        assert key not in service
    assert "application_process" not in service and "assured_date" not in service


def test_a_current_closure_is_an_alert_and_the_status(place, client):
    NoticeFactory(center=place, kind=NoticeKind.CLOSURE, message="Fermé ce mercredi.")
    NoticeFactory(
        center=place,
        message="Ancien avis.",
        starts_on=datetime.date(2020, 1, 1),
        ends_on=datetime.date(2020, 1, 2),
    )
    service = get(client, f"{API}/services/{place.uuid}?lang=fr").json()
    assert service["alert"] == "Fermé ce mercredi."
    assert service["status"] == "temporarily closed"


def test_a_closure_from_today_in_france_is_current_in_the_last_hour_of_the_utc_day(place, client):
    """At 23:30 UTC it is already the next day in Paris (00:30): a closure that starts that day
    is today's, in the API as on the site (the API read the UTC date and left it out for an
    hour each night, two in summer)."""
    late = datetime.datetime(2026, 12, 7, 23, 30, tzinfo=datetime.UTC)
    paris_day = timezone.localdate(late)
    assert paris_day == datetime.date(2026, 12, 8)
    NoticeFactory(
        center=place, kind=NoticeKind.CLOSURE, message="Fermé ce mardi.", starts_on=paris_day
    )
    with mock.patch("django.utils.timezone.now", return_value=late):
        one = get(client, f"{API}/services/{place.uuid}?lang=fr").json()
        listed = get(client, f"{API}/services?lang=fr").json()["contents"]
    assert one["alert"] == "Fermé ce mardi."
    assert one["status"] == "temporarily closed"
    (summary,) = [row for row in listed if row["id"] == str(place.uuid)]
    assert summary["status"] == "temporarily closed"


def test_french_or_english_by_lang_or_accept_language(place, client):
    french = get(client, f"{API}/services/{place.uuid}", HTTP_ACCEPT_LANGUAGE="fr")
    english = get(client, f"{API}/services/{place.uuid}", HTTP_ACCEPT_LANGUAGE="en")
    assert french.json()["name"] == place.name_fr
    assert english.json()["name"] == place.name_en
    assert english["Content-Language"] == "en"
    assert "Accept-Language" in english["Vary"]
    forced = get(client, f"{API}/services/{place.uuid}?lang=fr", HTTP_ACCEPT_LANGUAGE="en")
    assert forced.json()["name"] == place.name_fr


def test_a_place_run_by_a_hidden_organisation_shows_no_organisation(db, client):
    center = CenterFactory(operator=OrganizationFactory(status=Status.DRAFT))
    service = get(client, f"{API}/services/{center.uuid}").json()
    assert "organization" not in service and "organization_id" not in service
    listed = get(client, f"{API}/services").json()["contents"]
    assert all("organization" not in s for s in listed)
    assert get(client, f"{API}/organizations").json()["total_items"] == 0


def test_ids_stay_when_a_place_is_renamed_or_moved(place, client):
    before = get(client, f"{API}/services/{place.uuid}").json()
    Center.objects.filter(pk=place.pk).update(slug="new-slug", name_fr="Nouveau nom", city="X")
    after = get(client, f"{API}/services/{place.uuid}").json()
    assert after["name"] == "Nouveau nom"
    assert after["id"] == before["id"]
    assert after["service_at_locations"][0]["id"] == before["service_at_locations"][0]["id"]
    schedules = [s["id"] for s in after["service_at_locations"][0]["schedules"]]
    assert schedules == [s["id"] for s in before["service_at_locations"][0]["schedules"]]


# --- parameters --------------------------------------------------------------------------------


def ids(response):
    assert response.status_code == 200, response.content
    return {item["id"] for item in response.json()["contents"]}


def test_filters_select_the_places_they_name(place, client):
    other = CenterFactory(city="Lyon", postcode="69007")
    group = place.audiences.get()
    assert ids(get(client, f"{API}/services?taxonomy_term_id={group.uuid}")) == {str(place.uuid)}
    kind = KIND_TERM_IDS[CenterKind.CASO]
    assert ids(get(client, f"{API}/services?taxonomy_term_id={kind}")) == {str(other.uuid)}
    audiences = TAXONOMY_IDS["audiences"]
    assert ids(get(client, f"{API}/services?taxonomy_id={audiences}")) == {str(place.uuid)}
    org = other.operator.uuid
    assert ids(get(client, f"{API}/services?organization_id={org}")) == {str(other.uuid)}
    assert ids(get(client, f"{API}/services?search=koungou")) == {str(place.uuid)}
    sal = f"{API}/service_at_locations?postcode="
    assert ids(get(client, f"{sal}69007")) == {str(other.service_at_location_uuid)}
    # A place with no postcode is found by its département's.
    assert ids(get(client, f"{sal}97600")) == {str(place.service_at_location_uuid)}
    Center.objects.filter(pk=other.pk).update(
        updated_at=timezone.now() - datetime.timedelta(days=10)
    )
    since = (timezone.now() - datetime.timedelta(days=1)).date().isoformat()
    assert ids(get(client, f"{API}/services?modified_after={since}")) == {str(place.uuid)}


def test_pagination_envelope_and_its_limit(db, client):
    CenterFactory.create_batch(5)
    body = get(client, f"{API}/services?per_page=2&page=3").json()
    assert body == {**body, "total_items": 5, "total_pages": 3, "page_number": 3, "size": 1}
    assert body["last_page"] and not body["first_page"] and not body["empty"]
    assert get(client, f"{API}/services?per_page=100").status_code == 200
    past = get(client, f"{API}/services?page=9").json()
    assert past["contents"] == [] and past["total_items"] == 5


def test_minimal_gives_ids_and_dates(place, client):
    (item,) = get(client, f"{API}/services?minimal=true").json()["contents"]
    assert set(item) == {"id", "name", "status", "last_modified"}


@pytest.mark.parametrize(
    ("query", "words"),
    [
        ("services?page=abc", "page"),
        ("services?page=0", "page"),
        ("services?per_page=1000", "per_page"),
        ("services?per_page=0", "per_page"),
        ("services?modified_after=junk", "modified_after"),
        ("services?taxonomy_id=not-a-uuid", "taxonomy_id"),
        (f"services?taxonomy_id={UNKNOWN}", "taxonomy_id"),
        (f"services?taxonomy_term_id={UNKNOWN}", "taxonomy_term_id"),
        (f"services?organization_id={UNKNOWN}", "organization_id"),
        ("services?full=maybe", "full"),
        ("services?page=", "page"),
        ("services?lang=", "lang"),
        ("services?format=xml", "format"),
        ("services?lang=de", "lang"),
        ("service_at_locations?postcode=abc", "postcode"),
        ("service_at_locations?proximity=500", "proximity"),
        ("taxonomy_terms?parent_id=x", "parent_id"),
        ("organizations?full_service=true", "full_service"),
    ],
)
def test_a_bad_parameter_is_a_400_that_names_it(db, client, query, words):
    response = get(client, f"{API}/{query}")
    assert response.status_code == 400
    body = response.json()
    assert body["status"] == 400 and words in body["message"]
    assert response["Access-Control-Allow-Origin"] == "*"


@pytest.mark.parametrize(
    "path",
    ["services", "organizations", "taxonomies", "taxonomy_terms", "service_at_locations"],
)
def test_an_unknown_id_is_a_404_with_a_message(db, client, path):
    for value in (str(uuid.uuid4()), "not-a-uuid"):
        response = get(client, f"{API}/{path}/{value}")
        assert response.status_code == 404
        assert response.json()["status"] == 404 and "id" in response.json()["message"]
    assert get(client, f"{API}/nowhere").status_code == 404
    assert get(client, "/api/other/").status_code == 404


# --- HTTP -------------------------------------------------------------------------------------


def test_cors_preflight_and_methods(db, client):
    response = client.get(f"{API}/services")
    assert response["Access-Control-Allow-Origin"] == "*"
    preflight = client.options(f"{API}/services", HTTP_ORIGIN="https://example.org")
    assert preflight.status_code == 204
    assert preflight["Access-Control-Allow-Origin"] == "*"
    assert "GET" in preflight["Access-Control-Allow-Methods"]
    posted = client.post(f"{API}/services", {})
    assert posted.status_code == 405 and posted.json()["status"] == 405


def test_conditional_requests_answer_304(place, client):
    url = f"{API}/services/{place.uuid}"
    first = client.get(url)
    assert first["ETag"] and first["Last-Modified"]
    assert client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    assert client.get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]).status_code == 304
    listed = client.get(f"{API}/services")
    assert client.get(f"{API}/services", HTTP_IF_NONE_MATCH=listed["ETag"]).status_code == 304
    place.name_fr = "Changé"
    place.save()
    assert client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 200


def test_public_for_everyone_no_session_no_private_cache(place, client, django_user_model):
    """A signed-in visitor gets the same answer as anyone: public, never private."""
    client.force_login(django_user_model.objects.create_user("someone"))
    response = client.get(f"{API}/services/{place.uuid}")
    assert response.status_code == 200
    control = response["Cache-Control"]
    assert "public" in control and "private" not in control and "no-store" not in control
    assert not response.cookies


def test_the_openapi_document_declares_errors_and_lang(db, client):
    doc = get(client, f"{API}/openapi.json").json()
    official = {
        "/",
        "/services",
        "/services/{id}",
        "/organizations",
        "/organizations/{id}",
        "/taxonomies",
        "/taxonomies/{id}",
        "/taxonomy_terms",
        "/taxonomy_terms/{id}",
        "/service_at_locations",
        "/service_at_locations/{id}",
    }
    assert set(doc["paths"]) == official
    for path, item in doc["paths"].items():
        operation = item["get"]
        assert "400" in operation["responses"]
        assert ("404" in operation["responses"]) == ("{id}" in path)
        assert {"$ref": "#/components/parameters/lang"} in operation["parameters"]
    assert "raw.githubusercontent.com" not in str(doc["paths"])
