"""The pages of a server error and of an unavailable database: the site's name and nothing else.

Django's own handler renders 500.html with no context; this one adds SITE_NAME from the
settings, and still touches neither the database nor the cache (they may be what failed).

When what failed is the database (refused, paused past its deadline, lost: README "When things
fail"), the visitor gets 503.html instead, with Retry-After, in the language of the address.
A form the view names in `kept_on_outage` comes back in that page with what was typed in it,
ready to be sent again.
"""

import sys

from django import forms
from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.forms.utils import flatatt
from django.http import HttpResponse, HttpResponseServerError
from django.middleware.csrf import get_token
from django.template import loader
from django.utils import translation
from django.views.decorators.csrf import requires_csrf_token


def is_database_outage(error):
    """Whether `error`, or what it was raised from, says the database cannot be reached."""
    seen = set()
    while error is not None and id(error) not in seen:
        if isinstance(error, (OperationalError, InterfaceError)):
            return True
        seen.add(id(error))
        error = error.__cause__ or error.__context__
    return False


def kept_fields(request):
    """What the visitor typed in the form of the view that failed, if it keeps it: a list of
    {name, label, value, multiline, hidden}, from the form class's fields (no database)."""
    if request.method != "POST" or request.resolver_match is None:
        return []
    view = getattr(request.resolver_match.func, "view_class", request.resolver_match.func)
    form_class = getattr(view, "form_class", None)
    if form_class is None:
        return []
    kept = []
    for name in getattr(view, "kept_on_outage", ()):
        field = form_class.base_fields[name]
        kept.append(
            {
                "name": name,
                "label": field.label,
                "value": request.POST.get(name, ""),
                "multiline": isinstance(field.widget, forms.Textarea),
                "hidden": field.widget.is_hidden,
                # The same limit as the form's (flatatt: " maxlength=…", or nothing).
                "attrs": flatatt({"maxlength": getattr(field, "max_length", None)}),
            }
        )
    return kept


def database_unavailable(request):
    """503, Retry-After, in the language of the address (or the visitor's), without the
    database; marked for the page cache, which may answer with the page's last copy instead."""
    language = translation.get_language_from_request(request, check_path=True)
    with translation.override(language):
        kept = kept_fields(request)
        context = {
            "site_name": settings.SITE_NAME,
            "kept": kept,
            "action": request.path,
            "retry_after": settings.DATABASE_RETRY_AFTER,
            # The form is sent again to the same view: a token from the cookie, no database.
            "csrf_token": get_token(request) if kept else "",
        }
        content = loader.get_template("503.html").render(context)
    response = HttpResponse(content, status=503)
    response["Retry-After"] = str(settings.DATABASE_RETRY_AFTER)
    response["Cache-Control"] = "no-store"
    response["Content-Language"] = language
    response.database_unavailable = True
    return response


@requires_csrf_token
def server_error(request, template_name="500.html"):
    # Called by Django while it handles the exception: it is still the current one.
    if is_database_outage(sys.exc_info()[1]):
        return database_unavailable(request)
    template = loader.get_template(template_name)
    return HttpResponseServerError(template.render({"site_name": settings.SITE_NAME}))
