"""Database structures written once per dialect: full-text indexes and their triggers.

SQLite and PostgreSQL index text in different ways (an FTS5 virtual table
kept in step by triggers; a ``tsvector`` column with a GIN index), so a
plugin that searches text writes each structure twice and its migration
runs the statements of the database it finds.  Shared by the FAQ's and the
requests' indexes, so both refuse another database the same way.
"""
from __future__ import annotations

import dataclasses


class UnsupportedDatabase(RuntimeError):
    """Full-text search is written for SQLite (with FTS5) and PostgreSQL only."""


@dataclasses.dataclass(frozen=True)
class DialectScript:
    """The statements that add a search structure (and take it away) on each database."""

    sqlite_install: list[str]
    sqlite_uninstall: list[str]
    postgresql_install: list[str]
    postgresql_uninstall: list[str]

    def statements(self, dialect_name: str, install: bool) -> list[str]:
        if dialect_name == "sqlite":
            return self.sqlite_install if install else self.sqlite_uninstall
        if dialect_name == "postgresql":
            return self.postgresql_install if install else self.postgresql_uninstall
        raise UnsupportedDatabase(f"no full-text search for the {dialect_name!r} database")

    def install(self, connection) -> None:
        """Create the structure (and fill it from the rows already there)."""
        for statement in self.statements(connection.dialect.name, True):
            connection.exec_driver_sql(statement)

    def uninstall(self, connection) -> None:
        for statement in self.statements(connection.dialect.name, False):
            connection.exec_driver_sql(statement)
