import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import FOAF, RDF, RDFS

from kg.forget import REDACTED, ForgetError, forget, scrub_forgotten
from kg.layout import Layout
from kg.manifest import DocumentRow, Manifest, now
from kg.publish import publish
from kg.settings import Settings
from kg.store import Store

B = "http://example.org/id/"
DOC = URIRef(B + "doc/page")
PERSON = URIRef(B + "person/jane-roe")
POST = URIRef(B + "post/jane-roe-head")
ORG = URIRef(B + "org/riverton")
EVIDENCE = URIRef(B + "evidence/abc")
VCARD = "http://www.w3.org/2006/vcard/ns#"


def page_graph() -> Graph:
    g = Graph(identifier=DOC)
    g.add((PERSON, RDF.type, FOAF.Person))
    g.add((PERSON, FOAF.name, Literal("Jane Roe")))
    g.add((PERSON, URIRef(VCARD + "hasEmail"), URIRef("mailto:jane.roe@example.org")))
    g.add((PERSON, URIRef("http://www.w3.org/ns/org#holds"), POST))
    g.add((POST, URIRef("http://www.w3.org/ns/org#postIn"), ORG))
    g.add((EVIDENCE, RDF.subject, PERSON))
    g.add(
        (
            EVIDENCE,
            URIRef("https://w3id.org/civicgraph/ns#quote"),
            Literal("Jane Roe, head, jane.roe@example.org"),
        )
    )
    g.add((ORG, RDFS.label, Literal("Riverton")))
    g.add((DOC, RDFS.comment, Literal("Contact Jane Roe for details.")))
    return g


def store_page(settings: Settings) -> None:
    layout = Layout(settings.data_path)
    with Store.open_writer(settings) as w, Manifest(layout.manifest) as m:
        w.replace_graph(str(DOC), page_graph())
        m.upsert(
            DocumentRow(
                str(DOC), "page.html", None, "page.html", "department", "en", None, "h", "stored", now()
            )
        )
        publish(w, m, settings)
        publish(w, m, settings)


def all_text(settings: Settings) -> str:
    with Store.open_reader(settings) as r:
        return "\n".join(str(q) for q in r.ox.quads_for_pattern(None, None, None, None))


def test_forget_person_leaves_no_trace(settings: Settings) -> None:
    store_page(settings)
    report = forget(settings, str(PERSON), builders=[])
    assert report.kind == "entity" and report.triples_removed >= 6
    text = all_text(settings)
    for trace in ("jane-roe", "Jane Roe", "jane.roe@example.org"):
        assert trace not in text
    assert REDACTED in text and "Riverton" in text  # the organisation stays
    snapshots = list(Layout(settings.data_path).snapshots.iterdir())
    assert len(snapshots) == 1  # older generations (which still held the person) are gone


def test_reingest_does_not_bring_person_back(settings: Settings) -> None:
    store_page(settings)
    forget(settings, str(PERSON), builders=[])
    with Manifest(Layout(settings.data_path).manifest) as m:
        scrubbed = scrub_forgotten(page_graph(), m)
    text = scrubbed.serialize(format="nt")
    assert "jane" not in text.lower()
    assert "Riverton" in text


def test_forget_document(settings: Settings) -> None:
    store_page(settings)
    report = forget(settings, str(DOC), builders=[])
    assert report.kind == "document"
    assert all_text(settings) == ""
    with Manifest(Layout(settings.data_path).manifest) as m:
        assert m.get(str(DOC)) is None


def test_unknown_iri(settings: Settings) -> None:
    store_page(settings)
    with pytest.raises(ForgetError, match="nothing is stored"):
        forget(settings, B + "person/nobody", builders=[])


OTHER = URIRef(B + "doc/newsletter")


def test_forget_finds_phone_and_email_as_other_documents_write_them(settings: Settings) -> None:
    """The stored forms are tel:+E.164 and mailto:; pages write them with spaces, trunk prefixes and
    spelled-out "(at)": those spellings go too, in the person's page and in a document not naming them."""
    page = page_graph()
    page.add((PERSON, URIRef(VCARD + "hasTelephone"), URIRef("tel:+37031512345")))
    page.add((DOC, RDFS.comment, Literal("Call +370 (315) 12 345 or 8-315-12345 on weekdays.")))
    other = Graph(identifier=OTHER)
    other.add((OTHER, RDFS.comment, Literal("Questions: (8 315) 12345, jane.roe (at) example dot org.")))
    other.add((OTHER, RDFS.comment, Literal("Reception: 8 315 12346; +371 6700 0000; info@example.org")))
    layout = Layout(settings.data_path)
    with Store.open_writer(settings) as w, Manifest(layout.manifest) as m:
        for graph in (page, other):
            w.replace_graph(str(graph.identifier), graph)
            m.upsert(
                DocumentRow(str(graph.identifier), "x", None, "x", "other", "en", None, "h", "stored", now())
            )
        publish(w, m, settings)
    report = forget(settings, str(PERSON), builders=[])
    assert str(OTHER) in report.graphs
    text = all_text(settings)
    for trace in ("315) 12 345", "8-315-12345", "(8 315) 12345", "jane.roe (at)", "37031512345"):
        assert trace not in text, trace
    for kept in ("8 315 12346", "+371 6700 0000", "info@example.org", "on weekdays"):
        assert kept in text, kept  # other numbers and addresses, and the sentence around, stay
