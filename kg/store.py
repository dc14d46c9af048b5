"""The knowledge store: an rdflib ``Dataset`` on Oxigraph (``oxrdflib``), one named graph per document.

SPARQL is evaluated by Oxigraph. There is one writer at a time (an exclusive file lock; a second
writer gets :class:`WriterBusyError`), and readers open the last *published* snapshot
(see :mod:`kg.layout`), so they are never blocked and never see a half-written document.
"""

from __future__ import annotations

import errno
import fcntl
import gc
import os
import re
import shutil
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import IO, Any

import pyoxigraph as ox
from oxrdflib import OxigraphStore
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.query import Result
from rdflib.term import Identifier

from kg.layout import Layout, fsync_dir
from kg.settings import Settings


class StoreError(RuntimeError):
    """The store cannot be used as asked."""


class WriterBusyError(StoreError):
    """Another process is writing to this data directory."""


class _ClosedStore:
    def __getattr__(self, name: str) -> Any:
        raise StoreError("the store is closed")


_CLOSED: Any = _ClosedStore()


class Store:
    """An open store. Use :meth:`open_reader` or :meth:`open_writer`; close it (or use ``with``)."""

    def __init__(
        self,
        ox_store: ox.Store,
        *,
        layout: Layout | None,
        writable: bool,
        generation: int,
        lock: IO[str] | None = None,
    ) -> None:
        self.ox = ox_store
        self.layout = layout
        self.writable = writable
        self.generation = generation
        self._lock = lock
        self._dataset: Dataset | None = None

    # -- opening ---------------------------------------------------------------------------------

    @classmethod
    def open_reader(cls, settings: Settings) -> Store:
        """The published generation, read-only; an empty store when nothing was published yet."""
        layout = Layout(settings.data_path)
        published = layout.published()
        if published is None or not published.snapshot.is_dir():
            return cls(ox.Store(), layout=layout, writable=False, generation=0)
        store = cls.open_snapshot(published.snapshot, published.generation)
        store.layout = layout
        return store

    @classmethod
    def open_snapshot(cls, path: Path, generation: int) -> Store:
        """One snapshot folder, read-only."""
        try:
            return cls(ox.Store.read_only(str(path)), layout=None, writable=False, generation=generation)
        except OSError as exc:
            raise StoreError(f"cannot open snapshot {path}: {exc}") from exc

    @classmethod
    def open_writer(cls, settings: Settings) -> Store:
        """The primary store, read-write, holding the data directory's write lock."""
        layout = Layout(settings.data_path)
        layout.root.mkdir(parents=True, exist_ok=True)
        lock = _acquire_lock(layout.lock)
        try:
            _finish_rebuild(layout)
            store = ox.Store(str(layout.primary))
        except OSError as exc:
            _release_lock(lock)
            raise StoreError(f"cannot open the store at {layout.primary}: {exc}") from exc
        return cls(store, layout=layout, writable=True, generation=layout.last_generation(), lock=lock)

    @classmethod
    def in_memory(cls) -> Store:
        """A temporary writable store (tests, benchmarks)."""
        return cls(ox.Store(), layout=None, writable=True, generation=0)

    def close(self) -> None:
        """Release the store (and the write lock): RocksDB's own lock goes with the last reference."""
        self._dataset = None
        if self._lock is not None:
            self.ox.flush()
            self.ox = _CLOSED
            gc.collect()
            _release_lock(self._lock)
            self._lock = None
        elif self.layout is not None or not self.writable:
            self.ox = _CLOSED

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- reading ---------------------------------------------------------------------------------

    @property
    def dataset(self) -> Dataset:
        """An rdflib view; queries on it run in Oxigraph over the union of all named graphs."""
        if self._dataset is None:
            self._dataset = Dataset(store=OxigraphStore(store=self.ox), default_union=True)
        return self._dataset

    def query(self, query: str, bindings: Mapping[str, Identifier] | None = None) -> Result:
        """Run SPARQL (text, usually from :mod:`kg.sparql`) with values passed as bindings."""
        return self.dataset.query(query, initBindings=dict(bindings or {}))

    def graph_iris(self) -> Iterator[URIRef]:
        for name in self.ox.named_graphs():
            if isinstance(name, ox.NamedNode):
                yield URIRef(name.value)

    def has_graph(self, iri: str) -> bool:
        return bool(self.ox.contains_named_graph(ox.NamedNode(iri)))

    def graph(self, iri: str) -> Graph:
        """A copy of one named graph (in memory)."""
        out = Graph(identifier=URIRef(iri))
        for quad in self.ox.quads_for_pattern(None, None, None, ox.NamedNode(iri)):
            out.add(_from_ox_triple(quad))
        return out

    def triple_count(self) -> int:
        return sum(1 for _ in self.ox.quads_for_pattern(None, None, None, None))

    # -- writing ---------------------------------------------------------------------------------

    def _require_writable(self) -> None:
        if not self.writable:
            raise StoreError("this store was opened read-only")

    def replace_graph(self, iri: str, graph: Graph) -> None:
        """Replace the named graph ``iri`` with ``graph``'s triples in one transaction."""
        self._require_writable()
        name = ox.NamedNode(_checked_iri(iri))
        quads = [_to_ox_quad(triple, name) for triple in graph]
        if self.layout is not None:
            self.layout.mark_unpublished()
        body = ox.serialize(quads, format=ox.RdfFormat.N_QUADS) if quads else b""
        # One SPARQL update = one Oxigraph transaction: readers of the primary see the old or new graph.
        insert = body.decode("utf-8") if isinstance(body, bytes) else str(body)
        update = (
            f"DROP SILENT GRAPH <{iri}> ;\nINSERT DATA {{ {_nquads_to_insert(insert)} }}"
            if quads
            else (f"DROP SILENT GRAPH <{iri}>")
        )
        self.ox.update(update)

    def drop_graph(self, iri: str) -> None:
        self._require_writable()
        if self.layout is not None:
            self.layout.mark_unpublished()
        self.ox.update(f"DROP SILENT GRAPH <{_checked_iri(iri)}>")

    def rebuild(self) -> int:
        """Copy every quad into a fresh primary store and swap it in; returns the number of quads.

        Oxigraph never deletes a string from its dictionary (nor old records from its write-ahead log)
        when triples are removed, so after ``forget`` the removed names would stay in the files as
        unreferenced bytes. The copy holds only what is stored now. Crash-safe: the copy is marked
        complete before the swap, and the next writer finishes an interrupted swap (:func:`_finish_rebuild`).
        """
        self._require_writable()
        if self.layout is None:
            raise StoreError("an in-memory store has no files to rebuild")
        layout = self.layout
        fresh_dir, done, _ = _rebuild_paths(layout)
        shutil.rmtree(fresh_dir, ignore_errors=True)
        done.unlink(missing_ok=True)
        fresh = ox.Store(str(fresh_dir))
        fresh.bulk_extend(self.ox.quads_for_pattern(None, None, None, None))
        fresh.flush()
        fresh.optimize()
        count = sum(1 for _ in fresh.quads_for_pattern(None, None, None, None))
        del fresh
        self._dataset = None
        self.ox.flush()
        self.ox = _CLOSED
        gc.collect()  # RocksDB closes both stores with their last references
        done.touch()
        fsync_dir(layout.root)
        _finish_rebuild(layout)
        self.ox = ox.Store(str(layout.primary))
        return count

    def snapshot(self, target: Path) -> None:
        """Write a consistent read-only checkpoint of the primary store to ``target``."""
        self._require_writable()
        self.ox.flush()
        self.ox.backup(str(target))
        fsync_dir(target.parent)


def _rebuild_paths(layout: Layout) -> tuple[Path, Path, Path]:
    root = layout.root
    return root / "primary.rebuild", root / "primary.rebuild.done", root / "primary.old"


def _finish_rebuild(layout: Layout) -> None:
    """Complete (or discard) a :meth:`Store.rebuild` that stopped part-way; a no-op normally."""
    fresh_dir, done, old_dir = _rebuild_paths(layout)
    if done.exists() and fresh_dir.is_dir():  # the copy is complete: it becomes the primary store
        if layout.primary.exists():
            shutil.rmtree(old_dir, ignore_errors=True)
            os.replace(layout.primary, old_dir)
        os.replace(fresh_dir, layout.primary)
        fsync_dir(layout.root)
        done.unlink()
        fsync_dir(layout.root)
    elif fresh_dir.exists():  # the copy never completed: the primary store is untouched
        shutil.rmtree(fresh_dir, ignore_errors=True)
        done.unlink(missing_ok=True)
    if not layout.primary.exists() and old_dir.is_dir():  # stopped between the two renames
        os.replace(old_dir, layout.primary)
        fsync_dir(layout.root)
    shutil.rmtree(old_dir, ignore_errors=True)


_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")


def checked_iri(iri: str) -> str:
    """``iri`` when it can name a graph (absolute, no characters an IRI may not hold); else StoreError."""
    return _checked_iri(iri)


def _checked_iri(iri: str) -> str:
    if any(c in iri for c in '<>"{}|^`\\ \n\r\t') or not _SCHEME.match(iri):
        raise StoreError(f"not a valid IRI for a graph name: {iri!r}")
    return iri


def _nquads_to_insert(nquads: str) -> str:
    """N-Quads lines → SPARQL ``GRAPH <g> { s p o . }`` blocks (N-Quads terms are valid SPARQL terms)."""
    by_graph: dict[str, list[str]] = {}
    for line in nquads.split("\n"):  # not splitlines(): U+2028 and friends may stand inside literals
        line = line.strip()
        if not line:
            continue
        assert line.endswith(" .")
        body = line[:-2].rstrip()
        graph_start = body.rfind(" <")
        graph = body[graph_start + 1 :]
        by_graph.setdefault(graph, []).append(body[:graph_start] + " .")
    return "\n".join(f"GRAPH {g} {{\n" + "\n".join(lines) + "\n}" for g, lines in by_graph.items())


def _to_ox_term(term: Any) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise StoreError(f"cannot store term {term!r}")


def _to_ox_quad(triple: tuple[Any, Any, Any], graph: ox.NamedNode) -> ox.Quad:
    s, p, o = (_to_ox_term(t) for t in triple)
    if isinstance(s, ox.Literal) or not isinstance(p, ox.NamedNode):
        raise StoreError(f"not a valid triple: {triple!r}")
    return ox.Quad(s, p, o, graph)


def _from_ox_term(term: Any) -> Any:
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        return Literal(term.value, datatype=URIRef(term.datatype.value))
    raise StoreError(f"unsupported term {term!r}")


def _from_ox_triple(quad: ox.Quad) -> tuple[Any, Any, Any]:
    return (_from_ox_term(quad.subject), _from_ox_term(quad.predicate), _from_ox_term(quad.object))


def _acquire_lock(path: Path) -> IO[str]:
    handle = open(path, "a+", encoding="utf-8")  # noqa: SIM115 - held until close()
    try:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError as exc:
        if exc.errno not in (errno.EAGAIN, errno.EACCES):
            handle.close()
            raise
        handle.seek(0)
        holder = handle.read().strip() or "unknown"
        handle.close()
        raise WriterBusyError(
            f"another writer (pid {holder}) is using {path.parent}; wait for it to finish and try again"
        ) from None
    handle.seek(0)
    handle.truncate()
    handle.write(str(os.getpid()))
    handle.flush()
    return handle


def _release_lock(handle: IO[str]) -> None:
    try:
        handle.seek(0)
        handle.truncate()
        fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
    finally:
        handle.close()
