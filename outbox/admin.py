from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import OutgoingMessage


@admin.register(OutgoingMessage)
class OutgoingMessageAdmin(admin.ModelAdmin):
    """Read-only: what was sent, what waits, and why a message failed."""

    list_display = ["created_at", "to", "subject", "kind", "language", "state", "attempts"]
    list_filter = ["state", "kind", "language"]
    search_fields = ["to", "subject"]
    date_hierarchy = "created_at"
    readonly_fields = [
        "to",
        "subject",
        "kind",
        "language",
        "state",
        "attempts",
        "last_error",
        "created_at",
        "next_attempt_at",
        "sent_at",
        "dedupe_key",
        "body",
        "html",
    ]
    fieldsets = [
        (None, {"fields": ["to", "subject", "kind", "language"]}),
        (
            _("Delivery"),
            {
                "fields": [
                    "state",
                    "attempts",
                    "last_error",
                    "created_at",
                    "next_attempt_at",
                    "sent_at",
                ]
            },
        ),
        (_("Content"), {"fields": ["dedupe_key", "body", "html"]}),
    ]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
