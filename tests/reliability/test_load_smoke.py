"""bench/load.py works: a short run with a few clients against the production server, both phases."""

from __future__ import annotations

import subprocess
import sys

import pytest

from kg.settings import Settings
from tests.reliability.helpers import REPO, cli_env

pytestmark = pytest.mark.slow


def test_load_script_runs_both_phases_without_errors(small_store: Settings) -> None:
    args = ["--data-dir", str(small_store.data_path), "--clients", "4", "--duration", "3", "--threads", "4"]
    done = subprocess.run(
        [sys.executable, "bench/load.py", *args],
        cwd=REPO,
        env=cli_env(small_store.data_path, sparql_timeout="2"),
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr[-3000:]
    rows = {
        line.split("|")[1].strip() + "/" + line.split("|")[2].strip(): line
        for line in done.stdout.splitlines()
        if line.startswith("| normal") or line.startswith("| runaway")
    }
    assert "normal/all" in rows and "runaway/all" in rows
    assert "| 0 |" in rows["normal/all"] and "| 0 |" in rows["runaway/all"]
    assert "statuses [503]" in rows["runaway/runaway query (apart)"]
