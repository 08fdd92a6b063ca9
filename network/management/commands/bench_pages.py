"""What each page costs in the process, for the benchmark: status, HTML bytes, SQL queries.

`scripts/bench_run.py` calls it with the addresses it measures over HTTP; it prints one JSON
object per address. The requests go through the whole middleware stack with Django's test
client, as an anonymous visitor; run it with the page cache off (DJANGO_PAGE_CACHE=off), or a
cached page would count no query.
"""

import json
import sys

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

# Transaction control is not a query of the page's (ATOMIC_REQUESTS wraps every view in one).
TRANSACTION_CONTROL = ("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE SAVEPOINT")


class Command(BaseCommand):
    help = (
        "Request each address in process as an anonymous visitor and print, one JSON object a "
        "line, its status, its size in bytes (uncompressed) and the SQL queries it made "
        "(transaction control left out)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "paths", nargs="*", help="Addresses to request (default: one a line on stdin)."
        )

    def handle(self, *args, **options):
        paths = options["paths"] or [line.strip() for line in sys.stdin if line.strip()]
        host = next(
            (h for h in settings.ALLOWED_HOSTS if h != "*" and not h.startswith(".")), "testserver"
        )
        client = Client(HTTP_HOST=host)
        for path in paths:
            client.cookies.clear()
            with CaptureQueriesContext(connection) as queries:
                response = client.get(path)
                body = (
                    b"".join(response.streaming_content) if response.streaming else response.content
                )
            self.stdout.write(
                json.dumps(
                    {
                        "path": path,
                        "status": response.status_code,
                        "bytes": len(body),
                        "queries": sum(
                            not query["sql"].startswith(TRANSACTION_CONTROL) for query in queries
                        ),
                    }
                )
            )
