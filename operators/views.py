"""The operators' space: the places an organisation runs, their freshness, and what its
members may do to them (operators/proposals.py).

How an operator signs in: `OPERATORS` below, the operators' entrance to the views of
accounts/views.py (the same sign-in, throttling, two-factor and recovery codes as the funders').

Who sees what: the space's pages need a signed-in operator account (others signed in: 403); a
place its organisation does not run is "not found". Every write is a POST.
"""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.generic import ListView, TemplateView

from accounts.entrances import Entrance
from accounts.otp import needs_code

from . import proposals
from .forms import (
    ClosedForGoodForm,
    ClosureForm,
    NewPlaceForm,
    OperatorAuthenticationForm,
    OperatorPasswordResetForm,
    hours_formset,
    proposal_forms,
    proposal_values,
)
from .models import OperatorMembership

# -- who is asking ------------------------------------------------------------------------------


def membership_of(user):
    if not user.is_authenticated:
        return None
    return (
        OperatorMembership.objects.select_related("organization", "user").filter(user=user).first()
    )


def admit_operator(request):
    """The operators' space lets in the members of an organisation; others signed in: 403."""
    membership = membership_of(request.user)
    if membership is None:
        raise PermissionDenied
    return {"membership": None if needs_code(request.user) else membership}


OPERATORS = Entrance(
    name="operators",
    home="operators:space",
    login="operators:login",
    two_factor_setup="operators:two-factor-setup",
    two_factor_verify="operators:two-factor-verify",
    reset_done="operators:password-reset-done",
    reset_complete="operators:password-reset-complete",
    reauthenticate="operators:reauthenticate",
    recovery_codes="operators:recovery-codes",
    sessions="operators:sessions",
    passkeys="operators:passkeys",
    admit=admit_operator,
    authentication_form=OperatorAuthenticationForm,
    password_reset_form=OperatorPasswordResetForm,
    two_factor_optional=True,
    texts={
        "space": _("Operators' space"),
        "sign_in": _("Operators' space: sign in"),
        "about": _(
            "The organisations that run the places of the directory check and correct their "
            "information here."
        ),
        "reset_intro": _(
            "Enter the e-mail address of your operator's account: we will send you a link to "
            "choose a new password."
        ),
        "reset_sent": _(
            "If this address belongs to an operator's account, a message with a link to choose a "
            "new password is on its way. The link works once, for a limited time."
        ),
    },
)


def _private(response):
    """One signed-in person's pages: never stored by a cache, never indexed."""
    add_never_cache_headers(response)
    response["X-Robots-Tag"] = "noindex"
    return response


class OperatorRequiredMixin:
    """A signed-in operator account (with its code when it has an app)."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), reverse("operators:login"))
        self.membership = membership_of(request.user)
        if self.membership is None:
            raise PermissionDenied
        if needs_code(request.user):
            return redirect(OPERATORS.verify_url(request.get_full_path()))
        return _private(super().dispatch(request, *args, **kwargs))

    def get_context_data(self, **kwargs):
        return super().get_context_data(membership=self.membership, **kwargs)


class PlaceMixin(OperatorRequiredMixin):
    """A page about one of the organisation's places (another's: 404)."""

    def dispatch(self, request, *args, **kwargs):
        self.slug = kwargs["slug"]
        return super().dispatch(request, *args, **kwargs)

    @property
    def place(self):
        if not hasattr(self, "_place"):
            self._place = get_object_or_404(
                self.membership.places().select_related("territory", "last_verified_by"),
                slug=self.slug,
            )
        return self._place

    def get_context_data(self, **kwargs):
        return super().get_context_data(place=self.place, **kwargs)

    def back(self):
        return redirect("operators:place", slug=self.place.slug)


def add_errors(form, error):
    """A model's refusal on the form: on its field when the form has it, else above the form."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def row(place, today=None):
    """What the space shows of a place's freshness."""
    return {"place": place, "freshness": place.freshness(today)}


# -- the places ---------------------------------------------------------------------------------


class SpaceView(OperatorRequiredMixin, ListView):
    template_name = "operators/space.html"
    context_object_name = "places"
    paginate_by = 50

    def get_queryset(self):
        return (
            self.membership.places()
            .select_related("territory", "last_verified_by")
            .order_by("name", "pk")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["rows"] = [row(place) for place in context["places"]]
        context["waiting"] = proposals.proposals_of(self.membership.organization).waiting().count()
        return context


class ConfirmView(PlaceMixin, TemplateView):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        proposals.confirm_place(self.place, by_label=self.membership.label, user=request.user)
        messages.success(
            request,
            _("Thank you: “%(place)s” is marked as checked today.") % {"place": self.place},
        )
        if request.POST.get("from") == "space":
            return redirect("operators:space")
        return self.back()


class ConfirmAllView(OperatorRequiredMixin, TemplateView):
    """Confirm every place listed on the space's page (its pks, posted; others ignored)."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        pks = [pk for pk in request.POST.getlist("place") if pk.isdigit()]
        places = self.membership.places().filter(pk__in=pks)
        count = 0
        with transaction.atomic():
            for place in places:
                proposals.confirm_place(place, by_label=self.membership.label, user=request.user)
                count += 1
        messages.success(
            request,
            ngettext(
                "Thank you: %(count)d place is marked as checked today.",
                "Thank you: %(count)d places are marked as checked today.",
                count,
            )
            % {"count": count},
        )
        return redirect("operators:space")


class PlaceView(PlaceMixin, TemplateView):
    template_name = "operators/place.html"

    def get_context_data(self, **kwargs):
        place = self.place
        return super().get_context_data(
            row=row(place),
            hours=place.opening_hours.all(),
            notices=place.notices.current(),
            changes=proposals.proposals_of(self.membership.organization).for_object(place)[:20],
            **kwargs,
        )


class ProposeView(PlaceMixin, TemplateView):
    """Propose changes to a place's fields, its week of hours, and a notice: for review."""

    template_name = "operators/propose.html"

    def forms(self, data=None):
        return proposal_forms(self.place, data)

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(**self.forms()))

    def post(self, request, *args, **kwargs):
        forms = self.forms(request.POST)
        if all(f.is_valid() for f in forms.values()):
            try:
                change = proposals.propose_place_changes(
                    self.place,
                    **proposal_values(forms),
                    author_label=self.membership.label,
                    user=request.user,
                )
            except ValidationError as error:
                add_errors(forms["form"], error)
            else:
                if change is None:
                    messages.info(request, _("Nothing was changed: there is nothing to review."))
                else:
                    messages.success(
                        request,
                        _(
                            "Thank you: your changes wait for the network's review. The public "
                            "page stays as it is until they are approved."
                        ),
                    )
                return redirect("operators:proposals")
        return self.render_to_response(self.get_context_data(**forms), status=400)


class ClosureView(PlaceMixin, TemplateView):
    """A temporary closure: online at once, and the publishers told."""

    template_name = "operators/closure.html"

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(form=ClosureForm()))

    def post(self, request, *args, **kwargs):
        form = ClosureForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            proposals.add_temporary_closure(
                self.place,
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
                message=data["message"],
                by_label=self.membership.label,
                user=request.user,
            )
            messages.success(
                request,
                _("The closure is on the public page now. The network's staff were told."),
            )
            return self.back()
        return self.render_to_response(self.get_context_data(form=form), status=400)


class ClosedForGoodView(PlaceMixin, TemplateView):
    """Report the place closed for good: for review, never immediate."""

    template_name = "operators/closed_for_good.html"

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(form=ClosedForGoodForm()))

    def post(self, request, *args, **kwargs):
        form = ClosedForGoodForm(request.POST)
        if form.is_valid():
            proposals.report_closed_for_good(
                self.place,
                author_label=self.membership.label,
                user=request.user,
                reason=form.cleaned_data["reason"],
            )
            messages.success(
                request,
                _(
                    "Thank you: the network will review your report. The place stays on the "
                    "public site until then."
                ),
            )
            return redirect("operators:proposals")
        return self.render_to_response(self.get_context_data(form=form), status=400)


class NewPlaceView(OperatorRequiredMixin, TemplateView):
    """Propose a new place the organisation runs: in review, not public."""

    template_name = "operators/new_place.html"

    def get(self, request, *args, **kwargs):
        return self.render_to_response(
            self.get_context_data(form=NewPlaceForm(), hours=hours_formset())
        )

    def post(self, request, *args, **kwargs):
        form, hours = NewPlaceForm(request.POST), hours_formset(data=request.POST)
        if form.is_valid() and hours.is_valid():
            try:
                place = proposals.propose_new_place(
                    self.membership.organization,
                    fields=form.place_fields(),
                    opening_hours=hours.week(),
                    author_label=self.membership.label,
                    user=request.user,
                )
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(
                    request,
                    _(
                        "Thank you: “%(place)s” waits for the network's review. It is not on "
                        "the public site before it is published."
                    )
                    % {"place": place},
                )
                return redirect("operators:place", slug=place.slug)
        return self.render_to_response(self.get_context_data(form=form, hours=hours), status=400)


class ProposalsView(OperatorRequiredMixin, ListView):
    """The organisation's proposals: waiting, approved, rejected with the reviewer's comment."""

    template_name = "operators/proposals.html"
    context_object_name = "changes"
    paginate_by = 30

    def get_queryset(self):
        return proposals.proposals_of(self.membership.organization).select_related("author")
