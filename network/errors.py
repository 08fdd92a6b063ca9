"""The page of a server error: drawn with the site's name and nothing else.

Django's own handler renders 500.html with no context; this one adds SITE_NAME from the
settings, and still touches neither the database nor the cache (they may be what failed).
"""

from django.conf import settings
from django.http import HttpResponseServerError
from django.template import loader
from django.views.decorators.csrf import requires_csrf_token


@requires_csrf_token
def server_error(request, template_name="500.html"):
    template = loader.get_template(template_name)
    return HttpResponseServerError(template.render({"site_name": settings.SITE_NAME}))
