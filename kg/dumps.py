"""Streamed dumps of a published generation: N-Quads (gzip) with every named graph, Turtle of the union.

Nothing is written to disk: the dump is produced while it is sent, from the read-only snapshot, in
batches, so memory stays flat however large the store. Turtle may repeat a triple that several
documents state (Turtle readers merge duplicates).
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from itertools import islice

import pyoxigraph as ox

from kg.rdf_formats import PREFIXES

BATCH = 20_000


def _batches(store: ox.Store) -> Iterator[list[ox.Quad]]:
    quads = iter(store.quads_for_pattern(None, None, None, None))
    while batch := list(islice(quads, BATCH)):
        yield batch


def nquads_gzip(store: ox.Store) -> Iterator[bytes]:
    """All quads as gzip-compressed N-Quads."""
    compressor = zlib.compressobj(6, zlib.DEFLATED, 16 + zlib.MAX_WBITS)  # gzip container
    for batch in _batches(store):
        chunk = compressor.compress(ox.serialize(batch, format=ox.RdfFormat.N_QUADS) or b"")
        if chunk:
            yield chunk
    yield compressor.flush()


def turtle(store: ox.Store) -> Iterator[bytes]:
    """The union of all graphs as Turtle (prefixes declared once, then batches of triples)."""
    yield "".join(f"@prefix {p}: <{ns}> .\n" for p, ns in PREFIXES.items()).encode("utf-8") + b"\n"
    for batch in _batches(store):
        triples = [ox.Triple(q.subject, q.predicate, q.object) for q in batch]
        body = ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=PREFIXES) or b""
        # Each batch repeats the prefix lines Oxigraph writes; drop them (declared once above).
        lines = body.split(b"\n")
        start = 0
        while start < len(lines) and lines[start].startswith(b"@prefix "):
            start += 1
        yield b"\n".join(lines[start:]) + b"\n"
