"""Browser tests: a real server started from the CLI on a temporary data dir, driven by Playwright
with Debian's chromium (headless).

The server is ``civicgraph serve`` in a subprocess on a free port, after ``civicgraph ingest`` of the
fictional corpus in ``fixtures/`` (plus ``data/samples/`` when the demo corpus is there). Every page a
test opens is watched: a console error, an uncaught exception or a JavaScript dialog fails the test.
Screenshots go to ``test-artifacts/`` (git-ignored).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from browser_support import AXE, REPO, Server, Watch, shot

FIXTURES = Path(__file__).resolve().parent / "fixtures"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def _require() -> bool:
    return os.environ.get("CIVICGRAPH_REQUIRE_SHARED", "") in {"1", "true", "yes"}


@pytest.fixture(scope="session")
def chromium() -> Path:
    if not CHROMIUM.is_file():
        if _require():
            pytest.fail(f"{CHROMIUM} is required (CIVICGRAPH_REQUIRE_SHARED=1) but missing")
        pytest.skip(f"{CHROMIUM} is not installed")
    return CHROMIUM


@pytest.fixture(scope="session")
def frontend_assets() -> None:
    """The npm-installed libraries (``make assets``): charts, network, axe-core."""
    from search_app.assets import FILES, available

    missing = [name for name in FILES if not available(name)]
    if not AXE.is_file():
        missing.append(str(AXE.relative_to(REPO)))
    if missing:
        message = f"front-end files missing (run `make assets`, which needs npm): {', '.join(missing)}"
        if _require():
            pytest.fail(message)
        pytest.skip(message)


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _cli() -> list[str]:
    script = Path(sys.executable).with_name("civicgraph")
    return [str(script)] if script.is_file() else [sys.executable, "-m", "search_app.cli"]


def _wait(url: str, process: subprocess.Popen[bytes], timeout: float = 90.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited with code {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"the server did not answer {url} within {timeout:.0f} s")


@pytest.fixture(scope="session")
def server(chromium: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    root = tmp_path_factory.mktemp("browser")
    env = {**os.environ, "CIVICGRAPH_DATA_DIR": str(root / "store"), "HF_HUB_OFFLINE": "1",
           "TRANSFORMERS_OFFLINE": "1"}  # fmt: skip
    inputs = [str(FIXTURES / "corpus"), str(FIXTURES / "xss")]
    samples = REPO / "data" / "samples"
    if samples.is_dir() and any(p.is_file() and not p.name.startswith(".") for p in samples.rglob("*")):
        inputs.insert(0, str(samples))
    ingest = subprocess.run(
        [*_cli(), "ingest", "--quiet", *inputs],
        env=env,
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=600,
    )
    (root / "ingest.log").write_text(ingest.stdout + ingest.stderr, encoding="utf-8")
    assert ingest.returncode == 0, ingest.stderr[-2000:]
    port = _free_port()
    log = root / "server.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [*_cli(), "serve", "--host", "127.0.0.1", "--port", str(port)],
            env=env, cwd=REPO, stdout=out, stderr=subprocess.STDOUT,
        )  # fmt: skip
        url = f"http://127.0.0.1:{port}"
        try:
            _wait(url + "/", process)
            yield Server(url, root / "store", log)
        finally:
            process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=15)


@pytest.fixture(scope="session")
def browser(chromium: Path) -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(
            executable_path=str(chromium), headless=True, args=CHROMIUM_ARGS
        )
        yield instance
        instance.close()


def _new_page(browser: object, watch: Watch, *, bypass_csp: bool = False) -> object:
    context = browser.new_context(  # type: ignore[attr-defined]
        viewport={"width": 1280, "height": 900}, bypass_csp=bypass_csp, locale="en-GB"
    )
    page = context.new_page()
    page.on("console", lambda m: watch.console_errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: watch.page_errors.append(str(e)))

    def on_dialog(dialog: object) -> None:
        watch.dialogs.append(dialog.message)  # type: ignore[attr-defined]
        dialog.dismiss()  # type: ignore[attr-defined]

    page.on("dialog", on_dialog)
    return page


@pytest.fixture()
def watch() -> Watch:
    return Watch()


@pytest.fixture()
def page(browser: object, watch: Watch, request: pytest.FixtureRequest) -> Iterator[object]:
    """A fresh page with the site's own CSP in force; fails the test on console errors or dialogs."""
    page = _new_page(browser, watch)
    yield page
    shot(page, request.node.name + "-end")
    page.context.close()  # type: ignore[attr-defined]
    assert watch.problems() == []


@pytest.fixture()
def open_page(browser: object, watch: Watch, request: pytest.FixtureRequest) -> Iterator[object]:
    """A page that ignores the site's CSP (so escaping alone must keep hostile text inert, and axe can
    be injected); still fails the test on dialogs and uncaught errors."""
    page = _new_page(browser, watch, bypass_csp=True)
    yield page
    shot(page, request.node.name + "-end")
    page.context.close()  # type: ignore[attr-defined]
    assert watch.dialogs == [] and watch.page_errors == []
