"""Analytics tables as CSV files, for spreadsheets and BI tools."""
import csv
import io
from collections.abc import Iterable

from flask import Response

# A cell a spreadsheet would run as a formula (OWASP's CSV injection list) is kept as text with a leading quote.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _cell(value):
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return "" if value is None else value


def csv_response(rows: Iterable[dict], columns: list[str], name: str) -> Response:
    """`rows` as a CSV download named `name`.csv: a header row of `columns`, then one line per row."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_cell(row.get(column)) for column in columns])
    return Response("\ufeff" + out.getvalue(), mimetype="text/csv",  # the BOM: spreadsheets then read UTF-8
                    headers={"Content-Disposition": f'attachment; filename="{name}.csv"'})
