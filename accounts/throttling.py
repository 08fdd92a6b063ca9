"""Login throttling: django-axes' hooks (settings AXES_LOCKOUT_CALLABLE, AXES_CLIENT_IP_CALLABLE).

After AXES_FAILURE_LIMIT wrong passwords or two-factor codes for one username from one address,
that pair may not sign in, at the admin or in the funders' space, until the cool-off has passed.
"""

from django.conf import settings
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from .entrances import admin_frame


def lockout_response(request, original_response=None, credentials=None):
    """The page shown instead of the login form while a username and address are locked out."""
    cool_off = settings.AXES_COOLOFF_TIME
    minutes = max(1, int(cool_off.total_seconds() // 60)) if cool_off else None
    response = TemplateResponse(
        request,
        "accounts/admin/lockout.html",
        {
            **admin_frame(request),
            "title": _("Too many failed attempts"),
            "failure_limit": settings.AXES_FAILURE_LIMIT,
            "cooloff_minutes": minutes,
        },
    )
    response.status_code = settings.AXES_HTTP_RESPONSE_CODE
    # Built in a middleware (AxesMiddleware), after Django renders template responses.
    return response.render()


def client_ip(request):
    """The client's address: the connection's, or the one the nearest trusted proxy saw."""
    count = settings.ACCOUNTS_TRUSTED_PROXY_COUNT
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if count > 0 and forwarded:
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if len(hops) >= count:
            return hops[-count]
    return request.META.get("REMOTE_ADDR")
