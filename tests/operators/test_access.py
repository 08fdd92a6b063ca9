"""Who may do what in the operators' space."""

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from operators.models import OperatorMembership
from tests.accounts_fixtures import STRONG_PASSWORD, make_user
from tests.factories import CenterFactory

from .conftest import url

pytestmark = pytest.mark.django_db


def test_anonymous_visitors_are_sent_to_the_sign_in_page(place_a):
    for path in (
        url("operators:space"),
        url("operators:place", place_a.slug),
        url("operators:propose", place_a.slug),
        url("operators:proposals"),
    ):
        response = Client().get(path)
        assert response.status_code == 302
        assert response["Location"].startswith(url("operators:login"))


def test_a_confirmation_without_an_account_changes_nothing(place_a):
    response = Client().post(url("operators:confirm", place_a.slug))
    assert response.status_code == 302
    place_a.refresh_from_db()
    assert str(place_a.last_verified_on) == "2020-01-01"


def test_an_operator_sees_only_the_places_of_their_organisation(operator_client, place_a, place_b):
    response = operator_client.get(url("operators:space"))
    assert response.status_code == 200
    assert "Alpha centre" in response.text
    assert "Centre Bêta" not in response.text
    assert "Places run by Association A" in response.text
    assert (
        response["Cache-Control"].startswith("max-age=0") or "no-store" in response["Cache-Control"]
    )


def test_each_place_says_when_it_was_last_checked_once(operator_client, org_a, place_a):
    CenterFactory(name="Centre Gamma", slug="centre-gamma", operator=org_a, last_verified_on=None)
    text = operator_client.get(url("operators:space")).text
    assert "last checked on" in text  # Centre Alpha, checked in 2020
    # A place never checked says so once (its state), not twice ("never checked" too).
    assert text.count("Never verified") == 1
    assert "never checked" not in text


@pytest.mark.parametrize("name", ["place", "propose", "closure", "closed-for-good"])
def test_another_organisations_place_is_not_found(operator_client, place_b, name):
    assert operator_client.get(url(f"operators:{name}", place_b.slug)).status_code == 404


def test_confirming_another_organisations_place_is_not_found(operator_client, place_b):
    response = operator_client.post(url("operators:confirm", place_b.slug))
    assert response.status_code == 404
    place_b.refresh_from_db()
    assert place_b.last_verified_on is None


def test_confirm_all_ignores_the_places_of_others(operator_client, place_a, place_b):
    operator_client.post(url("operators:confirm-all"), {"place": [place_a.pk, place_b.pk]})
    place_a.refresh_from_db()
    place_b.refresh_from_db()
    assert place_a.last_verified_on is not None
    assert place_b.last_verified_on is None


def test_a_signed_in_account_that_is_not_an_operator_is_refused(place_a):
    client = Client()
    client.force_login(make_user(None, username="someone"))
    assert client.get(url("operators:space")).status_code == 403


def test_an_operator_is_not_staff_and_cannot_reach_the_admin(operator, operator_client):
    assert not operator.is_staff
    response = operator_client.get("/en/admin/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_the_sign_in_page_takes_operators_only(operator, db):
    client = Client()
    other = make_user(None, username="not-an-operator")
    response = client.post(
        url("operators:login"), {"username": other.username, "password": STRONG_PASSWORD}
    )
    assert response.status_code == 200
    assert "not an operator" in response.text
    response = client.post(
        url("operators:login"), {"username": operator.username, "password": STRONG_PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == url("operators:space")


def test_the_sign_in_page_is_in_every_language(db):
    for lang in ("fr", "ar", "fa", "ps", "uk", "ru"):
        response = Client().get(url("operators:login", lang=lang))
        assert response.status_code == 200
        assert f'lang="{lang}"' in response.text
        assert "Operators' space" not in response.text, lang


def test_a_staff_account_cannot_be_an_operator(org_a):
    staff = make_user("Editors", username="staff-member")
    with pytest.raises(ValidationError):
        OperatorMembership(user=staff, organization=org_a).full_clean()


def test_the_admin_lists_operator_accounts(admin_client, operator):
    response = admin_client.get("/en/admin/operators/operatormembership/")
    assert response.status_code == 200
    assert "operateur-a" in response.text


def test_the_list_of_places_takes_as_many_queries_for_many_places(
    operator_client, org_a, django_assert_max_num_queries
):
    from tests.factories import CenterFactory

    CenterFactory(operator=org_a)
    with django_assert_max_num_queries(20) as few:
        operator_client.get(url("operators:space"))
    CenterFactory.create_batch(15, operator=org_a)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = operator_client.get(url("operators:space"))
    assert response.text.count('name="place"') == 16


@pytest.mark.parametrize(
    "name", ["two-factor-setup", "recovery-codes", "sessions", "reauthenticate", "password-reset"]
)
def test_the_account_pages_answer_in_the_operators_frame(operator_client, name):
    response = operator_client.get(url(f"operators:{name}", lang="ar"))
    assert response.status_code in (200, 302), name
    if name in ("two-factor-setup", "sessions", "password-reset"):
        assert response.status_code == 200, name
    if response.status_code == 200:
        assert 'dir="rtl"' in response.text
        assert "operators-space" in response.text


def test_an_operator_with_an_authenticator_app_gives_its_code_first(operator, place_a):
    from tests.accounts_fixtures import signed_in_client, totp_device

    totp_device(operator)
    client = signed_in_client(operator)
    response = client.get(url("operators:space"))
    assert response.status_code == 302
    assert response["Location"].startswith(url("operators:two-factor-verify"))
    assert signed_in_client(operator, verified=True).get(url("operators:space")).status_code == 200


def test_an_operator_adds_a_passkey_and_signs_in_with_it(operator):
    """The same passkeys as the other entrances (accounts/passkeys.py), in the operators' frame."""
    from django.test import Client
    from django_otp_webauthn.models import WebAuthnCredential

    from tests.accounts.soft_authenticator import SoftPasskey
    from tests.accounts.test_passkeys import register, verify
    from tests.accounts_fixtures import STRONG_PASSWORD, signed_in_client, totp_device

    totp_device(operator)
    client = signed_in_client(operator, verified=True)
    page = client.get(url("operators:passkeys"))
    assert page.status_code == 200
    assert "Add a passkey" in page.content.decode()
    passkey = SoftPasskey()
    assert register(client, passkey, prefix="operators:").status_code == 200
    assert WebAuthnCredential.objects.filter(user=operator).count() == 1

    fresh = Client()
    response = fresh.post(
        url("operators:login"), {"username": operator.username, "password": STRONG_PASSWORD}
    )
    assert response.status_code == 302
    # The code page offers the passkey (its button, shown by the library's script).
    code_page = fresh.get(url("operators:two-factor-verify")).content.decode()
    assert 'id="passkey-verification-button"' in code_page
    assert verify(fresh, passkey, prefix="operators:").status_code == 200
    assert fresh.get(url("operators:space")).status_code == 200


def test_visitors_reach_no_passkey_page_of_the_operators(client):
    response = client.get(url("operators:passkeys"))
    assert response.status_code == 302
    assert url("operators:login") in response["Location"]


def test_staff_send_an_operator_a_link_to_choose_a_password(admin_client, org_a):
    """The same membership admin as the funders' (accounts.admin.MembershipAdmin), with the
    operators' own reset e-mail."""
    from django.core import mail
    from django.urls import reverse
    from django.utils import translation

    from .conftest import make_operator

    olga = make_operator(org_a, "olga", email="olga@a.example")
    with translation.override("en"):
        changelist = reverse("admin:operators_operatormembership_changelist")
    page = admin_client.get(changelist, {"q": "olga@a"}).content.decode()
    assert "olga@a.example" in page
    response = admin_client.post(
        changelist,
        {"action": "send_sign_in_link", "_selected_action": [olga.operator_membership.pk]},
    )
    assert response.status_code == 302
    [message] = mail.outbox
    assert message.to == ["olga@a.example"]
    assert "/en/operators/password-reset/" in message.body
    assert "operators' space" in message.body
