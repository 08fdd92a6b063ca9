from django.core.management.base import BaseCommand, CommandError

from centers.public_holidays import DEFAULT_YEARS, build_public_holidays, default_years


class Command(BaseCommand):
    help = (
        "Write the public holidays of every département (Alsace-Moselle's and the overseas "
        f"ones included) for this year and the next {DEFAULT_YEARS - 1}, or for the years "
        'given, into the table "open now" reads. Safe to run again; run it once a year '
        "(cron: see the README)."
    )

    def add_arguments(self, parser):
        parser.add_argument("years", nargs="*", type=int, help="Years to write (e.g. 2027 2028).")

    def handle(self, *args, years, **options):
        if any(year < 1900 or year > 2100 for year in years):
            raise CommandError("Give years between 1900 and 2100.")
        years = years or default_years()
        written = build_public_holidays(years)
        span = f"{min(years)}–{max(years)}" if len(years) > 1 else str(years[0])
        if written:
            self.stdout.write(self.style.SUCCESS(f"Public holidays {span}: {written} rows."))
        else:
            self.stdout.write(f"Public holidays {span}: already up to date.")
