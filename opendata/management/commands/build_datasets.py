"""Build every stored open-data file that is not current, ahead of the visitors.

Run it after `publish_scheduled` (the same cron job or timer, on one node), and after a data
load: a file whose data changed is otherwise built by the first request that asks for it.
The files' links are absolute: give the site's public address (`--origin`, or the first of
DJANGO_CSRF_TRUSTED_ORIGINS).
"""

import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from opendata import catalogue, store


class Command(BaseCommand):
    help = "Build the stored open-data files whose data changed (all of them with --force)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--origin",
            help="The site's public address, e.g. https://acces-sante.example.org "
            "(default: the first of DJANGO_CSRF_TRUSTED_ORIGINS).",
        )
        parser.add_argument("--force", action="store_true", help="Build even current files.")

    def handle(self, *args, origin=None, force=False, **options):
        origin = (origin or next(iter(settings.CSRF_TRUSTED_ORIGINS), "")).rstrip("/")
        if not origin.startswith(("http://", "https://")):
            raise CommandError("Give the site's address: --origin https://… ")
        built = 0
        for group in catalogue.GROUPS.values():
            current = store.freshness(group.names, origin)
            if not force and len(current) == len(group.names):
                continue
            started = time.monotonic()
            try:
                files = store.build(group, origin)
            except store.Busy:
                self.stdout.write(f"{group.key}: being built by another process, left to it")
                continue
            built += 1
            sizes = ", ".join(f"{n} ({f.rows} rows, {f.size} bytes)" for n, f in files.items())
            self.stdout.write(f"{group.key}: {sizes} in {time.monotonic() - started:.2f} s")
        self.stdout.write(f"{built} group(s) built at {timezone.now():%Y-%m-%d %H:%M:%S}.")
