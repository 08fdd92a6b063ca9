"""The operators' space: who signs in on behalf of an organisation that runs places.

An operator's member sees the places their organisation runs (`Center.operator`), confirms
that a place's information is still correct, and proposes changes that wait for a publisher's
review (operators/proposals.py). Nothing they propose reaches the public site before that,
except a temporary closure, which goes out at once.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from centers.models import Center
from core.models import Status
from partners.models import Organization


class OperatorMembership(models.Model):
    """A person who signs in to the operators' space on behalf of an organisation."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        on_delete=models.CASCADE,
        related_name="operator_membership",
        help_text=_(
            "An account without staff status: operators sign in on the site, "
            "never in the administration."
        ),
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="operator_members",
        help_text=_("The organisation whose places this person confirms and proposes changes to."),
    )
    created_at = models.DateTimeField(_("member since"), auto_now_add=True)

    class Meta:
        verbose_name = _("operator account")
        verbose_name_plural = _("operator accounts")
        ordering = ["organization__name", "user__username"]

    def __str__(self):
        return f"{self.user.get_username()} ({self.organization.name})"

    def clean(self):
        super().clean()
        user = self.user if self.user_id else None
        if user is not None and (user.is_staff or user.is_superuser):
            raise ValidationError(
                {
                    "user": _(
                        "A staff account cannot be an operator account: operators have no access "
                        "to the administration. Create a separate account without staff status."
                    )
                }
            )

    @property
    def label(self):
        """Who acted, in words, for versions and proposals: the account and the organisation
        (its name in the site's main language, whatever the page's)."""
        with translation.override(settings.LANGUAGE_CODE):
            name = self.organization.name
        return f"{self.user.get_username()}, {name}"

    def places(self):
        """The places the organisation runs, archived ones excepted."""
        return places_of(self.organization)


def places_of(organization):
    return Center.objects.filter(operator=organization).exclude(status=Status.ARCHIVED)
