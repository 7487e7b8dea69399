"""Migrations build the whole schema from an empty database, and the models never drift from them."""
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from server.extensions import db
from server.services.kb_search import is_search_index
from server.services.partitions import compared


def test_migrated_schema_matches_the_models(app):
    with db.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={
            "compare_type": True,
            # the search indexes (FTS5 tables, triggers, expression indexes) live only in migrations
            "include_name": lambda name, type_, parents: not is_search_index(name or ""),
            "include_object": compared,  # PostgreSQL's event partitions, and their unique key with the time
        })
        assert compare_metadata(context, db.metadata) == []


def test_migrations_create_every_table_and_constraint(app):
    inspector = inspect(db.engine)
    assert set(db.metadata.tables) <= set(inspector.get_table_names())
    uniques = {tuple(u["column_names"]) for u in inspector.get_unique_constraints("events")}
    partitioned = db.engine.dialect.name == "postgresql"  # its unique keys hold the partition key
    assert (("end_user_id", "client_id", "client_ts") if partitioned else ("end_user_id", "client_id")) in uniques
