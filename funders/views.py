"""The funders' space: the grants of their organisation, shared drafts, documents.

How a funder signs in: `FUNDERS` below, the funders' entrance to the views of accounts/views.py.

Who sees what:
- the space's pages need a signed-in funder account (others signed in: 403); a grant outside
  the member's organisation's grants (`grants_for`) is "not found";
- a funder account with an authenticator app confirms each sign-in with a code;
- a document: a public one of a grant on the public site, to anyone; otherwise to a member of
  the grant's funder who sees the grant, to publishers of grants and to superusers.
"""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe
from django.views.generic import DetailView, ListView

from accounts import security
from accounts.entrances import Entrance
from accounts.otp import is_verified, needs_code, requires_two_factor
from centers.models import Center
from core.models import KeyFigure, Status
from core.workflow import can_publish
from programs.models import Grant

from .forms import (
    CommentAbout,
    FunderAuthenticationForm,
    FunderCommentForm,
    FunderPasswordResetForm,
)
from .models import DocumentDownload, DraftShare, FunderComment, FunderMembership, GrantDocument

# -- who is asking ------------------------------------------------------------------------------


def membership_of(user):
    if not user.is_authenticated:
        return None
    return FunderMembership.objects.select_related("organization").filter(user=user).first()


def admit_funder(request):
    """The funders' space lets in the members of a funder organisation; others signed in: 403."""
    membership = membership_of(request.user)
    if membership is None:
        raise PermissionDenied
    # No menu of the space before the code of the account's authenticator app is entered.
    return {"membership": None if needs_code(request.user) else membership}


# How a funder signs in: the views of accounts/views.py, with these addresses, pages and forms.
FUNDERS = Entrance(
    name="funders",
    home="funders:dashboard",
    login="funders:login",
    two_factor_setup="funders:two-factor-setup",
    two_factor_verify="funders:two-factor-verify",
    reset_done="funders:password-reset-done",
    reset_complete="funders:password-reset-complete",
    reauthenticate="funders:reauthenticate",
    recovery_codes="funders:recovery-codes",
    sessions="funders:sessions",
    passkeys="funders:passkeys",
    admit=admit_funder,
    authentication_form=FunderAuthenticationForm,
    password_reset_form=FunderPasswordResetForm,
    two_factor_optional=True,
    texts={
        "space": _("Funders' space"),
        "sign_in": _("Funders' space: sign in"),
        "about": _(
            "The funders of the network's programs follow their grants here: published ones, "
            "drafts shared with them for review, and their documents."
        ),
        "reset_intro": _(
            "Enter the e-mail address of your funder's account: we will send you a link to "
            "choose a new password."
        ),
        "reset_sent": _(
            "If this address belongs to a funder's account, a message with a link to choose a "
            "new password is on its way. The link works once, for a limited time."
        ),
    },
)


def _private(response):
    """The space's pages are for one signed-in person: never stored by a cache, never indexed."""
    add_never_cache_headers(response)
    response["X-Robots-Tag"] = "noindex"
    return response


class FunderRequiredMixin:
    """A signed-in funder account (with its code when it has an app), else login, 403 or verify."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), reverse("funders:login"))
        self.membership = membership_of(request.user)
        if self.membership is None:
            raise PermissionDenied
        if needs_code(request.user):
            return redirect(FUNDERS.verify_url(request.get_full_path()))
        return _private(super().dispatch(request, *args, **kwargs))

    def get_context_data(self, **kwargs):
        return super().get_context_data(membership=self.membership, **kwargs)


# -- the grants of the funder -----------------------------------------------------------------


# How many of its program's places a grant's card lists before linking to them all.
PLACES_SHOWN = 10


def _funder_grants(membership):
    """The member's grants with all their page shows, in a number of queries that stays flat."""
    organization = membership.organization
    return (
        membership.grants()
        .with_public_flag("on_public_site")
        .select_related("program", "recipient", "funder")
        .prefetch_related(
            Prefetch("documents", GrantDocument.objects.order_by("visibility", "title")),
            Prefetch(
                "program__key_figures",
                KeyFigure.objects.exclude(status=Status.ARCHIVED),
                to_attr="funder_key_figures",
            ),
            # The first places, and one more that tells the card there are others.
            Prefetch(
                "program__centers",
                Center.objects.public().order_by("name")[: PLACES_SHOWN + 1],
                to_attr="public_centers",
            ),
            Prefetch(
                "funder_shares",
                DraftShare.objects.filter(organization=organization),
                to_attr="my_shares",
            ),
            Prefetch(
                "program__funder_shares",
                DraftShare.objects.filter(organization=organization),
                to_attr="my_shares",
            ),
        )
        .order_by("program__title", "slug")
    )


def card(grant):
    """What the space shows of a grant beyond its fields, as plain data for the templates.

    `on_public_site`: the public sees it (`Grant.objects.public()`, read as the `on_public_site`
    annotation of `_funder_grants`); `is_shared_draft`: the grant or its program is a draft shared
    for review; `key_figures`: the program's, a draft figure only with a shared draft program.
    """
    program = grant.program
    return {
        "grant": grant,
        "on_public_site": grant.on_public_site,
        "is_shared_draft": not (grant.is_public and program.is_public),
        "share_notes": [s.note for s in (*grant.my_shares, *program.my_shares) if s.note],
        "key_figures": [
            f for f in program.funder_key_figures if f.is_public or not program.is_public
        ],
        "places": program.public_centers[:PLACES_SHOWN],
        "more_places": len(program.public_centers) > PLACES_SHOWN,
    }


class DashboardView(FunderRequiredMixin, ListView):
    template_name = "funders/dashboard.html"
    context_object_name = "grants"
    paginate_by = 20

    def get_queryset(self):
        return _funder_grants(self.membership)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["cards"] = [card(grant) for grant in context["grants"]]
        return context


class GrantDetailView(FunderRequiredMixin, DetailView):
    """A grant in the space, with the funder's comments on it and a form to add one."""

    template_name = "funders/grant_detail.html"
    context_object_name = "grant"

    def get_queryset(self):
        return _funder_grants(self.membership)

    def get_context_data(self, **kwargs):
        grant = self.object
        comments = FunderComment.objects.filter(organization=self.membership.organization).filter(
            Q(grant=grant) | Q(program=grant.program_id)
        )
        kwargs.setdefault("form", FunderCommentForm())
        return super().get_context_data(
            card=card(grant),
            comments=comments.select_related("author", "grant", "program").order_by("created_at"),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        self.object = grant = self.get_object()
        form = FunderCommentForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        about_program = form.cleaned_data["about"] == CommentAbout.PROGRAM
        FunderComment.objects.create(
            grant=None if about_program else grant,
            program=grant.program if about_program else None,
            organization=self.membership.organization,
            author=request.user,
            text=form.cleaned_data["text"],
        )
        messages.success(request, _("Thank you: your comment was sent to the network's staff."))
        return redirect(reverse("funders:grant-detail", kwargs={"slug": grant.slug}) + "#comments")


# -- documents --------------------------------------------------------------------------------


def _may_download(request, document):
    """None when the download is allowed, else the response to give instead."""
    grant = document.grant
    if not document.is_confidential and Grant.objects.public().filter(pk=grant.pk).exists():
        return None
    user = request.user
    if not user.is_authenticated:
        return redirect_to_login(request.get_full_path(), reverse("funders:login"))
    if user.is_superuser or can_publish(user, Grant):
        # Staff who must use a second factor in the admin need it here too.
        if requires_two_factor(user) and not is_verified(user):
            raise PermissionDenied
        return None
    membership = membership_of(user)
    if membership is None:
        raise PermissionDenied
    if needs_code(user):
        return redirect(FUNDERS.verify_url(request.get_full_path()))
    if not membership.grants().filter(pk=grant.pk).exists():
        raise Http404
    return None


@require_safe
def document_download(request, pk):
    document = get_object_or_404(
        GrantDocument.objects.select_related("grant__program", "grant__funder", "grant__recipient"),
        pk=pk,
    )
    refusal = _may_download(request, document)
    if refusal is not None:
        return refusal
    try:
        stream = document.file.storage.open(document.file.name, "rb")
    except FileNotFoundError as missing:
        raise Http404 from missing
    user = request.user if request.user.is_authenticated else None
    DocumentDownload.objects.create(
        document=document, user=user, username=user.get_username() if user else ""
    )
    if document.is_confidential:
        security.log(
            "confidential_download", request, document=str(document.pk), grant=document.grant.slug
        )
    response = FileResponse(
        stream, as_attachment=True, filename=document.download_name, content_type="application/pdf"
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response
