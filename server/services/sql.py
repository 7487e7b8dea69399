"""Dialect-aware SQL pieces that SQLite and PostgreSQL spell differently."""
from collections import defaultdict
from datetime import timedelta
from functools import lru_cache

from sqlalchemy import Integer, Interval, String, Table, case, cast, func, literal, literal_column
from sqlalchemy.dialects import postgresql, sqlite

from ..extensions import db

_POSTGRESQL = postgresql.dialect()
SQLITE_MAX_VARIABLES = 32766  # bound parameters in one statement, since SQLite 3.32


def utc_day(column):
    """The UTC calendar day of a stored time, as each database spells it (SQLite keeps UTC text)."""
    if db.engine.dialect.name == "sqlite":
        return func.substr(column, 1, 10)
    return func.date(func.timezone("UTC", column))


def monday_of(day_column):
    """The Monday of a day's ISO week, as a day."""
    if db.engine.dialect.name == "sqlite":
        return func.date(day_column, "weekday 0", "-6 days")
    return func.date(func.date_trunc("week", day_column))


def shifted(column, delta: timedelta):
    """A stored time moved by `delta` (whole seconds), as each database spells it (SQLite keeps the text
    'YYYY-MM-DD HH:MM:SS.ffffff': the fraction is kept as it is)."""
    if db.engine.dialect.name == "sqlite":
        moved = func.strftime(literal_column("'%Y-%m-%d %H:%M:%S'"), column,
                              literal_column(f"'{int(delta.total_seconds()):+d} seconds'"), type_=String)
        return moved.op("||", return_type=String)(func.substr(column, literal_column("20"), type_=String))
    return column + literal(delta, Interval)


def json_text(column, key: str):
    """The string member `key` of a JSON object column, read by the database (the rest of the object is not sent);
    NULL when it is missing or not a string."""
    if db.engine.dialect.name == "sqlite":
        path = literal(f'$."{key}"', String)
        return case((func.json_type(column, path) == "text", func.json_extract(column, path, type_=String)))
    member = literal(key, String)
    return case((func.jsonb_typeof(column.op("->")(member)) == "string",
                 column.op("->>", return_type=String)(member)))


def month_of(day):
    """The first day of a day expression's month."""
    if db.engine.dialect.name == "sqlite":
        return func.date(day, "start of month")
    return func.date(func.date_trunc("month", day))


def day_of_month(day):
    if db.engine.dialect.name == "sqlite":
        return cast(func.strftime("%d", day), Integer)
    return cast(func.extract("day", day), Integer)


def period_column(day, interval: str):
    """The period (`day`, or `week` named by its Monday) of a day expression."""
    return monday_of(day) if interval == "week" else day


def day_text(value) -> str:
    """A day from the database as YYYY-MM-DD: PostgreSQL gives a date, SQLite its text."""
    return value if isinstance(value, str) else value.isoformat()


def insert_ignoring_conflicts(table, index_elements: list[str]):
    """INSERT … ON CONFLICT (index_elements) DO NOTHING for the bound database."""
    dialect = postgresql if db.engine.dialect.name == "postgresql" else sqlite
    return dialect.insert(table).on_conflict_do_nothing(index_elements=index_elements)


def bulk_insert_ignoring_conflicts(table: Table, columns: tuple[str, ...], rows: list[tuple], conflict: tuple[str, ...],
                                   returning: str) -> list:
    """Insert many rows, skipping those that conflict; the `returning` value of each row stored."""
    return _bulk(table, columns, rows, _on_conflict(table, conflict, "DO NOTHING", returning))


def bulk_upsert_adding(table: Table, columns: tuple[str, ...], rows: list[tuple], conflict: tuple[str, ...],
                       counter: str) -> None:
    """Insert many rows (no two with the same `conflict` key); where the key is stored already, add the row's
    `counter` to the stored one. Rows go in key order, so that concurrent upserts never deadlock."""
    rows = sorted(rows, key=lambda row: tuple(row[columns.index(name)] for name in conflict))
    table.c[counter]
    action = f"DO UPDATE SET {counter} = {table.name}.{counter} + excluded.{counter}"
    _bulk(table, columns, rows, _on_conflict(table, conflict, action, None))


def add_counts(table: Table, columns: tuple[str, ...], changes: list[tuple[tuple, int]]) -> None:
    """Moves counters by (key, change) pairs: netted per key (the columns but the last, the counter), each key
    written once, none that nets to zero."""
    net: dict[tuple, int] = defaultdict(int)
    for key, change in changes:
        net[key] += change
    bulk_upsert_adding(table, columns, [(*key, n) for key, n in net.items() if n], columns[:-1], columns[-1])


def _bulk(table: Table, columns: tuple[str, ...], rows: list[tuple], on_conflict: str) -> list:
    """One INSERT of many rows for the hot write path: values go through the columns' own bind processors (what
    SQLAlchemy would store), then to the driver as one statement, a multi-row VALUES on SQLite (split at
    SQLITE_MAX_VARIABLES) and one array per column unnested on PostgreSQL. SQLAlchemy's executemany with RETURNING
    spends ~10 µs per value preparing parameters, and psycopg parses a statement with more than 50 parameters anew
    on every execution."""
    if not rows:
        return []
    dialect = db.engine.dialect
    processors = _processors(table, columns, dialect)
    rows = [tuple(value if process is None else process(value) for process, value in zip(processors, row))
            for row in rows]
    connection = db.session.connection()  # exec_driver_sql: SQLAlchemy still wraps errors and sees the statement
    if dialect.name == "postgresql":
        arrays = tuple(list(values) for values in zip(*rows))
        return _returned(connection.exec_driver_sql(_unnest_sql(table, columns) + on_conflict, arrays))
    stored = []
    per_statement = SQLITE_MAX_VARIABLES // len(columns)
    for first in range(0, len(rows), per_statement):
        chunk = rows[first:first + per_statement]
        values = tuple(value for row in chunk for value in row)
        stored += _returned(connection.exec_driver_sql(_values_sql(table, columns, len(chunk)) + on_conflict, values))
    return stored


def _returned(result) -> list:
    return list(result.scalars()) if result.returns_rows else []


@lru_cache(maxsize=64)
def _processors(table: Table, columns: tuple[str, ...], dialect) -> list:
    return [table.c[name].type.dialect_impl(dialect).bind_processor(dialect) for name in columns]


@lru_cache(maxsize=64)
def _on_conflict(table: Table, conflict: tuple[str, ...], action: str, returning: str | None) -> str:
    for name in (*conflict, *([returning] if returning else [])):
        table.c[name]  # only the table's own column names are ever put into the SQL
    return f" ON CONFLICT ({', '.join(conflict)}) {action}" + (f" RETURNING {returning}" if returning else "")


@lru_cache(maxsize=256)
def _values_sql(table: Table, columns: tuple[str, ...], count: int) -> str:
    row = "(" + ", ".join("?" * len(columns)) + ")"
    return f"INSERT INTO {table.name} ({', '.join(columns)}) VALUES {', '.join([row] * count)}"


@lru_cache(maxsize=64)
def _unnest_sql(table: Table, columns: tuple[str, ...]) -> str:
    arrays = ", ".join(f"%s::{_array_element(table.c[name].type)}[]" for name in columns)
    return f"INSERT INTO {table.name} ({', '.join(columns)}) SELECT * FROM unnest({arrays})"


def _array_element(column_type) -> str:
    """The PostgreSQL type of an array of the column's values; strings as text, so that the INSERT, not a cast,
    refuses one that is too long."""
    impl = column_type.dialect_impl(_POSTGRESQL)
    return "text" if isinstance(impl, String) else impl.compile(_POSTGRESQL)
