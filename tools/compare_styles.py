"""Compare citeconv's bibliography with citeproc-js's, style by style, on any CSL-JSON.

Development only (node is an oracle here, never a dependency). The golden set
(tests/csl/items.json, checked in CI against tools/regen_csl_expectations.py's
output) is small and hand-made; this runs the same comparison on a large realistic
file, for any styles, to find what the golden set misses:

    python ../shared/bench/make_corpus.py --records 2000 --seed 5 -o /tmp/g.ris
    citeconv convert /tmp/g.ris --to csl-json -o /tmp/g.json
    python tools/compare_styles.py --node-modules /tmp/oracle/node_modules \\
        /tmp/g.json apa springer-basic-author-date plos

For each style it prints how many entries are identical (in --markup) and whether
the bibliography order is the same, then the first differing entries (--show).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from regen_csl_expectations import run_oracle  # noqa: E402

from citeconv.csl.engine import finish_entry, html_entry, render_marked  # noqa: E402
from citeconv.model import Item  # noqa: E402


def compare(
    node_modules: Path, items_path: Path, style: str, show: int, markup: str, locale: str | None
) -> bool:
    """Print the comparison for one style; True when every entry and the order agree."""
    items = [Item.from_csl(entry) for entry in json.loads(items_path.read_text("utf-8"))]
    oracle = run_oracle(node_modules, items_path, style, (markup,), locale)
    theirs = oracle["formats"][markup]  # type: ignore[index]
    entries = render_marked(items, style, locale)
    if markup == "html":
        ours = {e.id: html_entry(finish_entry(e.text, "html")) for e in entries}
    else:
        ours = {e.id: finish_entry(e.text, "text") + "\n" for e in entries}
    expected: dict[str, str] = theirs["entries"]
    same = sum(expected.get(item.id) == ours.get(item.id) for item in items)
    order = [entry.id for entry in entries]
    same_order = order == [item_id for item_id in theirs["order"] if item_id in ours]
    print(f"{style}: {same}/{len(items)} identical, order {'same' if same_order else 'DIFFERENT'}")
    shown = 0
    for item in items:
        if shown >= show:
            break
        if expected.get(item.id) != ours.get(item.id):
            shown += 1
            print(f"  {item.id}")
            print(f"    js:   {expected.get(item.id)!r}\n    ours: {ours.get(item.id)!r}")
    return same == len(items) and same_order


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--node-modules", type=Path, required=True, help="has citeproc/")
    parser.add_argument("--show", type=int, default=3, help="differing entries to print")
    parser.add_argument("--markup", choices=("text", "html"), default="text")
    parser.add_argument("--locale", help="force this locale (default: the style's)")
    parser.add_argument("items", type=Path, help="a CSL-JSON file")
    parser.add_argument("styles", nargs="+", help="style ids or .csl paths")
    args = parser.parse_args()
    results = [
        compare(args.node_modules, args.items, style, args.show, args.markup, args.locale)
        for style in args.styles
    ]
    sys.exit(0 if all(results) else 1)


if __name__ == "__main__":
    main()
