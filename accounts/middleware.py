"""The guard of the admin: no admin page without the second factor the account needs."""

from django.shortcuts import redirect
from django.urls import reverse

from .entrances import ADMIN, with_next
from .otp import has_second_factor, is_verified, requires_two_factor

# Admin views that must stay open without a second factor: signing in and out.
OPEN_ADMIN_VIEWS = {"login", "logout"}


class TwoFactorMiddleware:
    """Guards the admin (URL namespace "admin") only; the public site is never affected.

    Publishers and superusers go to the setup page until they have an authenticator app, then
    to the code page at each sign-in; so does anyone who has set one up, editors included.
    Must come after django_otp.middleware.OTPMiddleware, which sets user.is_verified().
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if match is None or match.namespaces[:1] != ["admin"] or match.url_name in OPEN_ADMIN_VIEWS:
            return None
        user = request.user
        if not (user.is_authenticated and user.is_active and user.is_staff):
            return None  # the admin sends them to its login page
        if is_verified(user):
            return None
        next_url = request.get_full_path()
        # Whoever has set up an app (or has a passkey) is asked for it, editors included.
        if has_second_factor(user):
            return redirect(ADMIN.verify_url(next_url))
        if requires_two_factor(user):
            return redirect(with_next(reverse(ADMIN.two_factor_setup), next_url))
        return None
