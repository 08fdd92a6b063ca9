"""The national numbers for urgent help in France: reference data with their public source,
shown on every page, sheet and error page (templates/includes/urgent_help.html).

Source: service-public.gouv.fr, "Quels sont les numéros d'urgence ?" (F33954, Direction de
l'information légale et administrative): free, from a landline or a mobile, day and night; the
114 by SMS (or fax, or video through its app) for deaf and hard-of-hearing people and anyone
unable to speak. The 115 (SAMU social, emergency shelter) is the number the same service lists
for people without a roof.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

SOURCE_URL = "https://www.service-public.gouv.fr/particuliers/vosdroits/F33954"
SOURCE_NAME = "service-public.gouv.fr"


@dataclass(frozen=True)
class UrgentNumber:
    number: str
    what: str  # lazy: translated when shown
    scheme: str = "tel"  # "sms" for the 114

    @property
    def href(self):
        return f"{self.scheme}:{self.number}"


NUMBERS = (
    UrgentNumber("15", _("medical emergency (SAMU)")),
    UrgentNumber("112", _("any emergency, European number")),
    UrgentNumber("115", _("emergency shelter (SAMU social)")),
    UrgentNumber("114", _("by SMS, for deaf and hard-of-hearing people"), scheme="sms"),
)
