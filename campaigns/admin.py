"""Campaigns in the admin: contacts per organisation; a campaign started from a form that shows
how many places and organisations it reaches before it is confirmed; its page shows progress
per organisation, sends one reminder, and ends the campaign early."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import services
from .forms import StartForm
from .models import Campaign, CampaignContact


@admin.register(CampaignContact)
class CampaignContactAdmin(admin.ModelAdmin):
    list_display = ["organization", "email", "language"]
    list_filter = ["language"]
    search_fields = ["organization__name", "email"]
    autocomplete_fields = ["organization"]


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    list_display = ["name", "created_at", "created_by", "criteria", "expires_at"]
    list_select_related = ["created_by"]
    search_fields = ["name"]
    date_hierarchy = "created_at"

    def has_delete_permission(self, request, obj=None):
        return False

    def add_view(self, request, form_url="", extra_context=None):
        """Choose the places (due ones, by territory, region, operator), see the counts,
        then start."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = StartForm(request.POST or None)
        counts = None
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            places = services.places_due(
                data["states"], data["territory"], data["region"], data["operator"]
            )
            counts = services.preview(places)
            if "start" in request.POST and counts["places"]:
                campaign = services.start(data["name"], places, request.user, form.criteria())
                self.message_user(
                    request,
                    ngettext(
                        "Campaign started: %(count)d e-mail queued.",
                        "Campaign started: %(count)d e-mails queued.",
                        campaign.letters.count(),
                    )
                    % {"count": campaign.letters.count()},
                    messages.SUCCESS,
                )
                return redirect("admin:campaigns_campaign_change", campaign.pk)
        return TemplateResponse(
            request,
            "admin/campaigns/campaign/start.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "title": _("Start a verification campaign"),
                "form": form,
                "counts": counts,
            },
            status=400 if request.method == "POST" and not form.is_valid() else 200,
        )

    def change_view(self, request, object_id, form_url="", extra_context=None):
        """Progress per organisation and in total; one reminder to those who have not answered;
        ending the campaign before its time."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        campaign = get_object_or_404(Campaign, pk=object_id)
        if request.method == "POST" and "remind" in request.POST:
            if not self.has_change_permission(request, campaign):
                raise PermissionDenied
            count = services.remind(campaign)
            if count is None:
                self.message_user(
                    request,
                    _("No reminder sent: one was sent already, or the campaign has expired."),
                    messages.WARNING,
                )
            else:
                self.message_user(
                    request,
                    ngettext("%(count)d reminder queued.", "%(count)d reminders queued.", count)
                    % {"count": count},
                    messages.SUCCESS,
                )
            return redirect("admin:campaigns_campaign_change", campaign.pk)
        if request.method == "POST" and "end" in request.POST:
            if not self.has_change_permission(request, campaign):
                raise PermissionDenied
            cancelled = services.end(campaign)
            if cancelled is None:
                self.message_user(request, _("This campaign had already ended."), messages.WARNING)
            else:
                self.message_user(
                    request,
                    ngettext(
                        "Campaign ended: its links no longer work; %(count)d e-mail not yet "
                        "sent was cancelled.",
                        "Campaign ended: its links no longer work; %(count)d e-mails not yet "
                        "sent were cancelled.",
                        cancelled,
                    )
                    % {"count": cancelled},
                    messages.SUCCESS,
                )
            return redirect("admin:campaigns_campaign_change", campaign.pk)
        rows, totals = services.progress(campaign)
        can_change = self.has_change_permission(request, campaign)
        return TemplateResponse(
            request,
            "admin/campaigns/campaign/progress.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "title": campaign.name,
                "campaign": campaign,
                "rows": rows,
                "totals": totals,
                "can_remind": can_change
                and campaign.reminder_sent_at is None
                and not campaign.is_expired(),
                "can_end": can_change and not campaign.is_expired(),
            },
        )
