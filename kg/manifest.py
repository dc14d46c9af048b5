"""The ingest manifest: one row per source document (source, content hash, graph IRI, status, time).

SQLite in WAL mode, so readers are never blocked by the writer. The manifest says which version of
each document is stored; the store holds the same hash on the document node, so
``civicgraph check`` can tell whether they agree after a crash.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS documents (
    iri TEXT PRIMARY KEY,
    source TEXT NOT NULL,
    source_url TEXT,
    file_name TEXT,
    kind TEXT,
    language TEXT,
    mapping TEXT,
    content_hash TEXT NOT NULL,
    status TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    generation INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS documents_source ON documents(source);
CREATE TABLE IF NOT EXISTS events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL,
    input TEXT NOT NULL,
    document TEXT,
    outcome TEXT NOT NULL,
    reason TEXT
);
"""


@dataclass(frozen=True)
class DocumentRow:
    iri: str
    source: str
    source_url: str | None
    file_name: str | None
    kind: str | None
    language: str | None
    mapping: str | None
    content_hash: str
    status: str
    updated_at: str
    generation: int = 0


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class Manifest:
    def __init__(self, path: Path, *, readonly: bool = False) -> None:
        self.path = path
        if readonly:
            if not path.exists():
                self._db = sqlite3.connect(":memory:", check_same_thread=False)
                self._db.executescript(SCHEMA)
            else:
                self._db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(path, check_same_thread=False)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=FULL")
            self._db.executescript(SCHEMA)
        self._db.row_factory = sqlite3.Row

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> Manifest:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- meta -------------------------------------------------------------------------------------

    def get_meta(self, key: str) -> str | None:
        row = self._db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row["value"])

    def set_meta(self, key: str, value: str) -> None:
        with self._db:
            self._db.execute("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)", (key, value))

    # -- documents ----------------------------------------------------------------------------------

    def get(self, iri: str) -> DocumentRow | None:
        row = self._db.execute("SELECT * FROM documents WHERE iri = ?", (iri,)).fetchone()
        return None if row is None else DocumentRow(**dict(row))

    def documents(self) -> Iterator[DocumentRow]:
        for row in self._db.execute("SELECT * FROM documents ORDER BY iri"):
            yield DocumentRow(**dict(row))

    def count(self) -> int:
        return int(self._db.execute("SELECT COUNT(*) FROM documents").fetchone()[0])

    def upsert(self, row: DocumentRow) -> None:
        with self._db:
            self._db.execute(
                "INSERT OR REPLACE INTO documents VALUES (:iri, :source, :source_url, :file_name, :kind, "
                ":language, :mapping, :content_hash, :status, :updated_at, :generation)",
                row.__dict__,
            )

    def delete(self, iri: str) -> None:
        with self._db:
            self._db.execute("DELETE FROM documents WHERE iri = ?", (iri,))

    def log(
        self, input_name: str, outcome: str, *, document: str | None = None, reason: str | None = None
    ) -> None:
        with self._db:
            self._db.execute(
                "INSERT INTO events(at, input, document, outcome, reason) VALUES (?, ?, ?, ?, ?)",
                (now(), input_name, document, outcome, reason),
            )
