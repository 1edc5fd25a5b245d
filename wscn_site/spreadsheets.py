"""CSV downloads for staff: opened in a spreadsheet, so no cell may run as a formula (a name or a
comment that starts with "=", "+", "-", "@", a tab or a carriage return gets a leading apostrophe, as
OWASP's CSV-injection advice says), with a byte-order mark so that Excel reads Welsh letters (ŵ, ŷ) as
UTF-8."""
import csv
import io

from flask import Response

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """A cell a spreadsheet will not run as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in _FORMULA_STARTS else text


def csv_download(header, rows, filename):
    """The CSV file of ``header`` and ``rows`` (every cell made safe) as an attachment named ``filename``."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([safe_cell(cell) for cell in header])
    writer.writerows([safe_cell(cell) for cell in row] for row in rows)
    return Response("\ufeff" + out.getvalue(), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})
