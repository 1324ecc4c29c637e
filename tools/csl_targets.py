"""The stock signature of every citeproc-py attribute citeconv's fixes replace.

    python tools/csl_targets.py          # print the table, and what differs
    python tools/csl_targets.py --write  # rewrite TARGETS in citeconv/csl/guard.py

Run with the supported citeproc-py installed, after a fix is added or moved: the
guard refuses a citeproc-py whose functions no longer look like these.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def table() -> dict[str, str]:
    from citeconv.csl import guard, patches

    return {name: guard.describe(v) for name, v in sorted(patches.stock_targets().items())}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="rewrite the table in guard.py")
    args = parser.parse_args()
    found = table()
    rows = []
    for name, signature in found.items():
        row = f"    {json.dumps(name)}: {json.dumps(signature)},"
        rows.append(row + ("  # noqa: E501\n" if len(row) > 100 else "\n"))
    lines = "".join(rows)
    text = f"TARGETS: dict[str, str] = {{\n{lines}}}\n"
    if not args.write:
        sys.stdout.write(text)
        return 0
    path = ROOT / "citeconv" / "csl" / "guard.py"
    source = path.read_text(encoding="utf-8")
    new, count = re.subn(
        r"TARGETS: dict\[str, str\] = \{.*?\n\}\n", lambda _: text, source, flags=re.S
    )
    if not count:
        new, count = re.subn(r"TARGETS: dict\[str, str\] = \{\}\n", lambda _: text, source)
    if count != 1:
        sys.exit("TARGETS not found in guard.py")
    path.write_text(new, encoding="utf-8")
    print(f"{len(found)} targets written to {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
