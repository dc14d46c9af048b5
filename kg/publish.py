"""Publishing a generation: snapshot the primary store, build derived indexes, then flip CURRENT.

Order matters for crash safety: the snapshot and the indexes are written into ``*.tmp`` folders and
renamed into place; ``CURRENT`` is replaced last. A crash at any point leaves readers on the previous
generation, whose snapshot and indexes agree with each other. Leftovers are removed by the next
publish (see :meth:`kg.layout.Layout.collect_garbage`).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from kg.layout import DamagedCurrentError, Layout, fsync_dir
from kg.manifest import Manifest
from kg.settings import Settings
from kg.store import Store, StoreError


@dataclass
class IndexJob:
    """What an index builder gets: the new snapshot (read-only), where to write, what changed."""

    settings: Settings
    store: Store  # the new generation's snapshot, opened read-only
    manifest: Manifest
    generation: int
    out_dir: Path
    previous_dir: Path | None
    changed: set[str] = field(default_factory=set)  # document IRIs added or replaced
    removed: set[str] = field(default_factory=set)  # document IRIs removed


IndexBuilder = Callable[[IndexJob], object]


def fault(settings: Settings, point: str) -> None:
    """Testing hook: die abruptly (as ``kill -9`` would) when ``CIVICGRAPH_FAULT_POINT`` names ``point``."""
    if settings.fault_point == point:
        os._exit(137)


def publish(
    writer: Store,
    manifest: Manifest,
    settings: Settings,
    *,
    builders: Sequence[IndexBuilder] = (),
    changed: set[str] | None = None,
    removed: set[str] | None = None,
    rebuild: bool = False,
) -> int:
    """Publish the writer's current state as a new generation; returns its number."""
    if writer.layout is None:
        raise StoreError("an in-memory store cannot be published")
    layout: Layout = writer.layout
    layout.collect_garbage()
    try:
        previous = layout.published()
    except DamagedCurrentError:  # publishing anew is the repair; nothing to build on incrementally
        previous, rebuild = None, True
    generation = layout.last_generation() + 1

    snapshot_tmp = layout.snapshot_dir(generation).with_suffix(".tmp")
    shutil.rmtree(snapshot_tmp, ignore_errors=True)
    layout.snapshots.mkdir(parents=True, exist_ok=True)
    writer.snapshot(snapshot_tmp)
    os.replace(snapshot_tmp, layout.snapshot_dir(generation))
    fsync_dir(layout.snapshots)
    fault(settings, "after-snapshot")

    index_tmp = layout.index_dir(generation).with_suffix(".tmp")
    shutil.rmtree(index_tmp, ignore_errors=True)
    index_tmp.mkdir(parents=True)
    previous_dir = None if rebuild or previous is None else previous.indexes
    if previous_dir is not None and not previous_dir.is_dir():
        previous_dir = None
    reader = Store.open_snapshot(layout.snapshot_dir(generation), generation)
    try:
        job = IndexJob(
            settings=settings,
            store=reader,
            manifest=manifest,
            generation=generation,
            out_dir=index_tmp,
            previous_dir=previous_dir,
            changed=set(changed or ()),
            removed=set(removed or ()),
        )
        for build in builders:
            build(job)
    finally:
        reader.close()
    fsync_dir(index_tmp)
    os.replace(index_tmp, layout.index_dir(generation))
    fsync_dir(layout.indexes)
    fault(settings, "before-current")

    manifest.set_meta("generation", str(generation))
    layout.write_current(generation)
    layout.clear_unpublished()  # the snapshot holds every change made before this publish
    layout.collect_garbage()
    return generation


def default_builders() -> list[IndexBuilder]:
    """The derived indexes built at each publish (vectors and lexical; none when kg.indexing's
    dependencies are missing)."""
    try:
        from kg.indexing import BUILDERS
    except ImportError:
        return []
    return list(BUILDERS)
