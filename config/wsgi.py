import os

from django.core.wsgi import get_wsgi_application

from core.wsgi import FrozenAfterWarmUp

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")

application = FrozenAfterWarmUp(get_wsgi_application())
