"""One set of sign-in views (accounts.views) for both entrances: the admin and the funders'
space."""

import pytest
from django.urls import resolve, reverse
from django.utils import translation

from accounts.entrances import ADMIN, PASSKEY_STEPS
from funders.views import FUNDERS


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


# The same page at each entrance: (admin address, funders' space address).
SAME_PAGE = [
    ("/en/admin/two-factor/setup/", "/en/funders/two-factor/"),
    ("/en/admin/two-factor/verify/", "/en/funders/two-factor/verify/"),
    ("/en/admin/password-reset/", "/en/funders/password-reset/"),
    ("/en/admin/password-reset/sent/", "/en/funders/password-reset/sent/"),
    ("/en/admin/password-reset/MQ/set-password/", "/en/funders/password-reset/MQ/set-password/"),
    ("/en/admin/password-reset/done/", "/en/funders/password-reset/done/"),
]


@pytest.mark.parametrize(("admin_path", "funders_path"), SAME_PAGE)
def test_both_entrances_use_the_same_view_with_their_own_parameters(admin_path, funders_path):
    admin_view, funders_view = resolve(admin_path).func, resolve(funders_path).func
    assert admin_view.view_class is funders_view.view_class
    assert admin_view.view_class.__module__ == "accounts.views"
    assert admin_view.view_initkwargs == {"entrance": ADMIN}
    assert funders_view.view_initkwargs == {"entrance": FUNDERS}


def test_the_funders_sign_in_and_out_are_the_accounts_views():
    for path in ("/en/funders/login/", "/en/funders/logout/"):
        view = resolve(path).func
        assert view.view_class.__module__ == "accounts.views"
        assert view.view_initkwargs == {"entrance": FUNDERS}


def test_each_entrance_names_addresses_that_exist():
    for entrance in (ADMIN, FUNDERS):
        for name in (
            entrance.home,
            entrance.login,
            entrance.two_factor_setup,
            entrance.two_factor_verify,
            entrance.reset_done,
            entrance.reset_complete,
            entrance.passkeys,
        ):
            assert reverse(name)
        for step in PASSKEY_STEPS:
            assert entrance.passkey_url(step)
