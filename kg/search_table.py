"""The chunk table of one generation (``{index_dir}/chunks.sqlite``).

It records every chunk (id, entity, seq, lang, text, its lexical terms and its embedding-cache key),
which documents produced it (``chunk_docs``: the same text of the same entity from two documents is
one chunk with two rows there), the catalogue of entities (filters, facets, result fields) and the
concepts (tag labels in every language). The vector and lexical indexes of the generation hold
exactly the ids of ``chunks``; loaders check that and rebuild from this table when they disagree.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import asdict
from pathlib import Path

from kg.chunking import Chunk
from kg.search_corpus import Concept, EntityFacts

SCHEMA_VERSION = "1"

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS chunks (
    id INTEGER PRIMARY KEY,
    entity TEXT NOT NULL,
    seq INTEGER NOT NULL,
    lang TEXT,
    text TEXT NOT NULL,
    terms TEXT NOT NULL,
    key TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS chunks_entity ON chunks(entity);
CREATE INDEX IF NOT EXISTS chunks_key ON chunks(key);
CREATE TABLE IF NOT EXISTS chunk_docs (doc TEXT NOT NULL, id INTEGER NOT NULL, PRIMARY KEY (doc, id));
CREATE INDEX IF NOT EXISTS chunk_docs_id ON chunk_docs(id);
CREATE TABLE IF NOT EXISTS entities (iri TEXT PRIMARY KEY, kind TEXT NOT NULL, data TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS concepts (iri TEXT PRIMARY KEY, data TEXT NOT NULL);
"""


class ChunkTable:
    def __init__(self, path: Path, *, readonly: bool = False) -> None:
        self.path = path
        if readonly:
            self._db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
        else:
            self._db = sqlite3.connect(path, check_same_thread=False)
            self._db.execute("PRAGMA journal_mode=DELETE")
            self._db.executescript(SCHEMA)

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> ChunkTable:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def commit(self) -> None:
        self._db.commit()

    # -- meta ----------------------------------------------------------------------------------------

    def meta(self) -> dict[str, str]:
        return {str(k): str(v) for k, v in self._db.execute("SELECT key, value FROM meta")}

    def set_meta(self, **values: object) -> None:
        self._db.executemany(
            "INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)", [(k, str(v)) for k, v in values.items()]
        )

    # -- chunks --------------------------------------------------------------------------------------

    def count(self) -> int:
        return int(self._db.execute("SELECT COUNT(*) FROM chunks").fetchone()[0])

    def ids(self) -> list[int]:
        return [int(r[0]) for r in self._db.execute("SELECT id FROM chunks ORDER BY id")]

    def has(self, chunk_id: int) -> bool:
        return self._db.execute("SELECT 1 FROM chunks WHERE id = ?", (chunk_id,)).fetchone() is not None

    def add(
        self, doc: str, chunks: Sequence[Chunk], terms: Sequence[Sequence[str]], keys: Sequence[str]
    ) -> None:
        self._db.executemany(
            "INSERT OR IGNORE INTO chunks(id, entity, seq, lang, text, terms, key) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            [
                (c.id, c.entity, c.seq, c.lang, c.text, " ".join(t), k)
                for c, t, k in zip(chunks, terms, keys, strict=True)
            ],
        )
        self._db.executemany(
            "INSERT OR IGNORE INTO chunk_docs(doc, id) VALUES (?, ?)", [(doc, c.id) for c in chunks]
        )

    def forget_docs(self, docs: Iterable[str]) -> None:
        """Drop the rows that say ``docs`` produced chunks (chunks themselves stay until orphaned)."""
        self._db.executemany("DELETE FROM chunk_docs WHERE doc = ?", [(d,) for d in docs])

    def remove_orphans(self) -> list[tuple[int, str]]:
        """Delete chunks no document produces any more; returns their (id, cache key)."""
        rows = [
            (int(i), str(k))
            for i, k in self._db.execute(
                "SELECT id, key FROM chunks WHERE id NOT IN (SELECT id FROM chunk_docs)"
            )
        ]
        self._db.executemany("DELETE FROM chunks WHERE id = ?", [(i,) for i, _ in rows])
        return rows

    def keys_in_use(self, keys: Iterable[str]) -> set[str]:
        out: set[str] = set()
        for key in keys:
            if self._db.execute("SELECT 1 FROM chunks WHERE key = ? LIMIT 1", (key,)).fetchone():
                out.add(key)
        return out

    def id_entities(self) -> tuple[list[int], list[str]]:
        """Chunk ids (ascending) and their entities."""
        ids: list[int] = []
        entities: list[str] = []
        for i, e in self._db.execute("SELECT id, entity FROM chunks ORDER BY id"):
            ids.append(int(i))
            entities.append(str(e))
        return ids, entities

    def languages(self) -> set[str | None]:
        return {row[0] for row in self._db.execute("SELECT DISTINCT lang FROM chunks")}

    def rows(self) -> Iterator[tuple[int, str, str | None, str, str, str]]:
        """(id, entity, lang, text, terms, key) of every chunk, by id."""
        for row in self._db.execute("SELECT id, entity, lang, text, terms, key FROM chunks ORDER BY id"):
            yield int(row[0]), str(row[1]), row[2], str(row[3]), str(row[4]), str(row[5])

    def texts(self, ids: Sequence[int]) -> dict[int, tuple[str, str, str | None]]:
        """id → (entity, text, lang) for ``ids``."""
        out: dict[int, tuple[str, str, str | None]] = {}
        for start in range(0, len(ids), 500):
            part = [int(i) for i in ids[start : start + 500]]
            marks = ",".join("?" * len(part))
            query = f"SELECT id, entity, text, lang FROM chunks WHERE id IN ({marks})"  # noqa: S608 - marks only
            for i, entity, text, lang in self._db.execute(query, part):
                out[int(i)] = (str(entity), str(text), lang)
        return out

    def entity_chunks(self, entity: str) -> list[tuple[int, int, str]]:
        """(id, seq, text) of an entity's chunks."""
        return [
            (int(i), int(s), str(t))
            for i, s, t in self._db.execute(
                "SELECT id, seq, text FROM chunks WHERE entity = ? ORDER BY seq, id", (entity,)
            )
        ]

    def docs_by_entity(self) -> dict[str, dict[str, int]]:
        """entity → {document → total characters of its chunks from that document}."""
        out: dict[str, dict[str, int]] = {}
        query = (
            "SELECT c.entity, d.doc, SUM(LENGTH(c.text)) FROM chunks c JOIN chunk_docs d ON c.id = d.id "
            "GROUP BY c.entity, d.doc"
        )
        for entity, doc, size in self._db.execute(query):
            out.setdefault(str(entity), {})[str(doc)] = int(size)
        return out

    # -- catalogue and concepts -----------------------------------------------------------------------

    def replace_entities(self, rows: Iterable[tuple[EntityFacts, dict[str, object]]]) -> None:
        self._db.execute("DELETE FROM entities")
        self._db.executemany(
            "INSERT INTO entities(iri, kind, data) VALUES (?, ?, ?)",
            [(f.iri, f.kind, json.dumps(extra, ensure_ascii=False)) for f, extra in rows],
        )

    def entities(self) -> Iterator[tuple[str, str, dict[str, object]]]:
        for iri, kind, data in self._db.execute("SELECT iri, kind, data FROM entities ORDER BY iri"):
            yield str(iri), str(kind), json.loads(data)

    def replace_concepts(self, items: Iterable[Concept]) -> None:
        self._db.execute("DELETE FROM concepts")
        rows = []
        for concept in items:
            data = asdict(concept)
            for key in ("notations", "schemes", "exact", "broader"):
                data[key] = sorted(data[key])
            rows.append((concept.iri, json.dumps(data, ensure_ascii=False)))
        self._db.executemany("INSERT INTO concepts(iri, data) VALUES (?, ?)", rows)

    def concepts(self) -> Iterator[Concept]:
        for (data,) in self._db.execute("SELECT data FROM concepts ORDER BY iri"):
            raw = json.loads(data)
            yield Concept(
                iri=raw["iri"],
                labels=[(t, lang, bool(pref)) for t, lang, pref in raw["labels"]],
                notations=set(raw["notations"]),
                schemes=set(raw["schemes"]),
                exact=set(raw["exact"]),
                broader=set(raw["broader"]),
            )
