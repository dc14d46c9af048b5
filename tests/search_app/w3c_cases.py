"""The W3C SPARQL 1.1 Protocol cases (and the data they need), written out as requests and expected
outcomes for tests/search_app/test_w3c_conformance.py.

Read from github.com/w3c/rdf-tests when this was written (never fetched or copied at run time):
``sparql/sparql11/protocol/manifest.ttl`` (each ``mf:ProtocolTest``: ``ht:absolutePath``, method,
``content-type``, body; ``mf:expectedStatus``, ``mf:expectedFormat``, ``mf:expectedBoolean``) and
``sparql/sparql11/csv-tsv-res/manifest.ttl`` (csv01-03, tsv01-03). The graphs those cases name
(kasei.us data0-3.rdf, the csv-tsv-res data sets) are stored here as named graphs with fictional
content of the same shape.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, FOAF, RDF, XSD

KASEI = "http://kasei.us/2009/09/sparql/data/"
DATA = [f"{KASEI}data{n}.rdf" for n in range(4)]
EX = Namespace("http://example.org/")
CSV_TSV_DATA = "http://example.org/csv-tsv-res/data.ttl"
CSV_TSV_DATA2 = "http://example.org/csv-tsv-res/data2.ttl"
FORM = "application/x-www-form-urlencoded"
DIRECT = "application/sparql-query"
UPDATE = "application/sparql-update"
MANIFEST_PREFIX = "/sparql/"
XSD_NS = "http://www.w3.org/2001/XMLSchema#"


# -- the data: fictional graphs under the IRIs the W3C cases name -------------------------------------


def _typed(value: str, datatype: URIRef) -> Literal:
    return Literal(value, datatype=datatype, normalize=False)  # keep the lexical form as written


def w3c_graphs() -> dict[str, Graph]:
    """data0-3.rdf (protocol dataset cases) and the two csv-tsv-res data sets, as named graphs."""
    graphs: dict[str, Graph] = {}
    for number, iri in enumerate(DATA):
        graph = Graph()
        graph.add((URIRef(iri), RDF.type, FOAF.Document))
        graph.add(
            (URIRef(iri), DCTERMS.title, Literal(f"Fictional protocol-test document {number}", lang="en"))
        )
        graphs[iri] = graph
    data = Graph()
    for subject, predicate, obj in (
        (EX.s1, EX.p1, EX.s2),
        (EX.s2, EX.p2, Literal("foo")),
        (EX.s3, EX.p3, Literal("bar")),
        (EX.s4, EX.p4, _typed("4", XSD.integer)),
        (EX.s5, EX.p5, _typed("5.5", XSD.decimal)),
        (EX.s6, EX.p6, BNode()),
    ):
        data.add((subject, predicate, obj))
    graphs[CSV_TSV_DATA] = data
    data2 = Graph()
    for subject, predicate, obj in (  # the "corner cases of typed literals" of csv03/tsv03
        (EX.s1, EX.p1, _typed("1", XSD.integer)),
        (EX.s2, EX.p2, _typed("2.2", XSD.decimal)),
        (EX.s3, EX.p3, _typed("-3", XSD.negativeInteger)),
        (EX.s4, EX.p4, Literal("4,4")),
        (EX.s5, EX.p5, _typed("5,5", EX.myCustomDatatype)),
        (EX.s6, EX.p6, _typed("1.0E6", XSD.double)),
        (EX.s7, EX.p7, _typed("a7", XSD.hexBinary)),
    ):
        data2.add((subject, predicate, obj))
    graphs[CSV_TSV_DATA2] = data2
    return graphs


# -- a manifest request -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Req:
    """One ``ht:Request`` of a manifest case and its ``ht:resp`` expectations."""

    method: str
    path: str  # ht:absolutePath, starting with the manifest's /sparql/
    body: bytes | None = None
    content_type: str | None = None  # the request's content-type header (None: no header)
    status: int = 2  # 2: mf:expectedStatus 2xx or 3xx; 4: 4xx
    fmt: str | None = None  # mf:expectedFormat: boolean, tabular or RDF
    boolean: bool | None = None  # mf:expectedBoolean


def enc(text: str) -> str:
    """Percent-encoding as the manifest writes it (``ASK {}`` -> ``ASK%20%7B%7D``)."""
    return quote(text, safe="")


def path(**params: str | list[str]) -> str:
    pairs = [
        (k.replace("_", "-"), v) for k, vs in params.items() for v in ([vs] if isinstance(vs, str) else vs)
    ]
    return MANIFEST_PREFIX + ("?" + "&".join(f"{k}={enc(v)}" for k, v in pairs) if pairs else "")


# -- protocol: queries ----------------------------------------------------------------------------------

ASK_D12 = f"ASK {{ <{DATA[1]}> a ?type . <{DATA[2]}> a ?type . }}"
ASK_G12 = f"ASK {{ GRAPH ?g1 {{ <{DATA[1]}> a ?type }} GRAPH ?g2 {{ <{DATA[2]}> a ?type }} }}"
ASK_FULL = (
    f"ASK {{\n  <{DATA[3]}> a ?type\n  GRAPH ?g1 {{ <{DATA[1]}> a ?type }}\n"
    f"  GRAPH ?g2 {{ <{DATA[2]}> a ?type }}\n}}"
)
ASK_FROM3_G12 = (
    f"ASK FROM <{DATA[3]}> {{ GRAPH ?g1 {{ <{DATA[1]}> a ?type }} GRAPH ?g2 {{ <{DATA[2]}> a ?type }} }}"
)
TRUE = {"fmt": "boolean", "boolean": True}

QUERY_CASES: dict[str, Req] = {
    "query_post_form": Req("POST", path(default_graph_uri=DATA[0]), b"query=ASK%20%7B%7D", FORM, **TRUE),
    "query_dataset_default_graphs_get": Req(
        "GET", path(query=ASK_D12, default_graph_uri=[DATA[1], DATA[2]]), **TRUE
    ),
    "query_dataset_default_graphs_post": Req(
        "POST", path(default_graph_uri=[DATA[1], DATA[2]]), ASK_D12.encode(), DIRECT, **TRUE
    ),
    "query_dataset_named_graphs_post": Req(
        "POST", path(named_graph_uri=[DATA[1], DATA[2]]), ASK_G12.encode(), DIRECT, **TRUE
    ),
    "query_dataset_named_graphs_get": Req(
        "GET", path(query=ASK_G12, named_graph_uri=[DATA[1], DATA[2]]), **TRUE
    ),
    "query_dataset_full": Req(
        "POST",
        path(default_graph_uri=DATA[3], named_graph_uri=[DATA[1], DATA[2]]),
        ASK_FULL.encode(),
        DIRECT,
        **TRUE,
    ),
    # The current manifest sends two named-graph-uri parameters (an older one joined them with %26).
    "query_multiple_dataset": Req(
        "POST", path(named_graph_uri=[DATA[1], DATA[2]]), ASK_FROM3_G12.encode(), DIRECT, **TRUE
    ),
    "query_get": Req("GET", path(query="ASK {}", default_graph_uri=DATA[0]), **TRUE),
    "query_content_type_select": Req(
        "POST", path(default_graph_uri=DATA[0]), b"SELECT (1 AS ?value) {}", DIRECT, fmt="tabular"
    ),
    "query_content_type_ask": Req("POST", path(default_graph_uri=DATA[0]), b"ASK {}", DIRECT, fmt="boolean"),
    "query_content_type_describe": Req(
        "POST", path(default_graph_uri=DATA[0]), b"DESCRIBE <http://example.org/>", DIRECT, fmt="RDF"
    ),
    "query_content_type_construct": Req(
        "POST", path(default_graph_uri=DATA[0]), b"CONSTRUCT { <s> <p> 1 } WHERE {}", DIRECT, fmt="RDF"
    ),
    "query_post_direct": Req("POST", MANIFEST_PREFIX, b"ASK {}", DIRECT, **TRUE),
    "bad_query_method": Req("PUT", path(query="ASK {}", default_graph_uri=DATA[0]), None, FORM, status=4),
    "bad_multiple_queries": Req("GET", path(query=["ASK {}", "SELECT * {}"]), status=4),
    "bad_query_wrong_media_type": Req("POST", MANIFEST_PREFIX, b"ASK {}", "text/plain", status=4),
    "bad_query_missing_form_type": Req("POST", MANIFEST_PREFIX, b"query=ASK%20%7B%7D", status=4),
    "bad_query_missing_direct_type": Req("POST", MANIFEST_PREFIX, b"ASK {}", status=4),
    # "Content body encoded in utf-16, with a preceding BOM."
    "bad_query_non_utf8": Req(
        "POST", MANIFEST_PREFIX, "\ufeffASK {}".encode("utf-16-le"), DIRECT + "; charset=UTF-16", status=4
    ),
    "bad_query_syntax": Req("GET", path(query="ASK {"), status=4),
}


# -- protocol: updates (refused by this read-only service) ------------------------------------------------

UPDATE_PREFIXES = "PREFIX dc: <http://purl.org/dc/terms/>\nPREFIX foaf: <http://xmlns.com/foaf/0.1/>\n"
INSERT_123 = (
    "INSERT DATA {\n" + "".join(f"    GRAPH <{g}> {{ <{g}> a foaf:Document }}\n" for g in DATA[1:]) + "} ;\n"
)


def _update(name: str, where: str, template: str = "?s a dc:BibliographicResource") -> str:
    return (
        f"{UPDATE_PREFIXES}DROP ALL ;\n{INSERT_123}"
        f"INSERT {{\n    GRAPH <http://example.org/{name}/> {{\n        {template}\n    }}\n}}\n"
        f"WHERE {{\n{where}\n}}"
    )


def _followup(graph: str, checks: str, absent: str) -> bytes:
    return (
        f"ASK {{\n    GRAPH <{graph}> {{\n{checks}\n    }}\n    FILTER NOT EXISTS {{\n"
        f"        GRAPH <{graph}> {{\n{absent}\n        }}\n    }}\n}}"
    ).encode()


BIB = "a <http://purl.org/dc/terms/BibliographicResource> ."
GRAPHS_TEST = "http://example.org/protocol-update-dataset-graphs-test/"
NAMED_TEST = "http://example.org/protocol-update-dataset-named-graphs-test/"
FULL_TEST = "http://example.org/protocol-update-dataset-full-test/"
BASE_TEST = "http://example.org/protocol-base-test/"

#: case -> (the update request, refused; the manifest's follow-up request, which must now find nothing).
UPDATE_CASES: dict[str, tuple[Req, Req | None]] = {
    "update_dataset_default_graph": (
        Req(
            "POST",
            path(using_graph_uri=DATA[1]),
            (
                f"{UPDATE_PREFIXES}CLEAR ALL ;\nINSERT DATA {{\n    GRAPH <{DATA[1]}> {{\n"
                f"        <{DATA[1]}> a foaf:Document\n    }}\n}} ;\nINSERT {{\n"
                "    GRAPH <http://example.org/protocol-update-dataset-test/> {\n"
                "        ?s a dc:BibliographicResource\n    }\n}\nWHERE {\n    ?s a foaf:Document\n}"
            ).encode(),
            UPDATE,
            status=4,
        ),
        Req(
            "POST",
            MANIFEST_PREFIX,
            (
                "ASK {\n    GRAPH <http://example.org/protocol-update-dataset-test/> {\n"
                f"        <{DATA[1]}> {BIB[:-2]}\n    }}\n}}"
            ).encode(),
            DIRECT,
            fmt="boolean",
            boolean=False,
        ),
    ),
    "update_dataset_default_graphs": (
        Req(
            "POST",
            path(using_graph_uri=[DATA[1], DATA[2]]),
            _update("protocol-update-dataset-graphs-test", "    ?s a foaf:Document").encode(),
            UPDATE,
            status=4,
        ),
        Req(
            "POST",
            MANIFEST_PREFIX,
            _followup(
                GRAPHS_TEST,
                f"        <{DATA[1]}> {BIB}\n        <{DATA[2]}> {BIB}",
                f"            <{DATA[3]}> {BIB}",
            ),
            DIRECT,
            fmt="boolean",
            boolean=False,
        ),
    ),
    "update_dataset_named_graphs": (
        Req(
            "POST",
            path(using_named_graph_uri=[DATA[1], DATA[2]]),
            _update(
                "protocol-update-dataset-named-graphs-test",
                "    GRAPH ?g {\n        ?s a foaf:Document\n    }",
            ).encode(),
            UPDATE,
            status=4,
        ),
        Req(
            "POST",
            MANIFEST_PREFIX,
            _followup(
                NAMED_TEST,
                f"        <{DATA[1]}> {BIB}\n        <{DATA[2]}> {BIB}",
                f"            <{DATA[3]}> {BIB}",
            ),
            DIRECT,
            fmt="boolean",
            boolean=False,
        ),
    ),
    "update_dataset_full": (
        Req(
            "POST",
            path(using_graph_uri=DATA[1], using_named_graph_uri=DATA[2]),
            _update(
                "protocol-update-dataset-full-test",
                "    {\n        GRAPH ?g { ?s a foaf:Document }\n        BIND(?g AS ?in)\n    }\n    UNION\n"
                '    {\n        ?s a foaf:Document .\n        BIND("default" AS ?in)\n    }',
                "?s <http://example.org/in> ?in",
            ).encode(),
            UPDATE,
            status=4,
        ),
        Req(
            "POST",
            MANIFEST_PREFIX,
            _followup(
                FULL_TEST,
                f'        <{DATA[1]}> <http://example.org/in> "default" .\n'
                f"        <{DATA[2]}> <http://example.org/in> <{DATA[2]}> .",
                f"            <{DATA[3]}> ?p ?o",
            ),
            DIRECT,
            fmt="boolean",
            boolean=False,
        ),
    ),
    "update_post_form": (Req("POST", MANIFEST_PREFIX, b"update=CLEAR+ALL", FORM, status=4), None),
    "update_post_direct": (Req("POST", MANIFEST_PREFIX, b"CLEAR ALL", UPDATE, status=4), None),
    "update_base_uri": (
        Req(
            "POST",
            MANIFEST_PREFIX,
            (
                f"CLEAR GRAPH <{BASE_TEST}> ;\nINSERT DATA {{ GRAPH <{BASE_TEST}> "
                "{ <http://example.org/s> <http://example.org/p> <test> } }"
            ).encode(),
            UPDATE,
            status=4,
        ),
        Req(
            "POST",
            MANIFEST_PREFIX,
            f"SELECT ?o WHERE {{\n    GRAPH <{BASE_TEST}> {{\n        <http://example.org/s> "
            "<http://example.org/p> ?o\n    }\n}".encode(),
            DIRECT,
            fmt="tabular",
        ),
    ),
    "bad_update_get": (Req("GET", path(update="CLEAR ALL"), status=4), None),
    "bad_multiple_updates": (
        Req("POST", MANIFEST_PREFIX, b"update=CLEAR%20NAMED&update=CLEAR%20DEFAULT", FORM, status=4),
        None,
    ),
    "bad_update_wrong_media_type": (
        Req("POST", MANIFEST_PREFIX, b"CLEAR NAMED", "text/plain", status=4),
        None,
    ),
    "bad_update_missing_form_type": (Req("POST", MANIFEST_PREFIX, b"update=CLEAR%20NAMED", status=4), None),
    "bad_update_non_utf8": (
        Req(
            "POST",
            MANIFEST_PREFIX,
            "\ufeffCLEAR NAMED".encode("utf-16-le"),
            UPDATE + "; charset=UTF-16",
            status=4,
        ),
        None,
    ),
    "bad_update_syntax": (Req("POST", MANIFEST_PREFIX, b"update=CLEAR%20XYZ", FORM, status=4), None),
    "bad_update_dataset_conflict": (
        Req(
            "POST",
            path(using_named_graph_uri="http://example/people"),
            b"PREFIX foaf:  <http://xmlns.com/foaf/0.1/>\nWITH <http://example/addresses>\n"
            b"DELETE { ?person foaf:givenName 'Bill' }\nINSERT { ?person foaf:givenName 'William' }\n"
            b"WHERE {\n    ?person foaf:givenName 'Bill'\n}",
            UPDATE,
            status=4,
        ),
        None,
    ),
}


# -- results formats: csv-tsv-res ---------------------------------------------------------------------------
#
# The expected lines are the W3C files' (csvtsv01-03.csv/.tsv) except two rows of csv03/tsv03: the
# store (Oxigraph) keeps numbers in canonical form, so "-3"^^xsd:negativeInteger is stored as
# "-3"^^xsd:integer and "1.0E6"^^xsd:double as "1000000"^^xsd:double (oxigraph/oxigraph#526: literal
# normalisation on load). Those terms are written by the TSV/CSV rules as they are stored; the
# W3C lines themselves are checked on the writer (test_writer_keeps_the_w3c_terms).

CSV_TSV_QUERIES = {
    "01": ("SELECT * WHERE { ?s ?p ?o }", CSV_TSV_DATA),
    "02": ("SELECT * WHERE { ?s ?p ?o OPTIONAL { ?o ?p2 ?o2 } }", CSV_TSV_DATA),
    "03": ("SELECT * WHERE { ?s ?p ?o }", CSV_TSV_DATA2),
}
E = "http://example.org/"
CSV_EXPECTED = {
    "01": [
        "s,p,o",
        f"{E}s1,{E}p1,{E}s2",
        f"{E}s2,{E}p2,foo",
        f"{E}s3,{E}p3,bar",
        f"{E}s4,{E}p4,4",
        f"{E}s5,{E}p5,5.5",
        f"{E}s6,{E}p6,_:b",
    ],
    "02": [
        "s,p,o,p2,o2",
        f"{E}s1,{E}p1,{E}s2,{E}p2,foo",
        f"{E}s2,{E}p2,foo,,",
        f"{E}s3,{E}p3,bar,,",
        f"{E}s4,{E}p4,4,,",
        f"{E}s5,{E}p5,5.5,,",
        f"{E}s6,{E}p6,_:b,,",
    ],
    "03": [
        "s,p,o",
        f"{E}s1,{E}p1,1",
        f"{E}s2,{E}p2,2.2",
        f"{E}s3,{E}p3,-3",
        f'{E}s4,{E}p4,"4,4"',
        f'{E}s5,{E}p5,"5,5"',
        f"{E}s6,{E}p6,1000000",  # W3C: 1.0E6 (the same double, stored in canonical form)
        f"{E}s7,{E}p7,a7",
    ],
}
TSV_EXPECTED = {
    "01": [
        "?s\t?p\t?o",
        f"<{E}s1>\t<{E}p1>\t<{E}s2>",
        f'<{E}s2>\t<{E}p2>\t"foo"',
        f'<{E}s3>\t<{E}p3>\t"bar"',
        f"<{E}s4>\t<{E}p4>\t4",
        f"<{E}s5>\t<{E}p5>\t5.5",
        f"<{E}s6>\t<{E}p6>\t_:b",
    ],
    "02": [
        "?s\t?p\t?o\t?p2\t?o2",
        f'<{E}s1>\t<{E}p1>\t<{E}s2>\t<{E}p2>\t"foo"',
        f'<{E}s2>\t<{E}p2>\t"foo"\t\t',
        f'<{E}s3>\t<{E}p3>\t"bar"\t\t',
        f"<{E}s4>\t<{E}p4>\t4\t\t",
        f"<{E}s5>\t<{E}p5>\t5.5\t\t",
        f"<{E}s6>\t<{E}p6>\t_:b\t\t",
    ],
    "03": [
        "?s\t?p\t?o",
        f"<{E}s1>\t<{E}p1>\t1",
        f"<{E}s2>\t<{E}p2>\t2.2",
        f"<{E}s3>\t<{E}p3>\t-3",  # W3C: "-3"^^xsd:negativeInteger (stored as an xsd:integer)
        f'<{E}s4>\t<{E}p4>\t"4,4"',
        f'<{E}s5>\t<{E}p5>\t"5,5"^^<{E}myCustomDatatype>',
        f'<{E}s6>\t<{E}p6>\t"1000000"^^<{XSD_NS}double>',  # W3C: 1.0e6 (canonical form, no exponent)
        f'<{E}s7>\t<{E}p7>\t"a7"^^<{XSD_NS}hexBinary>',
    ],
}

#: csv03/tsv03's terms as the W3C files write them (object column), for the writer on its own.
W3C_TERMS_03 = [
    (("1", XSD_NS + "integer"), "1", "1"),
    (("2.2", XSD_NS + "decimal"), "2.2", "2.2"),
    (("-3", XSD_NS + "negativeInteger"), "-3", f'"-3"^^<{XSD_NS}negativeInteger>'),
    (("4,4", XSD_NS + "string"), '"4,4"', '"4,4"'),
    (("5,5", E + "myCustomDatatype"), '"5,5"', f'"5,5"^^<{E}myCustomDatatype>'),
    (("1.0E6", XSD_NS + "double"), "1.0E6", "1.0E6"),
    (("a7", XSD_NS + "hexBinary"), "a7", f'"a7"^^<{XSD_NS}hexBinary>'),
]
