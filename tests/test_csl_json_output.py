"""CSL-JSON output validates against the CSL 1.0.2 data schema and reads back equal."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from citeconv.diagnostics import Report
from citeconv.readers import read_stream
from citeconv.writers.base import WriterOptions
from citeconv.writers.csljson import CslJsonWriter

from conftest import SAMPLE, run_citeconv
from csl_schema import TYPES, validate_item


def test_sample_output_is_valid() -> None:
    result = run_citeconv("convert", str(SAMPLE), "--to", "csl-json", "-q")
    for item in json.loads(result.stdout):
        assert validate_item(item) == []


def test_validator_catches_violations() -> None:
    assert validate_item({"id": "a", "type": "journal"}) == ["type 'journal' is not a CSL type"]
    assert validate_item({"id": "a", "type": "book", "author": [{"first": "x"}]})
    assert validate_item({"id": "a", "type": "book", "issued": {"date-parts": [[]]}})
    assert validate_item({"id": "a", "type": "book", "journal": "x"})
    # Where the official v1.0.2 schema is narrower than the CSL specification's lists.
    assert validate_item({"id": "a", "type": "book", "license": "CC-BY"})
    assert validate_item({"id": "a", "type": "book", "title": 1984}) == ["title: not a string"]
    assert validate_item({"id": "a", "type": "book", "volume": 3}) == []
    assert validate_item({"id": "a", "type": "book", "issued": {"edtf": "2019"}})
    assert validate_item({"id": "a", "type": "book", "issued": {"date-parts": [[True]]}})
    assert validate_item({"id": "a", "type": "book", "author": [{"family": 3}]})


@pytest.mark.corpus
def test_every_corpus_file_gives_valid_csl_json(corpus: Path, tmp_path: Path) -> None:
    files = sorted(str(p) for p in corpus.rglob("*.ris"))
    out = tmp_path / "all.json"
    result = run_citeconv("convert", *files, "--keep-going", "-q", "-o", str(out), timeout=600)
    assert result.returncode in (0, 1), result.stderr.decode()[-2000:]
    assert b"Traceback" not in result.stderr
    items = json.loads(out.read_text(encoding="utf-8"))
    assert len(items) > 1000
    invalid = {item["id"]: validate_item(item) for item in items if validate_item(item)}
    assert invalid == {}
    assert len({item["id"] for item in items}) == len(items)


_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
    max_size=30,
)
_names = st.lists(st.fixed_dictionaries({"family": _text.filter(bool), "given": _text}), max_size=4)
_items = st.fixed_dictionaries(
    {
        "id": st.from_regex(r"[A-Za-z][A-Za-z0-9]{0,8}", fullmatch=True),
        "type": st.sampled_from(sorted(TYPES)),
        "title": _text,
        "author": _names,
        "issued": st.fixed_dictionaries(
            {
                # Valid CSL dates (a month 1-12 or a season 13-16/21-24, a day
                # 1-31): an invalid part is warned about and ends the date.
                "date-parts": st.lists(
                    st.tuples(
                        st.integers(1, 2999),
                        st.integers(1, 16) | st.integers(21, 24),
                        st.integers(1, 31),
                        st.integers(1, 3),
                    ).map(lambda d: list(d[: d[3]])),
                    min_size=1,
                    max_size=2,
                )
            }
        ),
        "volume": _text,
    }
)


@settings(max_examples=60, deadline=None)
@given(st.lists(_items, min_size=1, max_size=4, unique_by=lambda i: i["id"].lower()))
def test_csl_json_round_trip(items: list[dict[str, Any]]) -> None:
    """CSL-JSON read by our reader and written by our writer comes back equal."""
    data = json.dumps(items).encode("utf-8")
    report = Report()
    out = io.StringIO()
    # --keep-ids: the items' own ids (valid keys) stay; see tests/test_one_key.py.
    writer = CslJsonWriter(WriterOptions(keep_ids=True))
    written = writer.write(read_stream(io.BytesIO(data), "<t>", report), out)
    assert written == len(items)
    expected = [{k: v for k, v in item.items() if v != []} for item in items]
    assert json.loads(out.getvalue()) == expected


_json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | _text,
    lambda children: st.lists(children, max_size=3) | st.dictionaries(_text, children, max_size=3),
    max_leaves=12,
)


@settings(max_examples=200, deadline=None)
@given(_json_values)
def test_indented_dump_is_json_dumps(value: Any) -> None:
    from citeconv.writers.csljson import dumps_indented

    expected = json.dumps(value, ensure_ascii=False, indent=2).replace("\n", "\n  ")
    assert dumps_indented(value, "  ") == expected


def test_the_readers_item_types_are_the_schemas() -> None:
    """citeconv.model.ITEM_TYPES (what the CSL-JSON reader accepts without a word) is
    the CSL 1.0.2 schema's type list, restated independently in tests/csl_schema.py."""
    from citeconv.model import ITEM_TYPES

    assert ITEM_TYPES == TYPES
