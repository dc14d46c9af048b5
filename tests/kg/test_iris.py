import pytest

from kg.iris import Minter, fold, slug


def test_fold_strips_accents_and_case() -> None:
    assert fold("  Alytaus   miesto SAVIVALDYBĖ ") == "alytaus miesto savivaldybe"


def test_slug_is_deterministic_and_safe() -> None:
    assert slug("Pisz gmina") == "pisz-gmina"
    assert slug("Pisz gmina") == slug("pisz  GMINA")
    cyrillic = slug("Вороново")
    assert cyrillic and all(c.isascii() for c in cyrillic)
    assert len(slug("x" * 500)) < 100


def test_minter_iris() -> None:
    m = Minter("http://example.org")
    assert (
        str(m.iri("org", "Alytus City Municipality")) == "http://example.org/id/org/alytus-city-municipality"
    )
    assert m.document("a.csv#1") != m.document("a.csv#2")
    assert m.is_minted(str(m.iri("tag", "ubc", "x")))
    with pytest.raises(ValueError):
        m.iri("nonsense", "x")


def test_letters_without_a_decomposition_fold_too() -> None:
    assert fold("Powiat Płocki") == "powiat plocki" and fold("Ringkøbing") == "ringkobing"
    assert slug("Ærø Kommune") == "aero-kommune" and slug("Łódź") == "lodz"
