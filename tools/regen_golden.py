"""Rewrite the expected files of the golden cases from the current citeconv.

Usage: python tools/regen_golden.py [CASE-SUBSTRING]   (then review `git diff`!)
A new case: add tests/golden/<what it shows>.ris and create empty expected files
for the variants it should cover, e.g. `touch "tests/golden/<case>.bibtex.bib"`.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from golden_variants import INPUT_SUFFIXES, VARIANTS  # noqa: E402


def main() -> None:
    wanted = sys.argv[1] if len(sys.argv) > 1 else ""
    golden = ROOT / "tests" / "golden"
    command = str(Path(sys.executable).parent / "citeconv")
    for source in sorted(golden.iterdir()):
        suffix = next((s for s in INPUT_SUFFIXES if source.name.endswith(s)), None)
        if suffix is None or wanted not in source.name:
            continue
        stem = source.name[: -len(suffix)]
        for variant, args in VARIANTS.items():
            expected = golden / f"{stem}.{variant}"
            if not expected.exists():
                continue
            result = subprocess.run(
                [command, "convert", str(source), *args, "--quiet"],
                capture_output=True,
                check=False,
            )
            if result.returncode != 0:
                print(f"FAILED {expected.name}: {result.stderr.decode()}", file=sys.stderr)
                continue
            expected.write_bytes(result.stdout)
            print(f"wrote {expected.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
