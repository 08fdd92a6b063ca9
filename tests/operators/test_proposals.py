"""What an operator does to a place: confirm, propose (for review), close for a while (at once),
report closed for good (for review), propose a new place; and what the public sees meanwhile."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from django.utils.formats import date_format
from reversion.models import Version

from centers.models import Center, Notice, NoticeKind
from core import workflow
from core.models import PendingChange, PendingChangeStatus, Status
from operators import proposals
from outbox.models import OutgoingMessage
from tests.accounts_fixtures import make_user
from tests.factories import NoticeFactory, TerritoryFactory

from .conftest import public_url, url

pytestmark = pytest.mark.django_db


def comments(place):
    return [v.revision.comment for v in Version.objects.get_for_object(place)]


def hours_post(rows, **data):
    """The form's POST: `data`, with the week of hours `rows` ([(day, opens, closes)]) in place
    of the hours it holds, or the hours it holds when `rows` is None."""
    if rows is None:
        return data
    data = {k: v for k, v in data.items() if not k.startswith("hours-")}
    data |= {
        "hours-TOTAL_FORMS": str(len(rows)),
        "hours-INITIAL_FORMS": "0",
        "hours-MIN_NUM_FORMS": "0",
        "hours-MAX_NUM_FORMS": "1000",
    }
    data.setdefault("notice-kind", "message")
    for i, (weekday, opens, closes) in enumerate(rows):
        data |= {f"hours-{i}-weekday": weekday, f"hours-{i}-opens": opens}
        data[f"hours-{i}-closes"] = closes
    return data


def place_form_data(client, place, address=None):
    """The proposal form as the page fills it (what a visitor sends who changes nothing): the
    place's fields, its week of hours, and the three empty rows. `address`: the form's page
    (default: the operators' space's; a campaign's letter has its own)."""
    context = client.get(address or url("operators:propose", place.slug)).context
    form, hours = context["form"], context["hours"]
    data = {"notice-kind": "message"}
    for name in form.fields:
        value = form.initial.get(name)
        data[name] = "" if value is None else value
    data |= {
        "hours-TOTAL_FORMS": str(len(hours.forms)),
        "hours-INITIAL_FORMS": str(len(hours.initial_forms)),
        "hours-MIN_NUM_FORMS": "0",
        "hours-MAX_NUM_FORMS": "1000",
    }
    for i, row in enumerate(hours.initial_forms):
        data[f"hours-{i}-weekday"] = row.initial["weekday"]
        data[f"hours-{i}-opens"] = f"{row.initial['opens']:%H:%M}"
        data[f"hours-{i}-closes"] = f"{row.initial['closes']:%H:%M}"
    return data


# -- confirm ----------------------------------------------------------------------------------


def test_confirming_sets_today_who_and_a_version(operator, operator_client, place_a):
    response = operator_client.post(url("operators:confirm", place_a.slug))
    assert response.status_code == 302
    place_a.refresh_from_db()
    assert place_a.last_verified_on == timezone.localdate()
    assert place_a.last_verified_by == operator
    assert "Confirmed still correct by operateur-a, Association A." in comments(place_a)
    page = operator_client.get(url("operators:place", place_a.slug))
    assert "up to date" in page.text.lower()


def test_the_public_page_shows_the_new_check_date_at_once(operator_client, place_a):
    public = Client().get(public_url(place_a))  # cached from here on
    assert f"Last verified on {date_format(datetime.date(2020, 1, 1))}." in public.text
    operator_client.post(url("operators:confirm", place_a.slug))
    public = Client().get(public_url(place_a))
    assert f"Last verified on {date_format(timezone.localdate())}." in public.text


# -- a proposal waits for review ----------------------------------------------------------------


def test_a_proposal_reaches_the_public_page_only_once_approved(operator_client, place_a, publisher):
    data = place_form_data(operator_client, place_a)
    data["phone"] = "09 99 99 99 99"
    data = hours_post([(0, "10:00", "12:00"), (2, "14:00", "18:30")], **data)
    response = operator_client.post(url("operators:propose", place_a.slug), data)
    assert response.status_code == 302, response.context and response.context["form"].errors
    change = PendingChange.objects.get()
    assert change.data["fields"] == {"phone": "09 99 99 99 99"}
    assert change.data["rows"]["opening_hours"] == [
        {"weekday": 0, "opens": "10:00", "closes": "12:00"},
        {"weekday": 2, "opens": "14:00", "closes": "18:30"},
    ]
    # In between: the public page is as it was.
    public = Client().get(public_url(place_a)).text
    assert "01 02 03 04 05" in public
    assert "09 99 99 99 99" not in public
    assert "18:30" not in public
    place_a.refresh_from_db()
    assert str(place_a.last_verified_on) == "2020-01-01"
    # The operator sees it waiting.
    mine = operator_client.get(url("operators:proposals")).text
    assert "Waiting for review" in mine

    # The review page shows the hours in words, now and proposed.
    review = workflow.diff(change)
    assert ("opening hours", "Monday 09:00–17:00", "Monday 10:00–12:00\nWednesday 14:00–18:30") in [
        (label, now, new) for label, now, new in review
    ]

    workflow.approve(change, publisher)
    public = Client().get(public_url(place_a)).text
    assert "09 99 99 99 99" in public
    assert "18:30" in public
    place_a.refresh_from_db()
    assert place_a.last_verified_on == timezone.localdate()
    assert [str(h) for h in place_a.opening_hours.all()] == [
        "Monday 10:00–12:00",
        "Wednesday 14:00–18:30",
    ]
    assert "Approved change proposed by operateur-a, Association A." in comments(place_a)
    assert "Approved" in operator_client.get(url("operators:proposals")).text


def test_a_confirmation_after_a_proposal_leaves_it_applicable(operator, place_a, publisher):
    change = proposals.propose_place_changes(
        place_a, fields={"phone": "07 00 00 00 00"}, author_label="A", user=operator
    )
    proposals.confirm_place(place_a, by_label="A", user=operator)
    change.refresh_from_db()
    workflow.approve(change, publisher)
    place_a.refresh_from_db()
    assert place_a.phone == "07 00 00 00 00"


def test_a_proposal_over_a_staff_edit_is_refused_as_stale(operator, place_a, publisher):
    change = proposals.propose_place_changes(
        place_a, fields={"phone": "07 00 00 00 00"}, author_label="A", user=operator
    )
    place_a.refresh_from_db()
    place_a.city = "Villeurbanne"
    place_a.save()
    with pytest.raises(workflow.StaleChange):
        workflow.approve(change, publisher)


def test_the_admin_review_page_shows_the_hours(admin_client, place_a):
    change = proposals.propose_place_changes(
        place_a,
        fields={},
        opening_hours=[{"weekday": 4, "opens": "08:00", "closes": "12:00"}],
        author_label="Association A",
    )
    page = admin_client.get(f"/en/admin/core/pendingchange/{change.pk}/change/").text
    assert "Friday 08:00–12:00" in page
    assert "Monday 09:00–17:00" in page
    assert "Proposed by Association A" in page


def test_a_rejected_proposal_shows_the_reviewers_comment(operator_client, place_a, publisher):
    data = place_form_data(operator_client, place_a)
    data["phone"] = "09 99 99 99 99"
    operator_client.post(url("operators:propose", place_a.slug), hours_post(None, **data))
    workflow.reject(PendingChange.objects.get(), publisher, "Ce numéro est celui du siège.")
    page = operator_client.get(url("operators:proposals")).text
    assert "Rejected" in page
    assert "Ce numéro est celui du siège." in page
    assert "01 02 03 04 05" in Client().get(public_url(place_a)).text


def test_a_proposed_notice_waits_for_review(operator_client, place_a, publisher):
    data = place_form_data(operator_client, place_a)
    data = hours_post(
        None,
        **data,
        **{"notice-message": "Nouvelle adresse en mars.", "notice-starts_on": "2030-03-01"},
    )
    assert operator_client.post(url("operators:propose", place_a.slug), data).status_code == 302
    assert not Notice.objects.exists()
    workflow.approve(PendingChange.objects.get(), publisher)
    notice = Notice.objects.get()
    assert (notice.message_fr, notice.center) == ("Nouvelle adresse en mars.", place_a)


def test_nothing_changed_is_no_proposal(operator_client, place_a):
    data = place_form_data(operator_client, place_a)
    response = operator_client.post(url("operators:propose", place_a.slug), data)
    assert response.status_code == 302
    assert not PendingChange.objects.exists()


def test_removing_a_window_proposes_the_week_without_it(operator_client, place_a):
    data = place_form_data(operator_client, place_a)
    data["hours-1-weekday"], data["hours-1-opens"], data["hours-1-closes"] = 3, "14:00", "16:00"
    operator_client.post(url("operators:propose", place_a.slug), data)
    assert PendingChange.objects.get().data["rows"]["opening_hours"] == [
        {"weekday": 0, "opens": "09:00", "closes": "17:00"},
        {"weekday": 3, "opens": "14:00", "closes": "16:00"},
    ]
    PendingChange.objects.all().delete()
    data["hours-0-DELETE"] = "on"
    operator_client.post(url("operators:propose", place_a.slug), data)
    assert PendingChange.objects.get().data["rows"]["opening_hours"] == [
        {"weekday": 3, "opens": "14:00", "closes": "16:00"},
    ]


@pytest.mark.parametrize(
    ("rows", "extra", "message"),
    [
        ([(0, "09:00", "09:00")], {}, "Opening and closing times must differ."),
        ([(0, "09:00", "")], {}, "Give the day, the opening time and the closing time"),
        ([(0, "25:00", "12:00")], {}, "Enter a valid time."),
        ([(9, "09:00", "12:00")], {}, "Select a valid choice."),
        (
            None,
            {
                "notice-message": "Fermé",
                "notice-starts_on": "2030-03-10",
                "notice-ends_on": "2030-03-01",
            },
            "The end cannot come before the start.",
        ),
        (None, {"email": "not an address"}, "Enter a valid email address."),
        (None, {"min_age": "20", "max_age": "10"}, "maximum age cannot be below"),
    ],
)
def test_bad_input_is_a_form_error(operator_client, place_a, rows, extra, message):
    data = place_form_data(operator_client, place_a) | extra
    response = operator_client.post(
        url("operators:propose", place_a.slug), hours_post(rows, **data)
    )
    assert response.status_code == 400
    assert message in response.text
    assert not PendingChange.objects.exists()


# -- a temporary closure goes out at once -----------------------------------------------------


def test_a_temporary_closure_shows_at_once_and_publishers_are_told(
    operator_client, place_a, publisher, django_capture_on_commit_callbacks
):
    editor = make_user("Editors", username="editor-not-told")
    Client().get(public_url(place_a))  # cached
    today = timezone.localdate()
    with django_capture_on_commit_callbacks(execute=True):
        response = operator_client.post(
            url("operators:closure", place_a.slug),
            {"starts_on": today.isoformat(), "message": "Fermé pour travaux urgents."},
        )
    assert response.status_code == 302
    notice = Notice.objects.get(center=place_a)
    assert notice.kind == NoticeKind.CLOSURE
    public = Client().get(public_url(place_a, lang="fr")).text
    assert "Fermé pour travaux urgents." in public
    assert "Temporary closure entered by operateur-a, Association A." in comments(place_a)
    # Queued in the request, sent by the mail job (never from the request itself).
    assert mail.outbox == []
    assert OutgoingMessage.objects.get().to == publisher.email
    call_command("send_queued_mail")
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [publisher.email]
    assert editor.email not in mail.outbox[0].to
    assert "Fermé pour travaux urgents." in mail.outbox[0].body


def test_a_closure_that_ends_before_it_starts_is_refused(operator_client, place_a):
    response = operator_client.post(
        url("operators:closure", place_a.slug),
        {"starts_on": "2030-05-10", "ends_on": "2030-05-01", "message": "Fermé."},
    )
    assert response.status_code == 400
    assert "The end cannot come before the start." in response.text
    assert not Notice.objects.exists()
    assert mail.outbox == []


# -- closed for good, and a new place: for review -----------------------------------------------


def test_closed_for_good_waits_for_review(
    operator_client, place_a, publisher, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = operator_client.post(
            url("operators:closed-for-good", place_a.slug),
            {"reason": "Le local a fermé en juin."},
        )
    assert response.status_code == 302
    change = PendingChange.objects.get()
    assert change.data["fields"] == {"status": "archived"}
    assert Client().get(public_url(place_a)).status_code == 200
    call_command("send_queued_mail")
    assert len(mail.outbox) == 1
    workflow.approve(change, publisher)
    assert Client().get(public_url(place_a)).status_code == 404


def test_closed_for_good_needs_a_reason(operator_client, place_a):
    response = operator_client.post(url("operators:closed-for-good", place_a.slug), {"reason": ""})
    assert response.status_code == 400
    assert not PendingChange.objects.exists()


def test_a_new_place_arrives_in_review(operator_client, org_a):
    territory = TerritoryFactory()
    data = hours_post(
        [(1, "09:00", "12:00")],
        name_fr="Permanence Gamma",
        kind="consultation",
        territory=territory.pk,
        city="Lille",
    )
    response = operator_client.post(url("operators:new-place"), data)
    assert response.status_code == 302
    place = Center.objects.get(name_fr="Permanence Gamma")
    assert place.status == Status.IN_REVIEW
    assert place.operator == org_a
    # In French, the site's main language, whatever the operator's page.
    assert "Association A " in place.source_verification
    assert "(en)" not in place.source_verification
    assert place.source_verification.startswith("Proposé par")
    assert [str(h) for h in place.opening_hours.all()] == ["Tuesday 09:00–12:00"]
    assert Client().get(public_url(place)).status_code == 404
    assert "Permanence Gamma" in operator_client.get(url("operators:space")).text


def test_a_new_place_without_a_name_is_a_form_error(operator_client, org_a):
    response = operator_client.post(url("operators:new-place"), hours_post([], kind="caso"))
    assert response.status_code == 400
    assert not Center.objects.exists()


# -- the functions other code calls (no request, no account) --------------------------------------


def test_the_functions_work_without_an_account(place_a, publisher):
    proposals.confirm_place(place_a, by_label="Association A (lien)")
    assert place_a.last_verified_on == timezone.localdate()
    change = proposals.propose_place_changes(
        place_a, fields={"phone": "07 00 00 00 00"}, author_label="Association A (lien)"
    )
    assert change.author is None
    assert workflow.author_of(change) == "Association A (lien)"
    assert proposals.proposals_of(place_a.operator).get() == change
    workflow.approve(change, publisher)
    place_a.refresh_from_db()
    assert place_a.phone == "07 00 00 00 00"
    assert place_a.last_verified_by is None


def test_an_unknown_field_is_refused(place_a):
    with pytest.raises(ValueError):
        proposals.propose_place_changes(place_a, fields={"status": "published"}, author_label="x")


def test_a_place_in_draft_is_listed_but_archived_ones_are_not(operator_client, place_a):
    Center.objects.filter(pk=place_a.pk).update(status=Status.ARCHIVED)
    assert "Alpha" not in operator_client.get(url("operators:space")).text
    assert operator_client.get(url("operators:place", place_a.slug)).status_code == 404


def test_dates_are_kept_as_iso_strings(place_a):
    change = proposals.propose_place_changes(
        place_a,
        fields={},
        notices=[
            {
                "kind": NoticeKind.MESSAGE,
                "message": "x",
                "starts_on": datetime.date(2030, 1, 1),
                "ends_on": None,
            }
        ],
        author_label="x",
    )
    assert change.data["rows"]["notices"][0]["starts_on"] == "2030-01-01"
    assert PendingChangeStatus(change.status) == PendingChangeStatus.PENDING


def test_a_notice_no_longer_true_ends_once_the_proposal_is_approved(
    operator_client, place_a, publisher
):
    today = timezone.localdate()
    running = NoticeFactory(
        center=place_a,
        message="Travaux dans le hall.",
        message_en="Works in the hall.",
        starts_on=today - datetime.timedelta(days=3),
    )
    coming = NoticeFactory(
        center=place_a,
        message="Fermé le 1er mai.",
        message_en="Closed on 1 May.",
        starts_on=today + datetime.timedelta(days=10),
        ends_on=today + datetime.timedelta(days=10),
    )
    data = place_form_data(operator_client, place_a)
    form = operator_client.get(url("operators:propose", place_a.slug)).text
    assert "Notices no longer true" in form and "Works in the hall." in form
    data["end-ended"] = [running.pk, coming.pk]
    response = operator_client.post(url("operators:propose", place_a.slug), data)
    assert response.status_code == 302
    change = PendingChange.objects.get()
    assert change.data["rows"]["notices_ended"] == sorted([running.pk, coming.pk])
    # In between: the public page still shows the notice.
    assert "Works in the hall." in Client().get(public_url(place_a)).text
    workflow.approve(change, publisher)
    assert "Works in the hall." not in Client().get(public_url(place_a)).text
    running.refresh_from_db()
    assert running.ends_on == today - datetime.timedelta(days=1)
    assert not Notice.objects.filter(pk=coming.pk).exists()


def test_another_places_notice_cannot_be_ended(operator_client, place_a, place_b):
    other = NoticeFactory(center=place_b, message="Autre lieu.")
    data = place_form_data(operator_client, place_a)
    data["end-ended"] = [other.pk]
    response = operator_client.post(url("operators:propose", place_a.slug), data)
    assert response.status_code == 400
    assert not PendingChange.objects.exists()
    assert Notice.objects.filter(pk=other.pk, ends_on=None).exists()
