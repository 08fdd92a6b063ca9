from django.core.management.base import BaseCommand, CommandError

from network.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = (
        "Restore a folder written by `backup`: the database and the private documents folder "
        "become the backup's; then ANALYZE, a check of the migrations against the code, the "
        "search documents rebuilt and the cached pages made stale. Refuses to replace a "
        "database or a folder that holds data unless given --replace. Stop the site first."
    )

    def add_arguments(self, parser):
        parser.add_argument("folder", help="The backup's folder (BACKUP_DIR/<date>).")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Replace the data the database and the private folder already hold.",
        )

    def handle(self, *args, folder, replace, **options):
        try:
            report = restore_backup(folder, replace=replace)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"Restored {report.folder}: the database"
            f"{' (its previous content replaced)' if report.replaced else ''}, "
            f"{report.files} private file(s); statistics refreshed (ANALYZE)."
        )
        if report.unapplied:
            raise CommandError(
                "The backup is older than this code: these migrations are not applied: "
                f"{', '.join(report.unapplied)}. Run `manage.py migrate`: the search documents "
                "follow by themselves."
            )
        if report.unknown:
            raise CommandError(
                "The backup was made by newer code: the database has migrations this code does "
                f"not know: {', '.join(report.unknown)}. Deploy that code's release to use it."
            )
        self.stdout.write(
            f"Migrations match the code; {report.documents} search documents rebuilt."
        )
        self.stdout.write(self.style.SUCCESS("Done."))
