"""An organisation's page of a campaign: its places, one answer each, no account needed.

The address carries the letter's signed number (CampaignLetter.token): a forged one is a 404,
a place of another letter a 400. Once every place is answered the page shows the answers;
after the campaign's 30 days it says the link expired (410). Never cached, never indexed.
"""

from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView

from operators.forms import proposal_forms, proposal_values
from operators.views import add_errors

from . import services
from .forms import AnswerForm
from .models import Answer, CampaignLetter


class LetterMixin:
    """A page reached through a letter's signed link (`token`): a forged one is a 404; never
    indexed."""

    def dispatch(self, request, *args, **kwargs):
        self.letter = CampaignLetter.from_token(kwargs["token"])
        if self.letter is None:
            raise Http404
        response = self.letter_dispatch(request, *args, **kwargs)
        response["X-Robots-Tag"] = "noindex"
        return response

    def letter_dispatch(self, request, *args, **kwargs):
        return super().dispatch(request, *args, **kwargs)


class LetterView(LetterMixin, TemplateView):
    template_name = "campaigns/letter.html"

    def places(self):
        return list(self.letter.places.select_related("center", "report").order_by("center__name"))

    def render(self, status=200, **context):
        places = self.places()
        answered = all(p.answer != Answer.NONE for p in places)
        return self.render_to_response(
            self.get_context_data(
                letter=self.letter,
                campaign=self.letter.campaign,
                places=places,
                answered=answered,
                expired=self.expired,
                **context,
            ),
            status=status,
        )

    def get(self, request, *args, **kwargs):
        self.expired = self.letter.campaign.is_expired()
        if self.expired:
            return self.render(status=410)
        services.visited(self.letter)
        return self.render()

    def post(self, request, *args, **kwargs):
        self.expired = self.letter.campaign.is_expired()
        if self.expired:
            return self.render(status=410)
        services.visited(self.letter)
        form = AnswerForm(request.POST)
        if not form.is_valid():
            place = self.letter.places.filter(pk=form.cleaned_data.get("place")).first()
            return self.render(status=400, form=form, failed=place)
        # Only a place of this letter: another organisation's place is refused.
        place = (
            self.letter.places.select_for_update(of=("self",))
            .select_related("center", "letter__campaign", "letter__organization")
            .filter(pk=form.cleaned_data["place"])
            .first()
        )
        if place is None:
            return self.render(status=400, refused=True)
        if place.answer != Answer.NONE:
            return self.render(status=400, already=place)
        action = form.cleaned_data["action"]
        text = form.cleaned_data["text"].strip()
        if action == AnswerForm.CONFIRM:
            services.confirm(place)
        elif action == AnswerForm.CHANGES:
            services.propose_changes(place, text)
        else:
            services.report_closed(place, text)
        return redirect(f"{request.path}#place-{place.pk}")


letter = never_cache(LetterView.as_view())


class ChangesView(LetterMixin, TemplateView):
    """Changes to one place of a letter, in the operators' proposal form (fields, the week of
    hours, a notice): for a publisher's review, like an operator's proposal. Back to the
    letter's page once sent, or when the place is answered or the campaign expired."""

    template_name = "campaigns/changes.html"

    def letter_dispatch(self, request, *args, **kwargs):
        self.place = get_object_or_404(self.letter.places.select_related("center"), pk=kwargs["pk"])
        if self.letter.campaign.is_expired() or self.place.answer != Answer.NONE:
            return redirect(self.letter_url())
        services.visited(self.letter)
        return super().letter_dispatch(request, *args, **kwargs)

    def letter_url(self):
        return reverse("campaigns:letter", args=[self.kwargs["token"]])

    def forms(self, data=None):
        return proposal_forms(self.place.center, data)

    def render(self, forms, status=200):
        context = self.get_context_data(
            letter=self.letter,
            campaign=self.letter.campaign,
            place=self.place.center,
            letter_url=self.letter_url(),
            **forms,
        )
        return self.render_to_response(context, status=status)

    def get(self, request, *args, **kwargs):
        return self.render(self.forms())

    def post(self, request, *args, **kwargs):
        forms = self.forms(request.POST)
        if all(form.is_valid() for form in forms.values()):
            try:
                change = services.propose_place_changes(self.place, **proposal_values(forms))
            except ValidationError as error:
                add_errors(forms["form"], error)
            else:
                if change is not None:
                    return redirect(f"{self.letter_url()}#place-{self.place.pk}")
                forms["form"].add_error(
                    None,
                    _(
                        "Nothing here differs from the place's page. If all of it is still "
                        "correct, answer “Still correct” on the list of your places."
                    ),
                )
        return self.render(forms, status=400)


changes = never_cache(ChangesView.as_view())
