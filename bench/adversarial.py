"""Benchmark: extraction time on adversarial texts at growing sizes (linear growth expected).

Usage: .venv/bin/python bench/adversarial.py [--sizes 5000,50000,500000] [--names run-a "a, " ...]
       .venv/bin/python bench/adversarial.py --patterns [--sizes 5000,50000]

Default: every text of tests/reliability/hostile_text.py (runs of one character, alternations,
contact fragments, many lines, distinct names) goes through ``extract_document`` (tag suggestions
off) at each size; prints a Markdown table of seconds per size and the growth of the last step
(10 when the time is linear in the size, 100 when quadratic). ``--limit`` stops a text after that
many seconds at one size (shown as ">N").

``--patterns``: every compiled regular expression of ``ingest``, ``kg`` and ``search_app`` (module
constants and the literal patterns of ``re.*`` calls) searched over each text at the two smallest
sizes; lists those whose time grows more than 20 times for 10 times the text, with the place it is
only applied to bounded input when that is the case.
"""

from __future__ import annotations

import argparse
import ast
import dataclasses
import importlib
import pkgutil
import platform
import re
import signal
import sys
import time
from collections.abc import Callable, Iterator
from datetime import date
from functools import partial
from pathlib import Path
from types import FrameType
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.reliability.hostile_text import UNITS, text  # noqa: E402

PACKAGES = ("ingest", "kg", "search_app")
#: Patterns that are super-linear on their own but are only ever applied to bounded input.
BOUNDED = {
    "ingest.extract.emails._DOT": "matched at one position in a 300-character window",
    "ingest.extract.emails._LOCAL_BEFORE": "searched in the 160 characters before an @",
    "ingest.extract.emails._DOT_OBFUSCATED": "splits a local part of at most 160 characters",
    "ingest.extract.orgtokens._URL_OR_DOMAIN": "only on whitespace-free tokens of at most 200 characters",
    "ingest.extract.phones._OTHER_LABEL_BEFORE": "searched in the 30 characters before a number",
    "ingest.extract.phones._ID_BEFORE": "searched in the 30 characters before a number",
    "ingest.extract.phones._LABEL": "literal words (no backtracking); grows with the load only",
    "ingest.extract.addresses._LOCALITY": "matched at one position, words of at most 100 characters",
    "ingest.extract.addresses._COMMA_COUNTRY": "matched once at the end of each address",
    "ingest.extract.organizations._AFTER_COMMA": "matched once after each name, up to its line end",
    "ingest.mappings.splitters._PAREN_INNER": "run only up to the last ')' (tidy)",
    "ingest.mappings.values._WRAPPED": "run only on a cell that ends with ')'",
    "ingest.mappings.values._EMAIL_DOMAIN": "matched once after each '@' (a domain holds no '@')",
    "ingest/html_text.py": "fullmatch on one decoded e-mail attribute",
    "kg.redact._EMAIL": "fullmatch on one stored e-mail address",
    "kg.store._SCHEME": "matched at the start of one IRI",
    "ingest/extract/funds.py": "reads the bundled fund labels, not document text",
}


class _Timeout(Exception):
    pass


def _alarm(_signum: int, _frame: FrameType | None) -> None:
    raise _Timeout


def timed(call: Callable[[], Any], limit: float) -> float:
    """Seconds ``call`` takes, or infinity when it runs longer than ``limit`` (the regex engine
    checks for signals, so a runaway pattern is interrupted too)."""
    signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, limit)
    start = time.perf_counter()
    try:
        call()
        return time.perf_counter() - start
    except _Timeout:
        return float("inf")
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)


def _seconds(value: float, limit: float) -> str:
    return f">{limit:g}" if value == float("inf") else f"{value:.3f}"


def extraction(names: list[str], sizes: list[int], limit: float) -> None:
    from ingest.extract import extract_document

    extract_document("Testvale municipality runs a repair café.", source="warm-up", suggest=False)
    header = " | ".join(f"{size:,} chars s" for size in sizes)
    print(f"\n| text | {header} | growth ×{sizes[-1] // sizes[-2]} |")
    print("|---|" + "---:|" * (len(sizes) + 1))
    for name in names:
        times: list[float] = []
        for size in sizes:
            page = text(name, size)
            times.append(
                timed(lambda page=page: extract_document(page, source="adversarial", suggest=False), limit)
            )
            if times[-1] == float("inf"):
                break
        shown = [_seconds(t, limit) for t in times] + ["–"] * (len(sizes) - len(times))
        growth = times[-1] / max(times[-2], 1e-3) if len(times) == len(sizes) else float("inf")
        print(f"| `{name}` | " + " | ".join(shown) + f" | {growth:.1f} |", flush=True)


def _walk(value: Any, depth: int = 0) -> Iterator[re.Pattern[str]]:
    if isinstance(value, re.Pattern):
        if isinstance(value.pattern, str):
            yield value
        return
    if depth > 3:
        return
    if isinstance(value, dict):
        value = list(value.values())
    if isinstance(value, list | tuple | set | frozenset):
        for item in list(value)[:5000]:
            yield from _walk(item, depth + 1)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for f in dataclasses.fields(value):
            yield from _walk(getattr(value, f.name, None), depth + 1)


def all_patterns() -> dict[tuple[str, int], str]:
    """(pattern, flags) → where it is defined, for every pattern of the packages."""
    found: dict[tuple[str, int], str] = {}
    for package in PACKAGES:
        module = importlib.import_module(package)
        names = [package] + [m.name for m in pkgutil.walk_packages(module.__path__, package + ".")]
        for name in names:
            try:
                loaded = importlib.import_module(name)
            except Exception as exc:  # a module that needs an optional dependency
                print(f"(skipped {name}: {type(exc).__name__})", file=sys.stderr)
                continue
            for attr, value in vars(loaded).items():
                for pattern in _walk(value):
                    found.setdefault((pattern.pattern, pattern.flags), f"{name}.{attr}")
        for path in sorted((ROOT / package).rglob("*.py")):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if (
                    isinstance(node, ast.Call)
                    and isinstance(node.func, ast.Attribute)
                    and isinstance(node.func.value, ast.Name)
                    and node.func.value.id == "re"
                    and node.args
                    and isinstance(node.args[0], ast.Constant)
                    and isinstance(node.args[0].value, str)
                ):
                    try:
                        compiled = re.compile(node.args[0].value)
                    except re.error:
                        continue
                    where = f"{path.relative_to(ROOT)}:{node.lineno}"
                    found.setdefault((compiled.pattern, compiled.flags), where)
    from ingest.extract.lexicon import term_pattern

    found.setdefault((term_pattern().pattern, term_pattern().flags), "ingest.extract.lexicon.term_pattern()")
    return found


def _scan(compiled: re.Pattern[str], page: str) -> int:
    return sum(1 for _ in compiled.finditer(page))


def _scan_time(compiled: re.Pattern[str], page: str, limit: float) -> float:
    """Seconds per search of ``page``, repeated until 20 ms have passed (small times are noisy)."""
    rounds, total = 0, 0.0
    while total < 0.02:
        spent = timed(partial(_scan, compiled, page), limit)
        if spent == float("inf"):
            return spent
        rounds, total = rounds + 1, total + spent
    return total / rounds


def patterns(sizes: list[int], limit: float) -> None:
    small, large = sizes[0], sizes[1]
    found = all_patterns()
    print(f"\n{len(found)} patterns; searched over each text at {small:,} and {large:,} characters\n")
    print(f"| pattern | where | worst text | {small:,} s | {large:,} s | growth | bounded input |")
    print("|---|---|---|---:|---:|---:|---|")
    flagged = 0
    for (source, flags), where in sorted(found.items(), key=lambda item: item[1]):
        compiled = re.compile(source, flags)
        worst: tuple[str, float, float] | None = None
        for name in UNITS:
            t_small = _scan_time(compiled, text(name, small), limit)
            if t_small == float("inf"):
                worst = (name, t_small, t_small)
                break
            t_large = _scan_time(compiled, text(name, large), limit)
            growth = t_large / max(t_small, 1e-5)
            if t_large > 0.05 and growth > 20 and (worst is None or growth > worst[2] / max(worst[1], 1e-5)):
                worst = (name, t_small, t_large)
        if worst is None:
            continue
        flagged += 1
        reason = next((why for key, why in BOUNDED.items() if where.startswith(key)), "**no**")
        growth = worst[2] / max(worst[1], 1e-5)
        shown = source if len(source) <= 60 else source[:57] + "..."
        print(
            f"| `{shown}` | {where} | `{worst[0]}` | {_seconds(worst[1], limit)} | "
            f"{_seconds(worst[2], limit)} | {growth:.0f} | {reason} |",
            flush=True,
        )
    print(f"\n{flagged} of {len(found)} patterns grow faster than linearly on some text")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="5000,50000,500000", help="comma-separated text sizes")
    parser.add_argument("--names", nargs="+", default=[], help="text names (default: all)")
    parser.add_argument("--limit", type=float, default=120.0, help="seconds per text and size")
    parser.add_argument("--patterns", action="store_true", help="audit every regular expression instead")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    names = list(args.names) or list(UNITS)
    unknown = sorted(set(names) - set(UNITS))
    if unknown:
        parser.error(f"unknown text(s) {', '.join(unknown)}; known: {', '.join(UNITS)}")
    print(f"# adversarial — {date.today()} — {platform.node()} — {platform.python_version()}")
    if args.patterns:
        patterns(sizes, min(args.limit, 20.0))
    else:
        extraction(names, sizes, args.limit)


if __name__ == "__main__":
    main()
