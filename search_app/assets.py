"""Copy front-end libraries installed by npm (node_modules) into static/vendor, served locally.

The libraries are declared in package.json and installed at set-up (``make install``); nothing is
pasted into the repository. Run as ``python -m search_app.assets``.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENDOR = Path(__file__).resolve().parent / "static" / "vendor"

#: destination file name under static/vendor → path inside node_modules
FILES: dict[str, str] = {
    "chart.umd.min.js": "chart.js/dist/chart.umd.min.js",
    "cytoscape.min.js": "cytoscape/dist/cytoscape.min.js",
    "yasgui/yasgui.min.js": "@zazuko/yasgui/build/yasgui.min.js",
    "yasgui/yasgui.min.css": "@zazuko/yasgui/build/yasgui.min.css",
}


def copy_assets(node_modules: Path = ROOT / "node_modules", target: Path = VENDOR) -> list[str]:
    missing: list[str] = []
    target.mkdir(parents=True, exist_ok=True)
    for dest, src in FILES.items():
        source = node_modules / src
        if source.is_file():
            (target / dest).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target / dest)
        else:
            missing.append(src)
    return missing


def available(name: str) -> bool:
    """Whether the vendored file ``name`` was installed (templates fall back gracefully when not)."""
    return (VENDOR / name).is_file()


if __name__ == "__main__":
    gaps = copy_assets()
    if gaps:
        print("missing front-end files (run `npm install`):", ", ".join(gaps), file=sys.stderr)
        sys.exit(1)
