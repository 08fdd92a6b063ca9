"""Where grant documents are kept: a folder outside the static files and any public media."""

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils.functional import cached_property


class PrivateStorage(FileSystemStorage):
    """Files under settings.PRIVATE_MEDIA_ROOT, with no address of their own.

    They are served only by the download view, after its permission check: `url()` refuses,
    so no template or admin widget can link to the file itself.
    """

    @cached_property
    def base_location(self):
        return self._value_or_setting(self._location, settings.PRIVATE_MEDIA_ROOT)

    def url(self, name):
        raise NotImplementedError("Private files have no URL: link to the download view instead.")

    def _clear_cached_properties(self, setting, **kwargs):
        super()._clear_cached_properties(setting, **kwargs)
        if setting == "PRIVATE_MEDIA_ROOT":
            self.__dict__.pop("base_location", None)
            self.__dict__.pop("location", None)


_storage = PrivateStorage()


def private_storage():
    """The storage of grant documents (a callable, so migrations do not freeze its settings)."""
    return _storage
