"""Login throttling: django-axes' lock-out page (AXES_LOCKOUT_CALLABLE; the client's address is
core.client.client_ip, AXES_CLIENT_IP_CALLABLE).

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
