from pathlib import Path

import pytest

from kg import settings as s

README = Path(__file__).resolve().parents[2] / "README.md"


def test_defaults_without_environment() -> None:
    loaded = s.load({})
    for setting in s.REGISTRY:
        assert getattr(loaded, setting.name) == setting.default


def test_environment_is_parsed() -> None:
    loaded = s.load({"CIVICGRAPH_SPARQL_TIMEOUT": "2.5", "CIVICGRAPH_REQUIRE_SHARED": "yes"})
    assert loaded.sparql_timeout == 2.5
    assert loaded.require_shared is True


def test_bad_value_names_the_variable() -> None:
    with pytest.raises(s.SettingsError, match="CIVICGRAPH_SPARQL_MAX_ROWS"):
        s.load({"CIVICGRAPH_SPARQL_MAX_ROWS": "-3"})


def test_unknown_override_is_refused() -> None:
    with pytest.raises(s.SettingsError, match="nonsense"):
        s.load({}, nonsense=1)


def test_readme_documents_every_setting() -> None:
    text = README.read_text(encoding="utf-8")
    missing = [setting.env for setting in s.REGISTRY if f"`{setting.env}`" not in text]
    assert not missing, f"README.md configuration table lacks: {missing}"
