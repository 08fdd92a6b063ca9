from django.core.management.base import BaseCommand

from imports import jobs
from imports.models import ImportState


class Command(BaseCommand):
    help = (
        "Preview, then save, the spreadsheet imports too large for a web request (more rows than "
        "DJANGO_IMPORT_INLINE_MAX_ROWS): a file sent in the admin gets its preview row by row, "
        "which the staff member reads and confirms; a confirmed file is saved every row or none, "
        "in one transaction, as the admin's confirmation does; a file refused at save time is "
        "marked failed with the reason, nothing saved. Run it from cron or a systemd timer every "
        "DJANGO_IMPORT_JOB_MINUTES minutes; two runs at once never take a file twice."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--limit",
            type=int,
            default=None,
            help="Preview or save at most this many files, then stop.",
        )

    def handle(self, *args, limit=None, **options):
        done = jobs.run_queued(limit=limit)
        for batch, state in done:
            line = f"Import {batch.pk} ({batch.file_name}): {state}"
            if state == ImportState.FAILED:
                self.stderr.write(f"{line}: {batch.error}")
            else:
                self.stdout.write(line)
        self.stdout.write(f"Imports previewed, saved or refused: {len(done)}.")
