"""``civicgraph check [--repair]``: the store, the manifest and the indexes agree.

Invariants:

1. Every manifest row marked ``stored`` has its graph in the primary store, whose document node carries
   the same content hash; every document graph in the primary store has a manifest row.
2. The published generation's snapshot and index folders exist, and the indexes agree with the
   snapshot (counts and ids — checked by the index modules' ``verify`` functions).
3. Nothing is pending: the manifest's generation is the published one, and no ``UNPUBLISHED`` marker
   is left (a writer sets it before its first change and publishing removes it, so a crash between a
   write and the publish is found even when no content hash changed, e.g. in ``forget``).

``--repair`` makes the manifest follow the store (a graph write is atomic and carries its hash, so
the store is the authority), then publishes a generation with indexes rebuilt from the store.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from kg import sparql
from kg.layout import DamagedCurrentError, Layout
from kg.manifest import DocumentRow, Manifest, now
from kg.publish import IndexBuilder, default_builders, publish
from kg.settings import Settings
from kg.store import Store

#: Index verifiers: (snapshot store, index folder) → list of problems. Filled by kg.indexing.
IndexVerifier = Callable[[Store, Path], list[str]]


@dataclass
class CheckReport:
    problems: list[str] = field(default_factory=list)
    repaired: list[str] = field(default_factory=list)
    documents: int = 0
    generation: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems

    def render(self) -> str:
        lines = [f"generation {self.generation}, {self.documents} documents"]
        lines += [f"PROBLEM {p}" for p in self.problems]
        lines += [f"repaired {r}" for r in self.repaired]
        lines.append(
            "OK: store, manifest and indexes agree" if self.ok else f"{len(self.problems)} problem(s)"
        )
        return "\n".join(lines)


def _store_hashes(store: Store) -> dict[str, tuple[str, str | None]]:
    out: dict[str, tuple[str, str | None]] = {}
    for row in sparql.rows(store, "document_hashes"):
        source = row.get("source")
        out[str(row["doc"])] = (str(row["hash"]), None if source is None else str(source))
    return out


def _default_verifiers() -> list[IndexVerifier]:
    try:
        from kg.indexing import VERIFIERS
    except ImportError:
        return []
    return list(VERIFIERS)


def check(
    settings: Settings,
    *,
    repair: bool = False,
    builders: Sequence[IndexBuilder] | None = None,
    verifiers: Sequence[IndexVerifier] | None = None,
) -> CheckReport:
    """Check (and optionally repair) one data directory. Takes the write lock."""
    report = CheckReport()
    layout = Layout(settings.data_path)
    with Store.open_writer(settings) as writer, Manifest(layout.manifest) as manifest:
        stored = _store_hashes(writer)
        rows = {row.iri: row for row in manifest.documents() if row.status == "stored"}
        report.documents = len(rows)
        for iri, row in rows.items():
            if iri not in stored:
                report.problems.append(f"{iri}: in the manifest but its graph is missing from the store")
                if repair:
                    manifest.delete(iri)
                    report.repaired.append(
                        f"{iri}: manifest row removed (re-ingest {row.source} to restore it)"
                    )
            elif stored[iri][0] != row.content_hash:
                report.problems.append(f"{iri}: the store holds another version than the manifest records")
                if repair:
                    manifest.upsert(
                        DocumentRow(**{**row.__dict__, "content_hash": stored[iri][0], "updated_at": now()})
                    )
                    report.repaired.append(f"{iri}: manifest now records the stored version")
        for iri, (digest, source) in stored.items():
            if iri not in rows:
                report.problems.append(f"{iri}: graph in the store without a manifest row")
                if repair:
                    manifest.upsert(
                        DocumentRow(
                            iri, source or iri, source, None, None, None, None, digest, "stored", now()
                        )
                    )
                    report.repaired.append(f"{iri}: manifest row recreated from the store")

        try:
            published = layout.published()
        except DamagedCurrentError as exc:
            report.problems.append(str(exc))
            published = None
        report.generation = published.generation if published else 0
        if layout.unpublished.exists():
            report.problems.append("the store holds changes no generation published (a writer stopped early)")
        pending = manifest.get_meta("generation")
        if published is None:
            if (rows or stored) and not layout.current.exists():
                report.problems.append("nothing is published yet although documents are stored")
        else:
            if not published.snapshot.is_dir():
                report.problems.append(f"snapshot {published.snapshot} is missing")
            if not published.indexes.is_dir():
                report.problems.append(f"index folder {published.indexes} is missing")
            if pending is not None and int(pending) != published.generation:
                report.problems.append(
                    f"manifest generation {pending} differs from published {published.generation}"
                )
            if published.snapshot.is_dir() and published.indexes.is_dir():
                snapshot = Store.open_snapshot(published.snapshot, published.generation)
                try:
                    snap_hashes = _store_hashes(snapshot)
                    if {k: v[0] for k, v in snap_hashes.items()} != {k: v[0] for k, v in stored.items()}:
                        report.problems.append("the published snapshot lags the store (unpublished changes)")
                    for verify in verifiers if verifiers is not None else _default_verifiers():
                        report.problems.extend(verify(snapshot, published.indexes))
                finally:
                    snapshot.close()

        if repair and report.problems:
            generation = publish(
                writer,
                manifest,
                settings,
                builders=list(builders) if builders is not None else default_builders(),
                rebuild=True,
            )
            report.repaired.append(f"published generation {generation} with indexes rebuilt from the store")
            report.generation = generation
    return report
