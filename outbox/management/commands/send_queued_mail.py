from django.core.management.base import BaseCommand

from outbox.services import send_due


class Command(BaseCommand):
    help = (
        "Send the queued e-mails that are due (from cron or a timer, e.g. every minute). "
        "Two runs at the same time never send one message twice."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--batch", type=int, default=50, help="Messages claimed at a time (default 50)."
        )
        parser.add_argument(
            "--limit", type=int, default=None, help="Stop after this many messages (default: all)."
        )

    def handle(self, *args, batch, limit, **options):
        sent, failed = send_due(batch=batch, limit=limit)
        self.stdout.write(f"{sent} sent, {failed} not sent (retried later or failed).")
