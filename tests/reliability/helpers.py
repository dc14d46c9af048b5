"""Shared by the reliability tests: fictional inputs, the CLI in a subprocess, and what readers see.

Every name, place and address here is invented. Two versions of a small export of good practices
differ in every fact that carries text (title and description say ``alpha``/``alphawaste`` in
version 0 and ``omega``/``omegawaste`` in version 1), so a reader that shows a practice's title
from one version and its description, chunk or search snippet from the other has seen a mix.
"""

from __future__ import annotations

import csv
import os
import re
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from kg import settings as settings_mod
from kg.layout import Layout
from kg.manifest import Manifest
from kg.settings import Settings
from kg.store import Store

REPO = Path(__file__).resolve().parents[2]
MODEL = "hashing:64"
MARKERS = ("alpha", "omega")
_VERSION = re.compile(r"\b(alpha|omega)(?:waste)?\b")
CG = "https://w3id.org/civicgraph/ns#"
CE_COLUMNS = (
    "Title",
    "Description",
    "Link",
    "Organisation",
    "Type of Organisation",
    "Country",
    "Language",
    "Key Area",
    "Sector",
    "Scope",
)


def make_settings(data_dir: Path, **overrides: object) -> Settings:
    """Settings on ``data_dir`` with the deterministic encoder (nothing from the environment)."""
    return settings_mod.load({}, data_dir=str(data_dir), model=MODEL, **overrides)


def cli_env(data_dir: Path, **settings: str) -> dict[str, str]:
    """The environment of a ``civicgraph`` subprocess: this data dir, the fast encoder, offline."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("CIVICGRAPH_")}
    env.update(
        CIVICGRAPH_DATA_DIR=str(data_dir),
        CIVICGRAPH_MODEL=MODEL,
        HF_HUB_OFFLINE="1",
        TRANSFORMERS_OFFLINE="1",
        PYTHONPATH=str(REPO),
    )
    env.update({f"CIVICGRAPH_{name.upper()}": value for name, value in settings.items()})
    return env


def run_cli(
    data_dir: Path, *args: str, timeout: float = 180, **settings: str
) -> subprocess.CompletedProcess[str]:
    """``civicgraph ARGS`` in a fresh process (as a user or a supervisor would run it)."""
    return subprocess.run(
        [sys.executable, "-m", "search_app.cli", *args],
        cwd=REPO,
        env=cli_env(data_dir, **settings),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def practice_url(number: int) -> str:
    return f"https://example.org/good-practices/reliability-{number}"


def write_practices(path: Path, version: int, count: int = 12, *, contact: str = "") -> Path:
    """An export in the column layout of the CE good-practices CSV, every record marked ``version``
    (``contact``: a sentence naming someone, added to every description)."""
    marker = MARKERS[version]
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=CE_COLUMNS)
        writer.writeheader()
        for number in range(count):
            writer.writerow(
                {
                    "Title": f"Reliability practice {number} {marker}",
                    "Description": f"Residents of Testvale district {number} sort {marker}waste "
                    f"into separate bins; the {marker} scheme is run by volunteers."
                    + (f" Ask {contact} for a place." if contact else ""),
                    "Link": practice_url(number),
                    "Organisation": "Testvale Municipality",
                    "Type of Organisation": "Local authority",
                    "Country": "Sweden",
                    "Language": "English",
                    "Key Area": "Waste management",
                    "Sector": "Repair",
                    "Scope": "Cities",
                }
            )
    return path


def version_of(text: str) -> set[int]:
    """The versions whose marker words ``text`` holds (empty: none)."""
    return {MARKERS.index(m.group(1)) for m in _VERSION.finditer(text)}


@dataclass
class Served:
    """What a reader of the published generation sees of each practice, by where it looked."""

    generation: int
    seen: dict[str, dict[str, set[int]]] = field(default_factory=dict)

    def add(self, entity: str, where: str, text: str) -> None:
        self.seen.setdefault(entity, {}).setdefault(where, set()).update(version_of(text))

    def mixes(self) -> list[str]:
        """Practices shown in more than one version (anywhere), or with a fact in no version."""
        out = []
        for entity, places in sorted(self.seen.items()):
            union = set().union(*places.values())
            if len(union) != 1 or any(not v for v in places.values()):
                out.append(f"{entity}: {places}")
        return out

    def versions(self) -> dict[str, int]:
        return {e: next(iter(set().union(*p.values()))) for e, p in self.seen.items() if not self.mixes()}


PRACTICE_FACTS = """
SELECT ?practice ?title ?description WHERE {
  ?practice a <https://w3id.org/civicgraph/ns#GoodPractice> ;
            <http://purl.org/dc/terms/title> ?title ;
            <http://purl.org/dc/terms/description> ?description .
}
"""


def served(settings: Settings) -> Served:
    """The published generation as readers see it: snapshot facts, index chunks and search hits."""
    from kg.live import LiveView
    from kg.search import parse_request, search
    from kg.search_table import ChunkTable

    view = LiveView(settings)
    generation = view.current()
    out = Served(generation.number)
    try:
        for row in generation.store.ox.query(PRACTICE_FACTS, use_default_graph_as_union=True):
            entity = row["practice"].value
            out.add(entity, "title", row["title"].value)
            out.add(entity, "description", row["description"].value)
        practices = set(out.seen)
        assert generation.index_dir is not None, "the published generation has no index folder"
        with ChunkTable(generation.index_dir / "chunks.sqlite", readonly=True) as table:
            for _id, entity, _lang, text, _terms, _key in table.rows():
                if entity in practices:
                    out.add(entity, "chunks", text)
        for marker in MARKERS:
            request = parse_request({"q": f"{marker}waste", "type": "practice", "limit": "100"}, settings)
            for hit in search(generation, request).results:
                if hit.scores.get("lexical", 0) > 0:
                    out.add(hit.iri, "search-title", hit.title)
                    out.add(hit.iri, "search-snippet", hit.snippet)
    finally:
        generation.store.close()
    return out


def agreement_problems(settings: Settings) -> list[str]:
    """Store, manifest, vector index and lexical index disagreements (counts and ids), checked on the
    files themselves (independently of ``civicgraph check``)."""
    from kg.lexical import LexicalIndex
    from kg.search_table import ChunkTable
    from kg.vectors import VectorIndex

    layout = Layout(settings.data_path)
    published = layout.published()
    if published is None:
        return ["nothing is published"]
    problems: list[str] = []
    hash_query = f"SELECT ?doc ?hash WHERE {{ GRAPH ?doc {{ ?doc <{CG}contentHash> ?hash }} }}"
    with Store.open_snapshot(published.snapshot, published.generation) as snapshot:
        in_snapshot = {r["doc"].value: r["hash"].value for r in snapshot.ox.query(hash_query)}
    with Store.open_writer(settings) as writer:
        in_primary = {r["doc"].value: r["hash"].value for r in writer.ox.query(hash_query)}
    with Manifest(layout.manifest, readonly=True) as manifest:
        rows = {r.iri: r.content_hash for r in manifest.documents() if r.status == "stored"}
        if manifest.get_meta("generation") != str(published.generation):
            problems.append(
                f"manifest generation {manifest.get_meta('generation')} != {published.generation}"
            )
    if rows != in_snapshot:
        problems.append(
            f"manifest ({len(rows)} documents) and published snapshot ({len(in_snapshot)}) differ"
        )
    if in_primary != in_snapshot:
        problems.append("the primary store holds unpublished changes")
    with ChunkTable(published.indexes / "chunks.sqlite", readonly=True) as table:
        chunk_ids = np.sort(np.asarray(table.ids(), dtype=np.int64))
        chunk_docs = {doc for (doc,) in table._db.execute("SELECT DISTINCT doc FROM chunk_docs")}
    vector_ids = np.sort(VectorIndex.load(published.indexes / "vectors.faiss").ids())
    lexical_ids = np.sort(np.asarray(LexicalIndex.load(published.indexes / "lexical").ids))
    if not np.array_equal(vector_ids, chunk_ids):
        problems.append(f"{len(vector_ids)} vectors for {len(chunk_ids)} chunks (or other ids)")
    if not np.array_equal(lexical_ids, chunk_ids):
        problems.append(f"{len(lexical_ids)} lexical rows for {len(chunk_ids)} chunks (or other ids)")
    if not chunk_docs <= set(in_snapshot) | _static_graphs(published.snapshot, published.generation):
        problems.append(f"chunks of documents the snapshot does not hold: {chunk_docs - set(in_snapshot)}")
    return problems


def _static_graphs(path: Path, generation: int) -> set[str]:
    with Store.open_snapshot(path, generation) as snapshot:
        return {g for g in snapshot.graph_iris() if str(g).startswith("https://w3id.org/civicgraph/")}


PERSON_NAME = "Quentin Zabrowski"
PERSON_EMAIL = "quentin.zabrowski@testvale.example.org"
PERSON_PHONE = "+44 113 496 0456"  # a number Ofcom reserves for drama


def write_contact_page(path: Path, url: str | None = None, *, extra: str = "") -> Path:
    """A fictional department page naming two officials (one of them :data:`PERSON_NAME`)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Waste department - Testvale Municipality</title></head>
<body><main>
<h1>Waste department</h1>
<p>The waste department of Testvale Municipality runs the bulky waste collection and the repair cafe
programme. Residents bring broken appliances to the repair cafe every Saturday. {extra}</p>
<h2>Contacts</h2>
<p>{PERSON_NAME}<br>Head of the waste department<br>Tel: {PERSON_PHONE}<br>Email: {PERSON_EMAIL}</p>
<p>Marta Ellingsworth<br>Senior recycling officer<br>Tel: +44 113 496 0789<br>
Email: marta.ellingsworth@testvale.example.org</p>
</main></body></html>
""",
        encoding="utf-8",
    )
    if url:
        path.with_name(path.name + ".url").write_text(url + "\n", encoding="utf-8")
    return path


def graph_texts(settings: Settings) -> dict[str, set[str]]:
    """Every named graph of the published generation as a set of N-Triples lines."""
    import pyoxigraph as ox

    out: dict[str, set[str]] = {}
    with Store.open_reader(settings) as store:
        for quad in store.ox.quads_for_pattern(None, None, None, None):
            triple = ox.Triple(quad.subject, quad.predicate, quad.object)
            out.setdefault(str(quad.graph_name), set()).add(str(triple))
    return out


def stored_values(settings: Settings) -> list[str]:
    """Every literal value and IRI of the published generation (decoded, not N-Triples escaped)."""
    import pyoxigraph as ox

    out: list[str] = []
    with Store.open_reader(settings) as store:
        for quad in store.ox.quads_for_pattern(None, None, None, None):
            for term in (quad.subject, quad.predicate, quad.object):
                if isinstance(term, ox.Literal | ox.NamedNode):
                    out.append(term.value)
    return out
