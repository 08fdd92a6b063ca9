"""Breached passwords refused (ASVS 6.2.12), through pwned-passwords-django.

The password's SHA-1 is cut after five hexadecimal digits and only those five leave the server
(the Pwned Passwords "range" API, k-anonymity; the answer is padded so that its size says
nothing either). When the service does not answer in time, Django's list of 20,000 common
passwords decides instead, and the failure is logged: a change of password never waits on
another host for long, nor fails because of it.
"""

from django.utils.translation import gettext_lazy as _
from pwned_passwords_django.api import PwnedPasswords
from pwned_passwords_django.validators import PwnedPasswordsValidator

DEFAULT_ENDPOINT = "https://api.pwnedpasswords.com/range/"


class BreachedPasswordValidator(PwnedPasswordsValidator):
    """`endpoint`: the range API's address, ending in "/" (the prefix is appended); set by
    `DJANGO_BREACHED_PASSWORDS_URL`. Empty settings leave the validator out (base.py)."""

    def __init__(self, endpoint=DEFAULT_ENDPOINT):
        client = PwnedPasswords()
        client.api_endpoint = endpoint
        super().__init__(
            error_message=_(
                "This password appears in the data stolen from other sites (known data "
                "breaches): choose another one."
            ),
            help_message=_("Your password can't be one that appears in known data breaches."),
            api_client=client,
        )
