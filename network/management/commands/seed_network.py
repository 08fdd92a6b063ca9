from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from network.seeding import seed_network


class Command(BaseCommand):
    help = (
        "Load every fact of the two source documents, in French and English, published, each with "
        "its quoted passage. Safe to run again: it creates nothing twice, updates what it created "
        "and nobody changed since, and leaves alone (and lists) what staff changed."
    )

    def handle(self, *args, **options):
        try:
            report = seed_network()
        except ValidationError as exc:
            raise CommandError(f"The seed content is invalid: {exc}") from exc
        self.stdout.write(
            f"Seed content: {len(report.created)} created, {len(report.updated)} updated, "
            f"{len(report.unchanged)} unchanged, {len(report.kept)} left alone (changed by staff)."
        )
        if report.kept:
            self.stdout.write(
                self.style.WARNING("Changed by staff since the last load, left as they are:")
            )
            for line in report.kept:
                self.stdout.write(f"  - {line}")
        self.stdout.write(self.style.SUCCESS("Done."))
