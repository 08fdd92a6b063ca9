"""The admin's "view on site" opens the staff preview (core.preview) of a record that is not
public yet, instead of a page that would answer "not found"."""

from ..preview import preview_url, supports_preview


class PreviewMixin:
    def get_view_on_site_url(self, obj=None):
        url = super().get_view_on_site_url(obj)
        if url and obj is not None and not obj.is_public and supports_preview(obj):
            return preview_url(obj)
        return url
