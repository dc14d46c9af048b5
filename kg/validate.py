"""SHACL validation of a graph or the whole store (``civicgraph validate``) with pyshacl.

The dataset's named graphs are validated together as one union graph (no inference), then every
violation is traced back to the named graph(s) whose triples describe its focus node, so the
report says which document a problem came from.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import pyshacl
from rdflib import Dataset, Graph, URIRef
from rdflib.graph import ConjunctiveGraph
from rdflib.namespace import SH
from rdflib.term import Node

from ontology import shapes_graph

_SEVERITY = {SH.Violation: "Violation", SH.Warning: "Warning", SH.Info: "Info"}


@dataclass(frozen=True)
class Violation:
    focus: str
    path: str | None
    message: str
    severity: str  # "Violation", "Warning" or "Info"
    graph: str | None = None  # the named graph describing the focus node (first one, sorted)
    value: str | None = None
    shape: str | None = None


@dataclass
class ValidationReport:
    conforms: bool
    violations: list[Violation] = field(default_factory=list)
    triples: int = 0

    @property
    def errors(self) -> list[Violation]:
        return [v for v in self.violations if v.severity == "Violation"]

    def render(self, limit: int = 200) -> str:
        """A readable summary: one block per result, grouped by named graph."""
        if not self.violations:
            return f"conforms: {self.triples} triples checked, no problems"
        counts: dict[str, int] = {}
        for v in self.violations:
            counts[v.severity] = counts.get(v.severity, 0) + 1
        summary = ", ".join(f"{n} {sev.lower()}{'s' if n != 1 else ''}" for sev, n in sorted(counts.items()))
        head = "conforms" if self.conforms else "does NOT conform"
        lines = [f"{head}: {self.triples} triples checked, {summary}"]
        ordered = sorted(self.violations, key=lambda v: (v.graph or "", v.focus, v.path or "", v.message))
        current: str | None = "\x00"
        for v in ordered[:limit]:
            if v.graph != current:
                current = v.graph
                lines.append(f"graph {current or '(default graph)'}:")
            path = f" {v.path}" if v.path else ""
            value = f" (value: {v.value})" if v.value is not None and v.value != v.focus else ""
            lines.append(f"  [{v.severity}] {v.focus}{path}: {v.message}{value}")
        if len(ordered) > limit:
            lines.append(f"... and {len(ordered) - limit} more")
        return "\n".join(lines)


def _union(data: Graph | Dataset) -> tuple[Graph, ConjunctiveGraph | Dataset | None]:
    if isinstance(data, ConjunctiveGraph | Dataset):
        union = Graph()
        for s, p, o, _g in data.quads((None, None, None, None)):
            union.add((s, p, o))
        return union, data
    return data, None


def _graphs_of(focus: Node, dataset: ConjunctiveGraph | Dataset | None) -> list[str]:
    if dataset is None:
        return []
    names = set()
    for _s, _p, _o, g in dataset.quads((focus, None, None, None)):  # type: ignore[arg-type]
        ident = getattr(g, "identifier", g)
        if ident is not None:
            names.add(str(ident))
    return sorted(names)


def _text(node: Node | None) -> str | None:
    if node is None:
        return None
    return str(node) if isinstance(node, URIRef) else node.n3()


def _path_text(results: Graph, path: Node | None) -> str | None:
    if path is None:
        return None
    if isinstance(path, URIRef):
        return str(path)
    alternatives = results.value(path, SH.alternativePath)
    if alternatives is not None:
        items = list(results.items(alternatives))
        return " | ".join(str(i) for i in items)
    return path.n3()


def _violations(results: Graph, dataset: ConjunctiveGraph | Dataset | None) -> Iterable[Violation]:
    for result in results.subjects(predicate=None, object=SH.ValidationResult):
        focus = results.value(result, SH.focusNode)
        message = results.value(result, SH.resultMessage)
        severity = results.value(result, SH.resultSeverity)
        value = results.value(result, SH.value)
        graphs = _graphs_of(focus, dataset) if focus is not None else []
        yield Violation(
            focus=_text(focus) or "",
            path=_path_text(results, results.value(result, SH.resultPath)),
            message=str(message) if message is not None else "constraint not satisfied",
            severity=_SEVERITY.get(severity, str(severity)),  # type: ignore[call-overload]
            graph=graphs[0] if graphs else None,
            value=_text(value),
            shape=_text(results.value(result, SH.sourceShape))
            if isinstance(results.value(result, SH.sourceShape), URIRef)
            else None,
        )


def validate(data: Graph | Dataset, shapes: Graph | None = None) -> ValidationReport:
    """Validate ``data`` (a graph, or every named graph of a dataset) against the civicgraph shapes.

    ``conforms`` is False only when there is at least one result of severity Violation; warnings
    are reported but do not fail validation.
    """
    union, dataset = _union(data)
    shacl = shapes if shapes is not None else shapes_graph()
    _conforms, results, _text_report = pyshacl.validate(
        union,
        shacl_graph=shacl,
        inference="none",
        abort_on_first=False,
        allow_warnings=True,
        advanced=False,
    )
    assert isinstance(results, Graph)
    found = sorted(
        set(_violations(results, dataset)), key=lambda v: (v.graph or "", v.focus, v.path or "", v.message)
    )
    conforms = not any(v.severity == "Violation" for v in found)
    return ValidationReport(conforms=conforms, violations=found, triples=len(union))
