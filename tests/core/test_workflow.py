"""Review and publication, history and undo, as staff live them in the admin."""

import datetime
from unittest import mock

import pytest
import reversion
from django.apps import apps
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone, translation
from reversion.models import Version

from centers.models import Center
from core.models import KeyFigure, PendingChange, PendingChangeStatus, Status
from programs.models import Grant, Program
from tests.core.test_admin import form_values
from tests.factories import (
    CenterFactory,
    GrantFactory,
    KeyFigureFactory,
    ProgramFactory,
    UserFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("french")]


def sign_in(client, role):
    """A staff member of a role, signed in (with a verified second factor where installed)."""
    user = UserFactory(username=f"{role.lower()}-{client.__hash__()}", is_staff=True)
    user.groups.add(Group.objects.get(name=role))
    client.force_login(user)
    if apps.is_installed("django_otp.plugins.otp_totp"):
        from django_otp import DEVICE_ID_SESSION_KEY
        from django_otp.plugins.otp_totp.models import TOTPDevice

        device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return user


@pytest.fixture
def editor(client):
    sign_in(client, "Editors")
    return client


@pytest.fixture
def publisher(client):
    sign_in(client, "Publishers")
    return client


def admin(name, *args):
    with translation.override("fr"):
        return reverse(f"admin:{name}", args=args)


def public(obj):
    with translation.override("fr"):
        return obj.get_absolute_url()


def messages_of(response):
    return [str(m) for m in response.context["messages"]] if response.context else []


def save_version(obj, comment="Saved."):
    with reversion.create_revision():
        obj.save()
        reversion.add_to_revision(obj)
        reversion.set_comment(comment)


# -- an editor's change to what is live ----------------------------------------------------


def test_an_editors_fix_to_a_live_place_waits_and_the_place_stays_online(client, django_user_model):
    center = CenterFactory(
        name_fr="Centre de la Croix", summary_fr="Consultations sans rendez-vous."
    )
    sign_in(client, "Editors")
    page = client.get(admin("centers_center_change", center.pk))
    assert any("stays online" in m or "reste en ligne" in m for m in messages_of(page))
    data = form_values(page, summary_fr="Consultations sans rendez-vous, le matin.")
    response = client.post(admin("centers_center_change", center.pk), data, follow=True)
    assert response.status_code == 200
    center.refresh_from_db()
    assert center.summary_fr == "Consultations sans rendez-vous."
    change = PendingChange.objects.get()
    assert change.status == PendingChangeStatus.PENDING
    assert change.data["fields"] == {"summary_fr": "Consultations sans rendez-vous, le matin."}
    # The public still reads the published version.
    client.logout()
    page = client.get(public(center)).content.decode()
    assert "Consultations sans rendez-vous." in page and "le matin" not in page


def test_a_publisher_approves_the_fix_and_it_goes_online_with_its_history(client):
    center = CenterFactory(name_fr="Centre de la Croix")
    editor_user = UserFactory(username="editrice", is_staff=True)
    from core import workflow

    center.name_fr = "Centre de la Croix-Rouge"
    change = workflow.propose_change(center, editor_user)
    center.refresh_from_db()
    sign_in(client, "Publishers")
    review = client.get(admin("core_pendingchange_change", change.pk)).content.decode()
    assert "Centre de la Croix-Rouge" in review and "Centre de la Croix" in review
    client.post(
        admin("core_pendingchange_change", change.pk), {"_approve": "1", "review_comment": ""}
    )
    center.refresh_from_db()
    change.refresh_from_db()
    assert center.name_fr == "Centre de la Croix-Rouge"
    assert change.status == PendingChangeStatus.APPROVED and change.reviewed_by is not None
    version = Version.objects.get_for_object(center).first()
    assert "editrice" in version.revision.comment
    client.logout()
    assert "Centre de la Croix-Rouge" in client.get(public(center)).content.decode()


def test_a_rejection_needs_a_comment_and_leaves_the_live_record_alone(client):
    from core import workflow

    center = CenterFactory(name_fr="Centre A")
    center.name_fr = "Centre B"
    change = workflow.propose_change(center, UserFactory())
    sign_in(client, "Publishers")
    url = admin("core_pendingchange_change", change.pk)
    client.post(url, {"_reject": "1", "review_comment": ""})
    change.refresh_from_db()
    assert change.status == PendingChangeStatus.PENDING
    client.post(url, {"_reject": "1", "review_comment": "Le nom officiel reste Centre A."})
    change.refresh_from_db()
    assert change.status == PendingChangeStatus.REJECTED
    assert change.review_comment == "Le nom officiel reste Centre A."
    assert Center.objects.get(pk=center.pk).name_fr == "Centre A"


def test_an_editor_cannot_approve(client):
    from core import workflow

    center = CenterFactory(name_fr="Centre A")
    center.name_fr = "Centre B"
    change = workflow.propose_change(center, UserFactory())
    sign_in(client, "Editors")
    response = client.post(admin("core_pendingchange_change", change.pk), {"_approve": "1"})
    assert response.status_code == 403
    assert Center.objects.get(pk=center.pk).name_fr == "Centre A"


def test_an_editor_cannot_publish_but_can_submit_for_review(client):
    sign_in(client, "Editors")
    page = client.get(admin("programs_program_add"))
    choices = page.context["adminform"].form.fields["status"].choices
    assert [value for value, _label in choices] == [Status.DRAFT, Status.IN_REVIEW]
    data = form_values(page, title_fr="Nouveau programme", slug="nouveau", status=Status.PUBLISHED)
    response = client.post(admin("programs_program_add"), data)
    assert response.status_code == 200 and not Program.objects.filter(slug="nouveau").exists()
    data["status"] = Status.IN_REVIEW
    client.post(admin("programs_program_add"), data)
    assert Program.objects.get(slug="nouveau").status == Status.IN_REVIEW


def test_an_editor_cannot_delete_what_is_published_but_can_delete_a_draft(client):
    live = ProgramFactory()
    draft = ProgramFactory(status=Status.DRAFT)
    sign_in(client, "Editors")
    assert client.get(admin("programs_program_delete", live.pk)).status_code == 403
    client.post(admin("programs_program_delete", draft.pk), {"post": "yes"})
    assert Program.objects.filter(pk=live.pk).exists()
    assert not Program.objects.filter(pk=draft.pk).exists()


def test_bulk_actions_follow_the_roles(client):
    drafts = [ProgramFactory(status=Status.DRAFT) for _ in range(2)]
    ids = [p.pk for p in drafts]
    sign_in(client, "Editors")
    changelist = admin("programs_program_changelist")
    actions = [
        name
        for name, _label in client.get(changelist).context["action_form"].fields["action"].choices
    ]
    assert (
        "submit_for_review" in actions
        and "publish" not in actions
        and "delete_selected" not in actions
    )
    client.post(changelist, {"action": "publish", "_selected_action": ids})
    assert set(Program.objects.filter(pk__in=ids).values_list("status", flat=True)) == {
        Status.DRAFT
    }
    client.post(changelist, {"action": "submit_for_review", "_selected_action": ids})
    assert set(Program.objects.filter(pk__in=ids).values_list("status", flat=True)) == {
        Status.IN_REVIEW
    }
    client.logout()
    sign_in(client, "Publishers")
    client.post(changelist, {"action": "publish", "_selected_action": ids})
    assert set(Program.objects.filter(pk__in=ids).values_list("status", flat=True)) == {
        Status.PUBLISHED
    }
    assert Version.objects.get_for_object(drafts[0]).count() == 2


# -- history and undo ------------------------------------------------------------------------


def test_a_publisher_reverts_a_wrong_edit_in_one_click(client):
    program = ProgramFactory(title_fr="Titre juste")
    save_version(program, "Première version.")
    program.title_fr = "Titre faux"
    save_version(program, "Mauvaise modification.")
    sign_in(client, "Publishers")
    history = client.get(admin("programs_program_history", program.pk)).content.decode()
    assert "Première version." in history and "Mauvaise modification." in history
    first = Version.objects.get_for_object(program).order_by("pk").first()
    url = admin("programs_program_revision", program.pk, first.pk)
    client.post(url, form_values(client.get(url)))
    program.refresh_from_db()
    assert program.title_fr == "Titre juste"


def test_an_editors_revert_of_a_live_record_goes_through_review(client):
    program = ProgramFactory(title_fr="Titre juste")
    save_version(program)
    program.title_fr = "Titre en ligne"
    save_version(program)
    sign_in(client, "Editors")
    first = Version.objects.get_for_object(program).order_by("pk").first()
    url = admin("programs_program_revision", program.pk, first.pk)
    client.post(url, form_values(client.get(url)))
    program.refresh_from_db()
    assert program.title_fr == "Titre en ligne"
    change = PendingChange.objects.get()
    assert change.data["fields"]["title_fr"] == "Titre juste"


def test_two_versions_compare_field_by_field(client):
    program = ProgramFactory(title_fr="Avant", summary_fr="Même résumé")
    save_version(program)
    program.title_fr = "Après"
    save_version(program)
    older, newer = Version.objects.get_for_object(program).order_by("pk")
    sign_in(client, "Publishers")
    response = client.get(
        admin("programs_program_compare", program.pk), {"a": older.pk, "b": newer.pk}
    )
    rows = response.context["rows"]
    assert [(before, after) for _label, before, after in rows] == [("Avant", "Après")]
    assert "<del>Avant</del>" in response.content.decode()


def test_a_deleted_program_comes_back_with_its_grants_key_figures_and_translations(client):
    program = ProgramFactory(title_fr="Accès aux soins", title_en="Access to care")
    GrantFactory(program=program, slug="subvention-a")
    KeyFigureFactory(subject=program, label_fr="consultations", label_en="consultations (en)")
    save_version(program, "Avant suppression.")
    sign_in(client, "Publishers")
    client.post(admin("programs_program_delete", program.pk), {"post": "yes"})
    assert not Program.objects.filter(pk=program.pk).exists()
    assert not Grant.objects.filter(slug="subvention-a").exists()
    recover_list = client.get(admin("programs_program_recoverlist")).content.decode()
    assert "Accès aux soins" in recover_list
    version = Version.objects.get_deleted(Program).get()
    url = admin("programs_program_recover", version.pk)
    client.post(url, form_values(client.get(url)))
    restored = Program.objects.get(pk=program.pk)
    assert (restored.title_fr, restored.title_en) == ("Accès aux soins", "Access to care")
    assert list(restored.grants.values_list("slug", flat=True)) == ["subvention-a"]
    assert restored.key_figures.get().label_en == "consultations (en)"


# -- scheduled publication -------------------------------------------------------------------


def test_a_scheduled_place_appears_at_its_minute_with_no_job_running(client):
    soon = timezone.now() + datetime.timedelta(hours=2)
    center = CenterFactory(name_fr="Nouveau centre", publish_at=soon)
    url = public(center)
    assert client.get(url).status_code == 404
    assert "Nouveau centre" not in client.get(reverse("centers:center-list")).content.decode()
    with mock.patch("django.utils.timezone.now", return_value=soon + datetime.timedelta(minutes=1)):
        assert client.get(url).status_code == 200
        call_command("publish_scheduled", stdout=mock.MagicMock())
    center.refresh_from_db()
    assert center.publish_at is None and center.status == Status.PUBLISHED
    assert Version.objects.get_for_object(center).count() == 1


def test_the_schedule_command_archives_what_has_expired(client):
    past = timezone.now() - datetime.timedelta(minutes=5)
    program = ProgramFactory(publish_at=past - datetime.timedelta(days=1), unpublish_at=past)
    assert client.get(public(program)).status_code == 404
    call_command("publish_scheduled", stdout=mock.MagicMock())
    program.refresh_from_db()
    assert program.status == Status.ARCHIVED


# -- the publishers' views ---------------------------------------------------------------------


def test_the_dashboard_says_what_waits(client):
    from core import workflow

    center = CenterFactory(name_fr="Centre A")
    center.name_fr = "Centre B"
    workflow.propose_change(center, UserFactory())
    ProgramFactory(status=Status.IN_REVIEW)
    sign_in(client, "Publishers")
    page = client.get(admin("index"))
    dashboard = page.content.decode()
    assert admin("core_pendingchange_changelist") in dashboard
    assert "?status__exact=in_review" in dashboard
    assert "?freshness=required" in dashboard and "?freshness=never" in dashboard


def test_the_audit_list_is_for_publishers(client):
    program = ProgramFactory(title_fr="Programme audité")
    save_version(program, "Modification auditée.")
    sign_in(client, "Publishers")
    audit = client.get(admin("reversion_revision_changelist"))
    assert audit.status_code == 200 and "Modification auditée." in audit.content.decode()
    client.logout()
    sign_in(client, "Editors")
    assert client.get(admin("reversion_revision_changelist")).status_code == 403


def test_places_never_verified_come_first_and_can_be_marked_verified_today(client):
    fresh = CenterFactory(name_fr="Vérifié", last_verified_on=timezone.localdate())
    never = CenterFactory(name_fr="Jamais vérifié")
    old = CenterFactory(
        name_fr="Vérifié il y a longtemps", last_verified_on=datetime.date(2020, 1, 1)
    )
    user = sign_in(client, "Editors")
    changelist = admin("centers_center_changelist")
    order = list(client.get(changelist).context["cl"].result_list)
    assert order[:3] == [never, old, fresh]
    required = client.get(changelist, {"freshness": "required"}).context["cl"].result_list
    assert set(required) == {old}
    unverified = client.get(changelist, {"freshness": "never"}).context["cl"].result_list
    assert set(unverified) == {never}
    client.post(changelist, {"action": "verified_today", "_selected_action": [never.pk]})
    never.refresh_from_db()
    assert never.last_verified_on == timezone.localdate() and never.last_verified_by == user


def test_every_content_model_has_a_publish_right_given_to_publishers_only():
    publishers = set(
        Group.objects.get(name="Publishers").permissions.values_list("codename", flat=True)
    )
    editors = set(Group.objects.get(name="Editors").permissions.values_list("codename", flat=True))
    from core.workflow import content_models

    for model in content_models():
        assert f"publish_{model._meta.model_name}" in publishers
        assert f"publish_{model._meta.model_name}" not in editors
    assert not Group.objects.get(name="Funders").permissions.exists()
    assert KeyFigure in content_models()
