"""The stored open-data files: built when the data changes, served with their ETag."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Dataset(models.Model):
    """One built file (`places.fr.xlsx`, `services.json`…) for one site address, gzip'd.

    In the database, so that every server node serves the same file and none keeps a copy of
    its own. A file is current while `generation` is the page cache's generation (any public
    change bumps it: core/page_cache.py) and `valid_until` (the next scheduled publication when
    it was built) has not passed; otherwise it is built again before it is served.
    """

    origin = models.CharField(_("site address"), max_length=200)
    name = models.CharField(_("file name"), max_length=80)
    content = models.BinaryField(_("content (gzip)"))
    # A file that cannot exist yet (360Giving with no publishable grant): no content.
    absent = models.BooleanField(_("absent"), default=False)
    content_type = models.CharField(_("media type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size in bytes"), default=0)
    rows = models.PositiveIntegerField(_("rows"), default=0)
    etag = models.CharField(_("ETag"), max_length=80)
    generation = models.CharField(_("generation"), max_length=40)
    valid_until = models.DateTimeField(_("valid until"), null=True, blank=True)
    built_at = models.DateTimeField(_("built at"))
    # When the content last changed (Last-Modified): a rebuild to the same bytes keeps it.
    modified_at = models.DateTimeField(_("modified at"))

    class Meta:
        verbose_name = _("stored open-data file")
        verbose_name_plural = _("stored open-data files")
        constraints = [
            models.UniqueConstraint(fields=["origin", "name"], name="opendata_dataset_unique")
        ]

    def __str__(self):
        return f"{self.origin}/{self.name}"
