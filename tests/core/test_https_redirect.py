"""The production settings' redirect to HTTPS, and where it goes (README "Observatory score").

Production redirects every plain-HTTP request to the same page over HTTPS
(SECURE_SSL_REDIRECT), on the host the request named; DJANGO_SECURE_SSL_HOST sends it to
another host or port instead (`make observatory` serves HTTPS on another loopback port than
the plain HTTP). The production settings are read in a child process with the variables each
case sets, as gunicorn would read them; no database is needed, nothing listens.
"""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[2]

PROBE = """
import json
import django
django.setup()
from django.http import HttpResponse
from django.middleware.security import SecurityMiddleware
from django.test import RequestFactory

def answer(secure):
    request = RequestFactory().get("/fr/places/?q=soins", HTTP_HOST="acces-sante.example.org",
                                    secure=secure)
    response = SecurityMiddleware(lambda request: HttpResponse("page"))(request)
    return {"status": response.status_code, "location": response.get("Location"),
            "hsts": response.get("Strict-Transport-Security")}

print(json.dumps({"plain": answer(False), "tls": answer(True)}))
"""


def production(**variables):
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")},
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
        "DJANGO_ALLOWED_HOSTS": "acces-sante.example.org",
        **variables,
    }
    run = subprocess.run(  # noqa: S603 - this interpreter and the probe above
        [sys.executable, "-c", PROBE],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout.splitlines()[-1])


def test_plain_http_goes_to_the_same_page_over_https_with_hsts_there_only():
    answers = production()
    assert answers["plain"] == {
        "status": 301,
        "location": "https://acces-sante.example.org/fr/places/?q=soins",
        "hsts": None,
    }
    assert answers["tls"] == {
        "status": 200,
        "location": None,
        "hsts": "max-age=31536000; includeSubDomains; preload",
    }


def test_the_redirect_goes_to_the_host_and_port_the_setting_names():
    answers = production(DJANGO_SECURE_SSL_HOST="localhost:8443")
    assert answers["plain"]["location"] == "https://localhost:8443/fr/places/?q=soins"
    assert answers["plain"]["status"] == 301
