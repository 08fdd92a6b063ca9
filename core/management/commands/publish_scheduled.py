from django.core.management.base import BaseCommand

from core import page_cache
from core.workflow import record_schedule


class Command(BaseCommand):
    help = (
        "Record scheduled publication changes that have come due: records whose 'publish at' has "
        "passed go online for good, records whose 'unpublish at' has passed are archived, each as "
        "a version in their history; then make the cached pages stale. Visibility already follows "
        "the dates at query time, and cached pages end at the next scheduled date, so running "
        "this late (from cron or a systemd timer, e.g. every 5 minutes) never shows or hides "
        "anything at the wrong minute."
    )

    def handle(self, *args, **options):
        went_online, went_offline = record_schedule()
        # Not cache.clear(): the cache is shared (sessions stay in the database, but rate
        # counters live there too); a new generation leaves the other keys alone.
        page_cache.bump()
        self.stdout.write(
            f"Scheduled publication: {went_online} went online, "
            f"{went_offline} went offline. Cached pages refreshed."
        )
