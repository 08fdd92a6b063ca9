from django.core.management.base import BaseCommand

from campaigns.digest import send_digests


class Command(BaseCommand):
    help = (
        "Queue the publishers' daily digest (what waits for review), once a day: one e-mail per "
        "publisher who has not turned it off and has something waiting. A second run on the "
        "same day queues nothing. manage.py send_queued_mail sends it."
    )

    def handle(self, *args, **options):
        count = send_digests()
        self.stdout.write(f"{count} digest(s) queued.")
