"""SPARQL results written with a row cap: JSON, XML, CSV and TSV for solutions; RDF for graphs.

Oxigraph's own serializers write a whole result; the endpoint must stop at ``sparql_max_rows`` and
say so, so solutions are written here, one row at a time, in the W3C formats (the output matches
Oxigraph's, which a test checks). Graphs are cut to the cap and written by Oxigraph.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import islice
from typing import Any
from xml.sax.saxutils import escape as _escape
from xml.sax.saxutils import quoteattr

import pyoxigraph as ox

from kg.sparql_guard import tokenize

XSD = "http://www.w3.org/2001/XMLSchema#"
XSD_STRING = XSD + "string"
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
RDF_DIR_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#dirLangString"


@dataclass(frozen=True)
class ResultFormat:
    name: str
    media_type: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class GraphFormat:
    name: str
    media_type: str
    rdf_format: ox.RdfFormat
    aliases: tuple[str, ...] = ()


# Lookup tables for content negotiation (first = default). Media types with ; charset are served as such.
RESULT_FORMATS: tuple[ResultFormat, ...] = (
    ResultFormat("json", "application/sparql-results+json", ("application/json",)),
    ResultFormat("xml", "application/sparql-results+xml", ("application/xml", "text/xml")),
    ResultFormat("csv", "text/csv"),
    ResultFormat("tsv", "text/tab-separated-values"),
)
GRAPH_FORMATS: tuple[GraphFormat, ...] = (
    GraphFormat("turtle", "text/turtle", ox.RdfFormat.TURTLE, ("application/x-turtle", "application/turtle")),
    GraphFormat("nt", "application/n-triples", ox.RdfFormat.N_TRIPLES, ("text/plain",)),
    GraphFormat("jsonld", "application/ld+json", ox.RdfFormat.JSON_LD, ("application/json",)),
    GraphFormat("rdfxml", "application/rdf+xml", ox.RdfFormat.RDF_XML, ("application/xml", "text/xml")),
)
RESULT_BY_NAME = {f.name: f for f in RESULT_FORMATS}
GRAPH_BY_NAME = {f.name: f for f in GRAPH_FORMATS}


def content_type(media_type: str) -> str:
    """The Content-Type header for ``media_type`` (text types say their charset)."""
    return f"{media_type}; charset=utf-8" if media_type.startswith("text/") else media_type


# -- terms ------------------------------------------------------------------------------------------


def _json_term(term: Any) -> dict[str, Any]:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out: dict[str, Any] = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
            direction = getattr(term, "direction", None)
            if direction is not None:
                out["its:dir"] = str(direction).rsplit(".", 1)[-1].lower()
        elif term.datatype.value != XSD_STRING:
            out["datatype"] = term.datatype.value
        return out
    if isinstance(term, ox.Triple):
        return {
            "type": "triple",
            "value": {
                "subject": _json_term(term.subject),
                "predicate": _json_term(term.predicate),
                "object": _json_term(term.object),
            },
        }
    raise TypeError(f"unexpected term {term!r}")


#: Beyond ``& < >``: quotes, and CR as a reference (an XML parser turns a raw CR or CRLF into LF).
_ENTITIES = {'"': "&quot;", "'": "&apos;", "\r": "&#13;"}


#: Characters XML 1.0 cannot carry at all, not even as references (C0 controls but tab/LF/CR, U+FFFE/F).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def escape(text: str) -> str:
    """XML text; characters XML 1.0 cannot carry become U+FFFD (the document stays well formed)."""
    return _escape(_NOT_XML.sub("\ufffd", text), _ENTITIES)


def _xml_term(term: Any) -> str:
    if isinstance(term, ox.NamedNode):
        return f"<uri>{escape(term.value)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{escape(term.value)}</bnode>"
    if isinstance(term, ox.Literal):
        if term.language:
            return f"<literal xml:lang={quoteattr(term.language)}>{escape(term.value)}</literal>"
        if term.datatype.value != XSD_STRING:
            return f"<literal datatype={quoteattr(term.datatype.value)}>{escape(term.value)}</literal>"
        return f"<literal>{escape(term.value)}</literal>"
    if isinstance(term, ox.Triple):
        return (
            f"<triple><subject>{_xml_term(term.subject)}</subject><predicate>{_xml_term(term.predicate)}"
            f"</predicate><object>{_xml_term(term.object)}</object></triple>"
        )
    raise TypeError(f"unexpected term {term!r}")


def _csv_cell(value: str) -> str:
    if any(c in value for c in ',"\n\r'):
        return '"' + value.replace('"', '""') + '"'
    return value


def _csv_value(term: Any) -> str:
    if isinstance(term, ox.NamedNode | ox.Literal):
        return str(term.value)
    if isinstance(term, ox.BlankNode):
        return "_:" + term.value
    if isinstance(term, ox.Triple):
        return " ".join(_csv_value(t) for t in (term.subject, term.predicate, term.object))
    raise TypeError(f"unexpected term {term!r}")


def _csv_term(term: Any) -> str:
    return "" if term is None else _csv_cell(_csv_value(term))


_TSV_NUMBER = {
    XSD + "integer": re.compile(r"^[+-]?[0-9]+$"),
    XSD + "decimal": re.compile(r"^[+-]?[0-9]*\.[0-9]+$"),
    XSD + "double": re.compile(r"^[+-]?(?:[0-9]+\.[0-9]*|\.[0-9]+|[0-9]+)[eE][+-]?[0-9]+$"),
    XSD + "boolean": re.compile(r"^(?:true|false)$"),
}


def _tsv_term(term: Any) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.Literal) and not term.language:
        pattern = _TSV_NUMBER.get(term.datatype.value)
        if pattern is not None and pattern.match(term.value):
            return term.value
    if isinstance(term, ox.Triple):
        return "<< " + " ".join(_tsv_term(t) for t in (term.subject, term.predicate, term.object)) + " >>"
    return str(term)


# -- writers ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Written:
    body: bytes
    rows: int
    truncated: bool


def _capped(items: Iterable[Any], max_rows: int) -> tuple[list[Any], bool]:
    iterator: Iterator[Any] = iter(items)
    rows = list(islice(iterator, max_rows))
    truncated = next(iterator, None) is not None
    return rows, truncated


def star_columns(query: str, variables: list[str]) -> list[str]:
    """The columns of a ``SELECT *`` in the order the query first names its variables (Oxigraph
    sorts them by name; ``?s ?p ?o`` should stay s, p, o). Any other projection keeps its order."""
    tokens = tokenize(query)
    select = next((i for i, t in enumerate(tokens) if t.kind == "word" and t.text.upper() == "SELECT"), None)
    if select is None:
        return variables
    after = tokens[select + 1 : select + 3]
    if after and after[0].kind == "word" and after[0].text.upper() in ("DISTINCT", "REDUCED"):
        after = after[1:]
    if not after or after[0].text != "*":
        return variables
    first: dict[str, int] = {}
    for token in tokens:
        if token.kind == "var":
            first.setdefault(token.text[1:], len(first))
    return sorted(variables, key=lambda name: first.get(name, len(first)))


def write_solutions(
    variables: list[str],
    solutions: Iterable[Any],
    fmt: str,
    max_rows: int,
    columns: list[str] | None = None,
) -> Written:
    """At most ``max_rows`` solutions (``QuerySolution``, indexable by position, the positions of
    ``variables``) in ``fmt``, with the variables in the order of ``columns`` when given."""
    rows, truncated = _capped(solutions, max_rows)
    if columns is not None and columns != variables:
        if sorted(columns) != sorted(variables):
            raise ValueError(f"columns {columns} are not the variables {variables}")
        positions = [variables.index(name) for name in columns]
        rows = [[row[i] for i in positions] for row in rows]
        variables = columns
    width = range(len(variables))
    if fmt == "json":
        bindings = []
        for row in rows:
            binding = {}
            for i in width:
                term = row[i]
                if term is not None:
                    binding[variables[i]] = _json_term(term)
            bindings.append(binding)
        payload = {"head": {"vars": variables}, "results": {"bindings": bindings}}
        body = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    elif fmt == "xml":
        parts = ['<?xml version="1.0"?><sparql xmlns="http://www.w3.org/2005/sparql-results#"><head>']
        parts += [f"<variable name={quoteattr(v)}/>" for v in variables]
        parts.append("</head><results>")
        for row in rows:
            parts.append("<result>")
            for i in width:
                term = row[i]
                if term is not None:
                    parts.append(f"<binding name={quoteattr(variables[i])}>{_xml_term(term)}</binding>")
            parts.append("</result>")
        parts.append("</results></sparql>")
        body = "".join(parts).encode("utf-8")
    elif fmt == "csv":
        lines = [",".join(_csv_cell(v) for v in variables)]
        lines += [",".join(_csv_term(row[i]) for i in width) for row in rows]
        body = ("\r\n".join(lines) + "\r\n").encode("utf-8")
    elif fmt == "tsv":
        lines = ["\t".join("?" + v for v in variables)]
        lines += ["\t".join(_tsv_term(row[i]) for i in width) for row in rows]
        body = ("\n".join(lines) + "\n").encode("utf-8")
    else:
        raise ValueError(f"unknown results format {fmt!r}")
    return Written(body, len(rows), truncated)


def write_boolean(value: bool, fmt: str) -> Written:
    text = "true" if value else "false"
    if fmt == "json":
        body = '{"head":{},"boolean":' + text + "}"
    elif fmt == "xml":
        body = (
            '<?xml version="1.0"?><sparql xmlns="http://www.w3.org/2005/sparql-results#"><head></head>'
            f"<boolean>{text}</boolean></sparql>"
        )
    elif fmt in ("csv", "tsv"):
        body = text
    else:
        raise ValueError(f"unknown results format {fmt!r}")
    return Written(body.encode("utf-8"), 1, False)


def write_graph(
    triples: Iterable[ox.Triple], fmt: str, max_rows: int, prefixes: dict[str, str] | None = None
) -> Written:
    """At most ``max_rows`` triples in the RDF format ``fmt``."""
    rows, truncated = _capped(triples, max_rows)
    graph_format = GRAPH_BY_NAME[fmt]
    usable = {k: v for k, v in (prefixes or {}).items() if k}
    if graph_format.rdf_format in (ox.RdfFormat.TURTLE, ox.RdfFormat.RDF_XML, ox.RdfFormat.JSON_LD):
        body = ox.serialize(rows, format=graph_format.rdf_format, prefixes=usable or None)
    else:
        body = ox.serialize(rows, format=graph_format.rdf_format)
    return Written(body or b"", len(rows), truncated)
