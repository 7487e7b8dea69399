"""Dialect-aware SQL pieces that SQLite and PostgreSQL spell differently."""
from sqlalchemy.dialects import postgresql, sqlite

from ..extensions import db


def insert_ignoring_conflicts(table, index_elements: list[str]):
    """INSERT … ON CONFLICT (index_elements) DO NOTHING for the bound database."""
    dialect = postgresql if db.engine.dialect.name == "postgresql" else sqlite
    return dialect.insert(table).on_conflict_do_nothing(index_elements=index_elements)
