from django.core.management.base import BaseCommand, CommandError

from network.backup import BackupError, create_backup


class Command(BaseCommand):
    help = (
        "Back up everything durable into a new dated folder under DJANGO_BACKUP_DIR: the database "
        "(PostgreSQL: pg_dump's custom format; SQLite: its online backup) and the private "
        "documents folder, with a manifest of their checksums. Safe while the site runs."
    )

    def add_arguments(self, parser):
        parser.add_argument("--into", help="Parent folder of the backup (default: BACKUP_DIR).")

    def handle(self, *args, into=None, **options):
        try:
            folder = create_backup(into)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(f"Backup written: {folder}"))
