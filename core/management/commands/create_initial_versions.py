import time

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from core.versions import BATCH, create_initial_versions


class Command(BaseCommand):
    help = (
        "Give every versioned record that has no version yet (loaded in bulk, or before versions "
        "were kept) an initial one, so that it can be recovered from the admin once deleted. "
        "Safe to run again: records that have a version are left alone. Works in batches, each "
        "in its own transaction, in bounded memory."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--batch", type=int, default=BATCH, help=f"Records per batch (default {BATCH})."
        )

    def handle(self, *args, **options):
        if options["batch"] < 1:
            raise CommandError("--batch must be at least 1.")
        started = time.monotonic()

        def progress(model, made):
            if options["verbosity"] > 1:
                self.stdout.write(f"  {made} records so far ({model._meta.label})")

        made = create_initial_versions(
            _("Initial version."), batch=options["batch"], progress=progress
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"{made} records given an initial version in {time.monotonic() - started:.1f}s."
            )
        )
