"""Where things live in the data directory, and which generation readers should use.

::

    {data_dir}/write.lock          held (flock) by the one writer
    {data_dir}/primary/            the Oxigraph store the writer changes
    {data_dir}/snapshots/{gen}/    read-only checkpoints of ``primary`` (hard links: cheap)
    {data_dir}/indexes/{gen}/      derived indexes (vectors, lexical) built for that snapshot
    {data_dir}/manifest.sqlite     the ingest manifest (documents, status, hashes)
    {data_dir}/CURRENT             JSON naming the published generation
    {data_dir}/UNPUBLISHED         present from a writer's first change until it publishes

Readers open the snapshot and the indexes that ``CURRENT`` names, so they always see one consistent
generation and are never blocked by a writer. A writer publishes a new generation by writing the
snapshot and the indexes first and replacing ``CURRENT`` last (write, fsync, rename).
"""

from __future__ import annotations

import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

KEEP_GENERATIONS = 3


class DamagedCurrentError(RuntimeError):
    """``CURRENT`` exists but cannot be read as a generation number."""


@dataclass(frozen=True)
class Published:
    generation: int
    snapshot: Path
    indexes: Path


@dataclass(frozen=True)
class Layout:
    root: Path

    @property
    def lock(self) -> Path:
        return self.root / "write.lock"

    @property
    def primary(self) -> Path:
        return self.root / "primary"

    @property
    def snapshots(self) -> Path:
        return self.root / "snapshots"

    @property
    def indexes(self) -> Path:
        return self.root / "indexes"

    @property
    def manifest(self) -> Path:
        return self.root / "manifest.sqlite"

    @property
    def current(self) -> Path:
        return self.root / "CURRENT"

    @property
    def unpublished(self) -> Path:
        """Present while the primary store holds changes that no generation has published yet."""
        return self.root / "UNPUBLISHED"

    def mark_unpublished(self) -> None:
        """Record (durably, before the change is made) that the primary store is about to change."""
        if not self.unpublished.exists():
            self.unpublished.touch()
            fsync_dir(self.root)

    def clear_unpublished(self) -> None:
        if self.unpublished.exists():
            self.unpublished.unlink()
            fsync_dir(self.root)

    def snapshot_dir(self, generation: int) -> Path:
        return self.snapshots / f"{generation:08d}"

    def index_dir(self, generation: int) -> Path:
        return self.indexes / f"{generation:08d}"

    def published(self) -> Published | None:
        """The generation readers should use, or None before the first publish."""
        try:
            raw = json.loads(self.current.read_text(encoding="utf-8"))
            generation = int(raw["generation"])
        except FileNotFoundError:
            return None
        except (ValueError, KeyError, TypeError) as exc:
            raise DamagedCurrentError(
                f"{self.current} is damaged ({exc}); run `civicgraph check --repair`"
            ) from None
        return Published(generation, self.snapshot_dir(generation), self.index_dir(generation))

    def last_generation(self) -> int:
        """The newest generation a writer must build on: the published one, or, when ``CURRENT`` is
        damaged, the newest complete snapshot on disk (so a writer can repair by publishing anew)."""
        try:
            published = self.published()
        except DamagedCurrentError:
            numbers = [int(p.name) for p in self.snapshots.glob("*") if p.name.isdigit() and p.is_dir()]
            return max(numbers, default=0)
        return published.generation if published else 0

    def write_current(self, generation: int) -> None:
        payload = json.dumps({"generation": generation}).encode("utf-8")
        atomic_write(self.current, payload)

    def collect_garbage(self, keep: int = KEEP_GENERATIONS) -> None:
        """Remove all but the newest ``keep`` generations (and leftovers of interrupted publishes)."""
        newest = self.last_generation()
        for parent in (self.snapshots, self.indexes):
            if not parent.is_dir():
                continue
            for child in parent.iterdir():
                name = child.name
                stale_tmp = name.endswith(".tmp")
                old = name.isdigit() and int(name) <= newest - keep
                future = name.isdigit() and int(name) > newest  # a publish that never completed
                if stale_tmp or old or future:
                    shutil.rmtree(child, ignore_errors=True)


def atomic_write(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so that readers see the old or the new content, never a mix."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, path)
    fsync_dir(path.parent)


def fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
