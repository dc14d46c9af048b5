"""``civicgraph forget IRI``: remove a person (or any minted entity) or a whole document everywhere.

For an entity: every triple about it or pointing to it, the nodes that only existed for it (its posts,
memberships, contact points, evidence records), every literal in any document that quotes its name,
e-mail or phone (replaced by ``[removed]``) and every ``mailto:``/``tel:`` link to its e-mail or phone.
The affected documents are republished, derived indexes are rebuilt for them (their searchable text
comes from the store), older generations are deleted, and the store is compacted. A hash of the IRI and
of its identifying strings is kept so a later re-ingest of the same page (or of another document
quoting them) does not bring the person back (:func:`scrub_forgotten`).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import FOAF, RDF, RDFS, SKOS

from kg import redact, sparql
from kg.layout import Layout
from kg.manifest import Manifest
from kg.publish import IndexBuilder, default_builders, publish
from kg.settings import Settings
from kg.store import Store, StoreError

REDACTED = "[removed]"
STATIC_PREFIX = "https://w3id.org/civicgraph/"
CG = "https://w3id.org/civicgraph/ns#"
#: Kinds of minted nodes that exist only for the entity that points to them.
OWNED_KINDS = ("/id/post/", "/id/membership/", "/id/contact/", "/id/evidence/", "/id/address/")
NAME_PREDICATES = (FOAF.name, RDFS.label, SKOS.prefLabel, SKOS.altLabel)
POINTERS = (RDF.subject, RDF.object, URIRef(CG + "about"))


class ForgetError(ValueError):
    """Nothing can be forgotten for that IRI."""


@dataclass
class ForgetReport:
    iri: str
    kind: str
    graphs: list[str] = field(default_factory=list)
    triples_removed: int = 0
    literals_redacted: int = 0
    generation: int | None = None

    def render(self) -> str:
        return (
            f"forgot {self.kind} {self.iri}: {self.triples_removed} triples removed, "
            f"{self.literals_redacted} literals redacted in {len(self.graphs)} graph(s); "
            f"published generation {self.generation}; older generations deleted"
        )


def _digest(text: str) -> str:
    return hashlib.sha256(text.strip().casefold().encode("utf-8")).hexdigest()


def _identifying_strings(graph: Graph, iri: URIRef) -> set[str]:
    strings: set[str] = set()
    for predicate in NAME_PREDICATES:
        strings.update(str(o) for o in graph.objects(iri, predicate) if isinstance(o, Literal))
    values = [obj for _, _, obj in graph.triples((iri, None, None))]
    for contact in [v for v in values if isinstance(v, URIRef) and "/id/contact/" in str(v)]:
        values += [obj for _, _, obj in graph.triples((contact, None, None))]  # vCard: the contact's value
    for obj in values:
        text = str(obj)
        if text.startswith("mailto:"):
            strings.add(text.removeprefix("mailto:"))
        elif text.startswith("tel:"):
            strings.add(text.removeprefix("tel:"))
    return {s for s in strings if len(s.strip()) >= 4}


def _closure(graph: Graph, iri: URIRef) -> set[URIRef]:
    """The entity and the nodes that only exist for it."""
    owned: set[URIRef] = {iri}
    frontier = [iri]
    while frontier:
        node = frontier.pop()
        candidates = {o for _, _, o in graph.triples((node, None, None)) if isinstance(o, URIRef)}
        candidates |= {s for s, _, _ in graph.triples((None, None, node)) if isinstance(s, URIRef)}
        for cand in candidates - owned:
            text = str(cand)
            pointer = any((cand, p, x) in graph for p in POINTERS for x in owned)
            if any(k in text for k in OWNED_KINDS) or pointer:
                owned.add(cand)
                frontier.append(cand)
    return owned


def _scrub(graph: Graph, owned: set[URIRef], strings: Iterable[str]) -> tuple[Graph, int, int]:
    # Longest first; phones and e-mails also in the other ways text writes them (kg.redact).
    patterns = [redact.pattern(s) for s in sorted(strings, key=len, reverse=True)]
    # The person's e-mail and phone as link targets (e.g. a document's ``cg:mentions <tel:...>``).
    contacts = {URIRef(scheme + s) for s in strings for scheme in ("mailto:", "tel:")}
    out = Graph(identifier=graph.identifier)
    removed = redacted = 0
    for s, p, o in graph:
        if s in owned or o in owned or o in contacts:
            removed += 1
            continue
        if isinstance(o, Literal) and patterns:
            text = str(o)
            for pattern in patterns:
                text = pattern.sub(REDACTED, text)
            if text != str(o):
                redacted += 1
                o = Literal(text, lang=o.language, datatype=o.datatype)
        out.add((s, p, o))
    return out, removed, redacted


def _graphs_mentioning(store: Store, iri: str) -> list[str]:
    node = ox.NamedNode(iri)
    names: set[str] = set()
    for quad in store.ox.quads_for_pattern(node, None, None, None):
        names.add(str(quad.graph_name.value))  # type: ignore[union-attr]
    for quad in store.ox.quads_for_pattern(None, None, node, None):
        names.add(str(quad.graph_name.value))  # type: ignore[union-attr]
    return sorted(names)


def forget(settings: Settings, iri: str, *, builders: Sequence[IndexBuilder] | None = None) -> ForgetReport:
    """Remove ``iri`` (a document or an entity) from the store, the manifest and the indexes."""
    layout = Layout(settings.data_path)
    with Store.open_writer(settings) as writer, Manifest(layout.manifest) as manifest:
        if iri.startswith(STATIC_PREFIX):
            raise ForgetError(f"{iri} is part of the shipped vocabulary, not data")
        if manifest.get(iri) is not None or writer.has_graph(iri):
            report = ForgetReport(iri, "document", graphs=[iri])
            report.triples_removed = len(writer.graph(iri))
            writer.drop_graph(iri)
            manifest.delete(iri)
            removed = {iri}
            changed: set[str] = set()
        else:
            graphs = _graphs_mentioning(writer, iri)
            if not graphs and _digest(iri) in _known(manifest):
                return _finish_interrupted(writer, manifest, settings, layout, iri, builders)
            if not graphs:
                raise ForgetError(f"nothing is stored about {iri}")
            report = ForgetReport(iri, "entity", graphs=graphs)
            node = URIRef(iri)
            strings: set[str] = set()
            for name in graphs:
                strings |= _identifying_strings(writer.graph(name), node)
            graphs = sorted(set(graphs) | _graphs_quoting(writer, strings))  # other documents naming them
            report.graphs = graphs
            for name in graphs:
                graph = writer.graph(name)
                scrubbed, n_removed, n_redacted = _scrub(graph, _closure(graph, node), strings)
                writer.replace_graph(name, scrubbed)
                report.triples_removed += n_removed
                report.literals_redacted += n_redacted
            _remember(manifest, iri, strings)
            removed, changed = set(), set(graphs)
        writer.rebuild()  # the store's files keep no bytes of what was removed
        report.generation = publish(
            writer,
            manifest,
            settings,
            builders=list(builders) if builders is not None else default_builders(),
            changed=changed,
            removed=removed,
        )
        layout.collect_garbage(keep=1)  # older generations still hold it
    return report


def _known(manifest: Manifest) -> set[str]:
    return set(filter(None, (manifest.get_meta("forgotten") or "").split(",")))


def _finish_interrupted(
    writer: Store,
    manifest: Manifest,
    settings: Settings,
    layout: Layout,
    iri: str,
    builders: Sequence[IndexBuilder] | None,
) -> ForgetReport:
    """``forget`` again after an earlier run stopped before it was done: rebuild the store's files,
    publish (indexes rebuilt: which graphs changed is not known), then drop older generations."""
    report = ForgetReport(iri, "entity (already removed from the store)")
    writer.rebuild()
    report.generation = publish(
        writer,
        manifest,
        settings,
        builders=list(builders) if builders is not None else default_builders(),
        rebuild=True,
    )
    layout.collect_garbage(keep=1)
    return report


def _graphs_quoting(store: Store, strings: Iterable[str]) -> set[str]:
    found: set[str] = set()
    for text in strings:
        found |= {str(row["g"]) for row in sparql.rows(store, "forget_graphs_quoting", needle=Literal(text))}
        spelled = redact.variants(text)
        if spelled is not None:
            rows = sparql.rows(store, "forget_graphs_matching", pattern=Literal(spelled.sparql))
            found |= {str(row["g"]) for row in rows}
        if any(c.isspace() or c in '<>"{}|^`\\' for c in text):
            continue  # a name, not an address
        for scheme in ("mailto:", "tel:"):  # the e-mail or phone as a link (``cg:mentions <mailto:...>``)
            found.update(_graphs_mentioning(store, scheme + text))
    return found


def _remember(manifest: Manifest, iri: str, strings: set[str]) -> None:
    known = set(filter(None, (manifest.get_meta("forgotten") or "").split(",")))
    known.add(_digest(iri))
    known.update(_digest(s) for s in strings)
    manifest.set_meta("forgotten", ",".join(sorted(known)))


def scrub_forgotten(graph: Graph, manifest: Manifest) -> Graph:
    """Remove forgotten entities (and redact their identifying strings) from a freshly extracted graph."""
    known = set(filter(None, (manifest.get_meta("forgotten") or "").split(",")))
    if not known:
        return graph
    nodes = {t for triple in graph for t in triple if isinstance(t, URIRef) and _digest(str(t)) in known}
    strings: set[str] = set()
    owned: set[URIRef] = set()
    for node in nodes:
        strings |= _identifying_strings(graph, node)
        owned |= _closure(graph, node)
    # Names, e-mails and phones quoted in text or linked without the entity (only their hashes are kept).
    for term in {o for _, _, o in graph if isinstance(o, Literal | URIRef)}:
        text = str(term)
        if isinstance(term, Literal):
            strings |= _quoted_known(text, known)
        elif text.startswith(("mailto:", "tel:")) and _digest(text.split(":", 1)[1]) in known:
            strings.add(text.split(":", 1)[1])
    if not nodes and not strings:
        return graph
    scrubbed, _, _ = _scrub(graph, owned, {s for s in strings if _digest(s) in known})
    return scrubbed


_WORD = re.compile(r"[^\s()\[\]{}<>,;:\"'!?]+")
#: Longest remembered string looked for in text, in words (names of up to four words).
_MAX_WORDS = 4


def _quoted_known(text: str, known: set[str]) -> set[str]:
    """Runs of 1-4 words of ``text`` whose hash is remembered (how a re-ingest finds quotes)."""
    words = [w.group().rstrip(".") for w in _WORD.finditer(text)]
    found: set[str] = set()
    for start in range(len(words)):
        for size in range(1, min(_MAX_WORDS, len(words) - start) + 1):
            candidate = " ".join(words[start : start + size])
            if len(candidate) >= 4 and _digest(candidate) in known:
                found.add(candidate)
    return found


__all__ = ["ForgetError", "ForgetReport", "StoreError", "forget", "scrub_forgotten"]
