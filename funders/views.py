"""The funders' space: sign in, the grants of their organisation, shared drafts, documents.

Who sees what:
- the space's pages need a signed-in funder account (others signed in: 403); a grant outside
  the member's organisation's grants (`grants_for`) is "not found";
- a funder account with an authenticator app confirms each sign-in with a code;
- a document: a public one of a grant on the public site, to anyone; otherwise to a member of
  the grant's funder who sees the grant, to publishers of grants and to superusers.
"""

from base64 import b32encode
from urllib.parse import quote

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.signals import user_login_failed
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse, reverse_lazy
from django.utils.cache import add_never_cache_headers
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_safe
from django.views.generic import DetailView, ListView
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from centers.models import Center
from core.accounts import (
    WRONG_CODE,
    CodeForm,
    check_code,
    confirmed_devices,
    grouped_secret,
    is_verified,
    qr_svg,
    requires_two_factor,
    safe_next,
)
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

SITE_NAME = "Accès Santé"


# -- who is asking ------------------------------------------------------------------------------


def membership_of(user):
    if not user.is_authenticated:
        return None
    return FunderMembership.objects.select_related("organization").filter(user=user).first()


def needs_code(user):
    """Signed in with a password, but not yet with the code of the account's authenticator app."""
    return not is_verified(user) and confirmed_devices(user).exists()


def _verify_url(next_url):
    return f"{reverse('funders:two-factor-verify')}?next={quote(next_url)}"


def _private(response):
    """The space's pages are for one signed-in person: never stored by a cache, never indexed."""
    add_never_cache_headers(response)
    response["X-Robots-Tag"] = "noindex"
    return response


class FunderRequiredMixin:
    """A signed-in funder account (with its code when it has an app), else login, 403 or verify."""

    require_verified = True

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), reverse("funders:login"))
        self.membership = membership_of(request.user)
        if self.membership is None:
            raise PermissionDenied
        if self.require_verified and needs_code(request.user):
            return redirect(_verify_url(request.get_full_path()))
        return _private(super().dispatch(request, *args, **kwargs))

    def get_context_data(self, **kwargs):
        return super().get_context_data(membership=self.membership, **kwargs)


# -- sign in and out ------------------------------------------------------------------------


class FunderLoginView(auth_views.LoginView):
    """Django's LoginView: authenticate(request, …) so django-axes throttles it like the admin's."""

    template_name = "funders/login.html"
    authentication_form = FunderAuthenticationForm
    redirect_authenticated_user = True
    next_page = reverse_lazy("funders:dashboard")

    def get_success_url(self):
        url = super().get_success_url()
        if needs_code(self.request.user):
            return _verify_url(url)
        return url

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # LoginView names the site after the request's host; the pages say the site's name.
        context.pop("site_name", None)
        return context


class FunderLogoutView(auth_views.LogoutView):
    """Sign out (POST only, as Django's LogoutView), back to the sign-in page."""

    next_page = reverse_lazy("funders:login")

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        messages.info(request, _("You are signed out."))
        return response


# -- password reset ---------------------------------------------------------------------------


class PasswordResetView(auth_views.PasswordResetView):
    form_class = FunderPasswordResetForm
    template_name = "funders/password_reset_form.html"
    email_template_name = "funders/password_reset_email.txt"
    subject_template_name = "funders/password_reset_subject.txt"
    success_url = reverse_lazy("funders:password-reset-done")

    @property
    def extra_email_context(self):
        return {"site_name": SITE_NAME, "link_minutes": max(1, settings.PASSWORD_RESET_TIMEOUT // 60)}


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "funders/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "funders/password_reset_confirm.html"
    success_url = reverse_lazy("funders:password-reset-complete")


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "funders/password_reset_complete.html"


# -- two-factor authentication (optional for funders) -----------------------------------------


@method_decorator([never_cache, sensitive_post_parameters("code")], name="dispatch")
class TwoFactorSetupView(FunderRequiredMixin, DetailView):
    """Add an authenticator app (QR code or key), confirmed by its first code; or turn it off."""

    template_name = "funders/two_factor_setup.html"

    def get_object(self, queryset=None):
        user = self.request.user
        return (
            TOTPDevice.objects.devices_for_user(user, confirmed=False).order_by("-pk").first()
            or TOTPDevice.objects.create(user=user, name=str(_("Authenticator app")), confirmed=False)
        )

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        return self.render(CodeForm())

    def post(self, request, *args, **kwargs):
        user = request.user
        if "turn_off" in request.POST:
            TOTPDevice.objects.filter(user=user).delete()
            messages.success(request, _("Two-factor authentication is off for your account."))
            return redirect("funders:two-factor-setup")
        self.object = device = self.get_object()
        form = CodeForm(request.POST)
        if form.is_valid():
            _device, error = check_code(device, form.cleaned_data["code"])
            if error is None:
                device.refresh_from_db()
                device.confirmed = True
                device.save(update_fields=["confirmed"])
                # One app per account: a new one replaces the old.
                TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
                request.session.cycle_key()
                otp_login(request, device)
                messages.success(request, _("Two-factor authentication is on for your account."))
                return redirect("funders:dashboard")
            form.add_error("code", error)
        return self.render(form)

    def render(self, form):
        device = self.object
        context = self.get_context_data(
            form=form,
            has_app=confirmed_devices(self.request.user).exists(),
            secret=grouped_secret(b32encode(device.bin_key).decode()),
            qr_code=qr_svg(device.config_url, _("QR code to scan with your authenticator app")),
        )
        return self.render_to_response(context)


@method_decorator([never_cache, sensitive_post_parameters("code")], name="dispatch")
class TwoFactorVerifyView(FunderRequiredMixin, DetailView):
    """The second step of signing in, for an account with an authenticator app."""

    template_name = "funders/two_factor_verify.html"
    require_verified = False

    def get_object(self, queryset=None):
        return confirmed_devices(self.request.user).first()

    def get(self, request, *args, **kwargs):
        return self.handle(CodeForm())

    def post(self, request, *args, **kwargs):
        return self.handle(CodeForm(request.POST))

    def handle(self, form):
        request = self.request
        next_url = safe_next(request, reverse("funders:dashboard"))
        self.object = device = self.get_object()
        if device is None or not needs_code(request.user):
            return redirect(next_url)
        if form.is_bound and form.is_valid():
            _device, error = check_code(device, form.cleaned_data["code"])
            if error is None:
                request.session.cycle_key()
                otp_login(request, device)
                return redirect(next_url)
            form.add_error("code", error)
            if error is WRONG_CODE:
                # Counted by django-axes with the wrong passwords of this username and address.
                user_login_failed.send(
                    sender=__name__, credentials={"username": request.user.get_username()}, request=request
                )
                if getattr(request, "axes_locked_out", False):
                    logout(request)
                    # AxesMiddleware replaces this response with its lockout page.
                    return redirect("funders:login")
        context = self.get_context_data(form=form, next=next_url)
        context["membership"] = None  # no menu of the space before the code is entered
        return self.render_to_response(context)


# -- the grants of the funder -----------------------------------------------------------------


def _funder_grants(membership):
    """The member's grants with all their page shows, in a number of queries that stays flat."""
    organization = membership.organization
    return (
        membership.grants()
        .select_related("program", "recipient", "funder")
        .prefetch_related(
            Prefetch("documents", GrantDocument.objects.order_by("visibility", "title")),
            Prefetch(
                "program__key_figures",
                KeyFigure.objects.exclude(status=Status.ARCHIVED),
                to_attr="funder_key_figures",
            ),
            Prefetch(
                "program__centers",
                Center.objects.published().care_places().order_by("name"),
                to_attr="public_centers",
            ),
            Prefetch("funder_shares", DraftShare.objects.filter(organization=organization), to_attr="my_shares"),
            Prefetch(
                "program__funder_shares", DraftShare.objects.filter(organization=organization), to_attr="my_shares"
            ),
        )
        .order_by("program__title", "slug")
    )


def describe(grant):
    """What the space shows beyond the grant's fields: its review state and the program's figures."""
    program = grant.program
    grant.is_shared_draft = not (grant.is_public and program.is_public)
    grant.share_notes = [s.note for s in (*grant.my_shares, *program.my_shares) if s.note]
    # A draft figure belongs to the draft: shown with a shared draft program, not a public one.
    grant.key_figures = [f for f in program.funder_key_figures if f.is_public or not program.is_public]
    return grant


class DashboardView(FunderRequiredMixin, ListView):
    template_name = "funders/dashboard.html"
    context_object_name = "grants"
    paginate_by = 20

    def get_queryset(self):
        return _funder_grants(self.membership)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        for grant in context["grants"]:
            describe(grant)
        return context


class GrantDetailView(FunderRequiredMixin, DetailView):
    """A grant in the space, with the funder's comments on it and a form to add one."""

    template_name = "funders/grant_detail.html"
    context_object_name = "grant"

    def get_queryset(self):
        return _funder_grants(self.membership)

    def get_object(self, queryset=None):
        return describe(super().get_object(queryset))

    def get_context_data(self, **kwargs):
        grant = self.object
        comments = FunderComment.objects.filter(organization=self.membership.organization).filter(
            Q(grant=grant) | Q(program=grant.program_id)
        )
        kwargs.setdefault("form", FunderCommentForm())
        return super().get_context_data(
            comments=comments.select_related("author", "grant", "program").order_by("created_at"), **kwargs
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


def on_public_site(grant):
    """Is the grant shown on the public site (the program's page lists it)?"""
    return (
        grant.is_public
        and grant.program.is_public
        and grant.funder.is_public
        and (grant.recipient is None or grant.recipient.is_public)
    )


def _may_download(request, document):
    """None when the download is allowed, else the response to give instead."""
    grant = document.grant
    if not document.is_confidential and on_public_site(grant):
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
        return redirect(_verify_url(request.get_full_path()))
    if not membership.grants().filter(pk=grant.pk).exists():
        raise Http404
    return None


@require_safe
def document_download(request, pk):
    document = get_object_or_404(
        GrantDocument.objects.select_related("grant__program", "grant__funder", "grant__recipient"), pk=pk
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
    response = FileResponse(
        stream, as_attachment=True, filename=document.download_name, content_type="application/pdf"
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response
