"""The two entrances: the admin (staff) and the funders' space (funders).

An `Entrance` holds everything that differs between them, so that one set of views
(accounts/views.py) serves both: the addresses, the look of the pages, who may come in, and
whether two-factor authentication may be turned off. The admin's is `ADMIN`, below; the
funders' space declares its own (`funders.views.FUNDERS`), since only it knows its members.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import quote

from django.contrib import admin
from django.contrib.auth.forms import PasswordResetForm
from django.contrib.auth.views import redirect_to_login
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from .forms import LoginForm


def no_context(request):
    return {}


@dataclass(frozen=True)
class Entrance:
    """Where people sign in.

    - `name`: the folder of its pages, `templates/accounts/<name>/`;
    - URL names: `home` (where a sign-in step leads when no safe "next" address is given),
      `login`, `two_factor_setup`, `two_factor_verify`, `reset_done` and `reset_complete`
      (the pages after a password reset is asked for and done), `reauthenticate` (password and
      second factor again, before a sensitive change), `recovery_codes` and `sessions` (the
      account's open sessions); `passkeys`, the page of the account's passkeys, whose
      ceremonies (accounts/passkeys.py) are named `<passkeys>_<step>` (PASSKEY_STEPS);
    - `admit(request)`, for a signed-in user: the context of the pages behind the door (a
      dict), or a response that refuses them (it may also raise PermissionDenied);
    - `frame(request)`: the context the look of every page needs;
    - `authentication_form`, `password_reset_form`: which accounts may sign in and be mailed
      a reset link;
    - `two_factor_optional`: the setup page says whether it is on and can turn it off, and the
      code page lets an account without an app go on;
    - `texts`, for a space's pages shared by the funders and the operators
      (`templates/accounts/space/`): `space` (its name), `sign_in` (the sign-in heading),
      `about` (who signs in there), `reset_intro` and `reset_sent` (the reset link's pages).
    """

    name: str
    home: str
    login: str
    two_factor_setup: str
    two_factor_verify: str
    reset_done: str
    reset_complete: str
    reauthenticate: str
    recovery_codes: str
    sessions: str
    admit: Callable
    frame: Callable = field(default=no_context)
    authentication_form: type = LoginForm
    password_reset_form: type = PasswordResetForm
    two_factor_optional: bool = False
    passkeys: str = ""
    texts: dict = field(default_factory=dict, hash=False, compare=False)

    @property
    def password_reset(self):
        """The URL name of the page that asks for a reset link (`<name>:password-reset`)."""
        return f"{self.name}:password-reset"

    @property
    def logout(self):
        return f"{self.name}:logout"

    def gate(self, request):
        """The context for a user who may come in, else the response that sends them away."""
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), reverse(self.login))
        return self.admit(request)

    def verify_url(self, next_url):
        return with_next(reverse(self.two_factor_verify), next_url)

    def passkey_url(self, step):
        """The address of a step of the passkey ceremonies (PASSKEY_STEPS) at this entrance."""
        return reverse(f"{self.passkeys}_{step}")


# The steps of the passkey ceremonies each entrance serves (accounts/passkeys.py), and the
# translations of the library's script.
PASSKEY_STEPS = ("register_begin", "register_complete", "verify_begin", "verify_complete", "jsi18n")


def with_next(url, next_url):
    return f"{url}?next={quote(next_url)}" if next_url else url


def safe_next(request, fallback=None):
    """The `next` address of a sign-in step if it stays on this site, else `fallback`
    (the admin)."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback or reverse("admin:index")


# -- the admin --------------------------------------------------------------------------------


def admin_frame(request):
    """The admin's context (header, user tools) without its list of models: the user may not
    be allowed to reach them yet."""
    return {
        **admin.site.each_context(request),
        "is_nav_sidebar_enabled": False,
        "available_apps": [],
    }


def admit_staff(request):
    """Active staff accounts; anyone else goes to the admin's login page (as the admin does)."""
    user = request.user
    if user.is_active and user.is_staff:
        return {}
    return redirect_to_login(request.get_full_path(), reverse("admin:login"))


ADMIN = Entrance(
    name="admin",
    home="admin:index",
    # The admin's own login and logout pages (django.contrib.admin), throttled by django-axes.
    login="admin:login",
    two_factor_setup="two_factor_setup",
    two_factor_verify="two_factor_verify",
    reset_done="password_reset_done",
    reset_complete="password_reset_complete",
    reauthenticate="reauthenticate",
    recovery_codes="recovery_codes",
    sessions="sessions",
    passkeys="passkeys",
    admit=admit_staff,
    frame=admin_frame,
)
