"""The most macro work (elements, see csl/patches.py MACRO_WORK_PER_ENTRY) one item
causes in each shipped independent style, rendering the records of an input file.

    python tools/style_work.py RECORDS.ris [--limit N]

Prints the styles with the most work per entry and the maximum; the bound in
patches.py is set from this with a wide margin.
"""

from __future__ import annotations

import argparse
import sys
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from citeconv import api
from citeconv.csl import engine
from citeconv.csl.fixes import work
from citeconv.csl.fixes.state import BIBLIOGRAPHY
from citeconv.csl.styles import styles_folder
from citeconv.diagnostics import CiteconvError, Report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("records")
    parser.add_argument("--limit", type=int, default=0)
    args = parser.parse_args()
    items = list(api.read([args.records], Report()))
    styles = sorted(p.stem for p in styles_folder().glob("*.csl"))
    if args.limit:
        styles = styles[: args.limit]
    results: list[tuple[float, str]] = []
    failed = 0
    warnings.simplefilter("ignore")
    for n, style in enumerate(styles):
        try:
            engine.render_bibliography(items, style, jobs=1)
        except CiteconvError:
            failed += 1  # a note style without bibliography, say
            continue
        work.close_entry()  # the last entry counted too
        results.append((BIBLIOGRAPHY.macro_work_peak, style))
        engine.load_any_style.cache_clear()
        if n % 200 == 0:
            print(f"{n} styles…", file=sys.stderr)
    results.sort(reverse=True)
    for peak, style in results[:15]:
        print(f"{peak:12,}  {style}")
    print(f"{len(results)} styles rendered, {failed} refused; max {results[0][0]:,.0f} per entry")


if __name__ == "__main__":
    main()
