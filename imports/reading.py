"""Reading an uploaded file into rows, with the limits stated in the README: a CSV in UTF-8 or
an XLSX workbook (its first sheet), at most IMPORT_MAX_BYTES and IMPORT_MAX_ROWS, no formula.
Anything else is refused as a whole with a message in plain words, and nothing is read further.
"""

import csv
import io
import zipfile
from contextlib import closing

from django.conf import settings
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

# What a spreadsheet program would run as a formula when it opens a CSV cell.
FORMULA_START = ("=",)


class FileRefused(Exception):
    """The whole file is refused; the message says why, for the person who sent it."""


def _limit_rows(count):
    if count > settings.IMPORT_MAX_ROWS:
        raise FileRefused(
            _(
                "The file has more than %(limit)s rows: the limit is %(limit)s rows a file. "
                "Split it into several files."
            )
            % {"limit": number_format(settings.IMPORT_MAX_ROWS, force_grouping=True)}
        )


def _cell_text(value):
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value).strip()


def _read_xlsx(data):
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, OSError):
        raise FileRefused(
            _("The file could not be read as an XLSX workbook: save it again as .xlsx or CSV.")
        ) from None
    try:
        sheet = book.worksheets[0]
        for number, row in enumerate(sheet.iter_rows(), start=1):
            values = []
            for cell in row:
                if getattr(cell, "data_type", None) == "f":
                    raise FileRefused(
                        _(
                            "Cell %(cell)s holds a formula. Imports take values only: copy the "
                            "sheet and paste it as values, then save and send it again."
                        )
                        % {"cell": cell.coordinate}
                    )
                values.append(_cell_text(cell.value))
            _limit_rows(number - 1)
            yield values
    finally:
        book.close()


def _read_csv(data):
    if b"\x00" in data:
        raise FileRefused(
            _("This is not a spreadsheet: send a CSV file (UTF-8) or an XLSX workbook.")
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise FileRefused(
            _(
                "The file is not in UTF-8, the encoding imports read. In your spreadsheet "
                "program, save it as “CSV UTF-8” (or as .xlsx) and send it again."
            )
        ) from None
    first_line = text.split("\n", 1)[0]
    delimiter = max(";,\t", key=first_line.count)
    try:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        for number, row in enumerate(reader, start=1):
            for index, value in enumerate(row):
                if value.lstrip().startswith(FORMULA_START):
                    raise FileRefused(
                        _(
                            "Row %(row)s, column %(column)s starts with “=”: a spreadsheet "
                            "program would run it as a formula. Imports take values only."
                        )
                        % {"row": number, "column": index + 1}
                    )
            _limit_rows(number - 1)
            yield [value.strip() for value in row]
    except csv.Error:
        raise FileRefused(
            _("The file could not be read as CSV: save it again as “CSV UTF-8” or .xlsx.")
        ) from None


def read_rows(data, stop=None):
    """(header, [(line, cells)]) of a file: cell texts, the line numbers as a spreadsheet
    program shows them (the header is line 1), blank rows left out. Raises FileRefused.
    `stop`: read a workbook no further than its first `stop` + 1 rows under the header, enough to
    know that it has more than `stop` (reading 20,000 rows of a workbook takes seconds; a CSV
    file is read to its end, which takes a fraction of a second)."""
    if len(data) > settings.IMPORT_MAX_BYTES:
        raise FileRefused(
            _("The file is larger than %(limit)s MB, the limit for an import.")
            % {"limit": settings.IMPORT_MAX_BYTES // (1024 * 1024)}
        )
    if not data.strip():
        raise FileRefused(_("The file is empty."))
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise FileRefused(
            _("An old Excel file (.xls): save it as .xlsx or “CSV UTF-8” and send it again.")
        )
    if data[:4] == b"PK\x03\x04":
        rows = _read_xlsx(data)
    else:
        rows, stop = _read_csv(data), None
    header, numbered = None, []
    with closing(rows):
        for line, row in enumerate(rows, start=1):
            if not any(row):
                continue
            if header is None:
                header = [name.strip().lower() for name in row]
                continue
            numbered.append((line, row))
            if stop is not None and len(numbered) > stop:
                break
    if header is None:
        raise FileRefused(_("The file is empty."))
    return header, numbered
