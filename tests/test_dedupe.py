"""De-duplication: the look-alikes that must stay apart, what merges, the report,
the command line, independence from the input's order, and the two labelled
benchmark sets of ``../shared/dedupe`` (scored as bib-dedupe scores)."""

from __future__ import annotations

import io
import json
import random
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from citeconv.dedupe import find_duplicates
from citeconv.dedupe.cluster import cluster
from citeconv.dedupe.keys import make_key, title_key
from citeconv.dedupe.match import compare
from citeconv.diagnostics import Report
from citeconv.model import Date, Item, Name
from citeconv.readers import ReadOptions, read_stream

from conftest import ROOT, run_citeconv

sys.path.insert(0, str(ROOT / "tools"))
from dedupe_score import pairs, record_level

SETS = ROOT.parent / "shared" / "dedupe"


def article(**fields: Any) -> Item:
    """A journal article; ``authors`` as "Family Given" strings, ``year`` an int."""
    authors = fields.pop("authors", ["Smith John", "Doe Jane"])
    year = fields.pop("year", 2019)
    values = {
        "title": "Eculizumab in atypical haemolytic uraemic syndrome: a cohort study",
        "container-title": "Pediatric Nephrology",
        "volume": "34",
        "page": "1021-1030",
    }
    values.update(fields)
    item = Item(id="x", type=values.pop("type", "article-journal"))
    item.fields = {k: v for k, v in values.items() if v is not None}
    item.names["author"] = [Name(family=a.split()[0], given=a.split()[1]) for a in authors]
    if year is not None:
        item.dates["issued"] = Date(parts=[[year]])
    return item


def same(a: Item, b: Item, merge_preprints: bool = False) -> str:
    return compare(make_key(a, 0, "a"), make_key(b, 1, "b"), merge_preprints).decision


# ------------------------------------------------------------------ what merges


def test_the_same_article_from_two_databases_merges() -> None:
    pubmed = article(title="Eculizumab in atypical haemolytic uraemic syndrome: a cohort study.")
    embase = article(
        title="ECULIZUMAB IN ATYPICAL HAEMOLYTIC URAEMIC SYNDROME - A COHORT STUDY",
        **{"container-title": "Pediatr Nephrol", "page": "1021-30"},
    )
    assert same(pubmed, embase) == "same"


def test_an_identifier_with_an_agreeing_title_merges_without_the_rest() -> None:
    a = article(DOI="10.1007/s00467-019-1", volume=None, page=None)
    b = article(DOI="10.1007/S00467-019-1", **{"container-title": None}, authors=[], year=None)
    assert same(a, b) == "same"


def test_a_translated_title_merges_on_authors_journal_volume_page_and_year() -> None:
    english = article(title="Are antimicrobials useful in closed thoracostomy due to trauma?")
    spanish = article(
        title="[Utilidad de los antimicrobianos en la toracostomia cerrada por trauma]",
        **{"container-title": "Cir Cir"},
    )
    english.fields["container-title"] = "Cirugia y Cirujanos"
    assert same(english, spanish) == "same"


def test_title_markup_greek_letters_and_database_notes_are_folded() -> None:
    assert title_key("The <i>β</i>-blocker trial [Review] [34 refs]") == "the beta blocker trial"
    assert title_key("[A study of TB pleurisy]") == "a study of tb pleurisy"
    assert title_key(
        "Gain-of-function mutations.[Erratum appears in Proc Natl Acad Sci U S A. 2007 Jun"
    ) == ("gain of function mutations")


# ------------------------------------------------------------------ what never merges


@pytest.mark.parametrize(
    ("title", "why"),
    [
        ("Erratum: Eculizumab in atypical haemolytic uraemic syndrome: a cohort study", "err"),
        (
            "Eculizumab in atypical haemolytic uraemic syndrome: a cohort study"
            " (vol 34, pg 1021, 2019)",
            "err",
        ),
        ("Reply: Eculizumab in atypical haemolytic uraemic syndrome: a cohort study", "reply"),
        ("Comment on: Eculizumab in atypical haemolytic uraemic syndrome: a cohort study", "com"),
    ],
)
def test_errata_replies_and_comments_never_merge_with_the_article(title: str, why: str) -> None:
    assert same(article(), article(title=title)) != "same", why


def test_parts_of_a_series_never_merge() -> None:
    one = article(title="Management of pleural infection in adults. Part I: diagnosis")
    two = article(title="Management of pleural infection in adults. Part II: diagnosis")
    assert same(one, two) != "same"
    three = article(title="A phase 2 trial of drug X in severe asthma")
    four = article(title="A phase 3 trial of drug X in severe asthma")
    assert same(three, four) != "same"


def test_generic_titles_need_the_same_journal_volume_and_page() -> None:
    a = article(title="Editorial", page="1", authors=["Brown Anne"])
    b = article(title="Editorial", page="7", authors=["Brown Anne"])
    assert same(a, b) != "same"
    c = article(title="Letter to the editor", volume="35", page="99", authors=["Brown Anne"])
    assert same(a, c) != "same"
    assert same(a, article(title="Editorial", page="1", authors=["Brown Anne"])) == "same"


def test_a_preprint_and_its_published_version_are_kept_apart_unless_asked() -> None:
    published = article(DOI="10.1007/s00467-019-1")
    preprint = article(
        DOI="10.1101/2019.01.01.123456",
        **{"container-title": "medRxiv", "volume": None, "page": None},
        type="article",
    )
    assert same(published, preprint) != "same"
    preprint.fields.pop("DOI")
    published.fields.pop("DOI")
    assert same(published, preprint, merge_preprints=True) == "same"


def test_a_conference_abstract_and_the_full_paper_stay_apart() -> None:
    full = article()
    abstract = article(page="S12", volume="34")
    abstract.fields["container-title"] = "Pediatric Nephrology. Conference: 51st ESPN Meeting"
    assert same(full, abstract) != "same"


def test_title_alone_never_merges_and_different_ids_never_do() -> None:
    bare = Item(id="a", type="article-journal", fields={"title": "A long enough title of a study"})
    assert same(bare, Item(id="b", type="article-journal", fields=dict(bare.fields))) != "same"
    assert same(article(DOI="10.1/a"), article(DOI="10.1/b")) == "different"
    assert same(article(PMID="1"), article(PMID="2")) == "different"


def test_a_chain_never_joins_two_records_that_conflict() -> None:
    """A = B and B = C, but A and C have different DOIs: not one cluster of three."""
    a = article(DOI="10.1/a")
    b = article()
    c = article(DOI="10.1/c")
    keys = [make_key(x, n, str(n)) for n, x in enumerate([a, b, c])]
    result = cluster(keys)
    assert result.of[0] != result.of[2]
    assert any({p.a, p.b} == {0, 1} or {p.a, p.b} == {1, 2} for p in result.maybe)


# ------------------------------------------------------------------ the engine


RIS_A = """TY  - JOUR
ID  - pubmed-1
TI  - Eculizumab in atypical haemolytic uraemic syndrome: a cohort study
AU  - Smith, John
AU  - Doe, Jane
PY  - 2019
T2  - Pediatric Nephrology
VL  - 34
SP  - 1021
EP  - 1030
KW  - eculizumab
ER  -

TY  - JOUR
ID  - pubmed-2
TI  - Something else entirely about asthma in adults
AU  - Brown, Anne
PY  - 2018
T2  - Thorax
VL  - 70
SP  - 5
ER  -
"""
MEDLINE_B = """PMID- 99
TI  - Eculizumab in atypical haemolytic uraemic syndrome - a cohort study.
FAU - Smith, John
FAU - Doe, Jane
DP  - 2019
JT  - Pediatric nephrology (Berlin, Germany)
TA  - Pediatr Nephrol
VI  - 34
PG  - 1021-30
AB  - An abstract that only PubMed had.
MH  - Child

"""


def test_mixed_formats_merge_into_one_record_with_what_each_had(tmp_path: Path) -> None:
    a, b = tmp_path / "a.ris", tmp_path / "b.nbib"
    a.write_text(RIS_A)
    b.write_text(MEDLINE_B)
    report = tmp_path / "report.tsv"
    done = run_citeconv("dedupe", str(a), str(b), "--to", "csl-json", "--report", str(report))
    assert done.returncode == 0, done.stderr
    items = json.loads(done.stdout)
    assert [i["title"][:10] for i in items] == ["Eculizumab", "Something "]
    merged = items[0]
    assert merged["abstract"] == "An abstract that only PubMed had."
    assert merged["PMID"] == "99"
    assert set(merged["keyword"].split(", ")) == {"eculizumab", "Child"}
    assert merged["custom"]["merged-from"] == ["pubmed-1", "PMID:99"]
    lines = report.read_text().splitlines()
    assert lines[0] == "id\tcluster\tkept\tsource\trule"
    rows = [line.split("\t") for line in lines[1:]]
    assert [(r[0], r[1]) for r in rows] == [
        ("pubmed-1", "c00001"),
        ("pubmed-2", "c00002"),
        ("PMID:99", "c00001"),
    ]
    assert rows[2][3] == str(b)
    assert b"3 records in, 1 duplicates removed" in done.stderr


def test_dry_run_writes_the_report_and_no_records_and_stdin_is_read(tmp_path: Path) -> None:
    report, maybe = tmp_path / "r.tsv", tmp_path / "m.tsv"
    done = run_citeconv(
        "dedupe",
        "--dry-run",
        "--report",
        str(report),
        "--maybe",
        str(maybe),
        input=(RIS_A + "\n" + RIS_A.replace("pubmed-", "copy-")).encode(),
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == b""
    rows = [line.split("\t")[:2] for line in report.read_text().splitlines()[1:]]
    assert rows == [
        ["pubmed-1", "c00001"],
        ["pubmed-2", "c00002"],
        ["copy-1", "c00001"],
        ["copy-2", "c00002"],
    ]
    assert maybe.read_text().startswith("id\tother\tscore")


def test_convert_dedupe_writes_ris_with_the_merged_ids(tmp_path: Path) -> None:
    a = tmp_path / "a.ris"
    a.write_text(RIS_A + "\n" + RIS_A.replace("pubmed-", "copy-"))
    done = run_citeconv("convert", str(a), "--dedupe", "--to", "ris", "-q")
    assert done.returncode == 0, done.stderr
    text = done.stdout.decode()
    assert text.count("TY  - ") == 2
    assert "N1  - Merged from: pubmed-1; copy-1" in text


def _ris(records: list[dict[str, str]]) -> bytes:
    lines = []
    for record in records:
        lines.append("TY  - JOUR")
        lines.extend(f"{tag}  - {value}" for tag, value in record.items())
        lines.append("ER  - ")
        lines.append("")
    return "\n".join(lines).encode()


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.integers(0, 6),  # which work
            st.booleans(),  # upper-case title
            st.sampled_from(["Pediatric Nephrology", "Pediatr Nephrol"]),
        ),
        min_size=1,
        max_size=14,
    ),
    st.randoms(use_true_random=False),
)
def test_copies_of_a_work_merge_and_order_does_not_change_the_clusters(
    records: list[tuple[int, bool, str]], shuffle: random.Random
) -> None:
    rows = []
    for n, (work, upper, journal) in enumerate(records):
        number = ["one", "two", "three", "four", "five", "six", "seven"][work]
        title = f"Outcome number {number} of a study"
        rows.append(
            {
                "ID": f"r{n}",
                "TI": title.upper() if upper else title,
                "AU": f"Author{work}, A.",
                "PY": "2019",
                "T2": journal,
                "VL": str(10 + work),
                "SP": str(100 + work),
            }
        )
    expected = {}
    for row, (work, _, _) in zip(rows, records, strict=True):
        expected.setdefault(work, set()).add(row["ID"])

    def clusters(data: bytes) -> set[frozenset[str]]:
        items = list(read_stream(io.BytesIO(data), "x", Report(), ReadOptions()))
        keys = [make_key(item, n, item.key or "") for n, item in enumerate(items)]
        result = cluster(keys)
        groups: dict[int, set[str]] = {}
        for n, first in enumerate(result.of):
            groups.setdefault(first, set()).add(keys[n].source_id)
        return {frozenset(g) for g in groups.values()}

    assert clusters(_ris(rows)) == {frozenset(v) for v in expected.values()}
    shuffle.shuffle(rows)
    assert clusters(_ris(rows)) == {frozenset(v) for v in expected.values()}


# ------------------------------------------------------------------ the benchmark sets

#: Measured on the two sets (record level, as bib-dedupe scores): no work wrongly
#: removed, and at most these duplicates left in. bib-dedupe's published results
#: are FN 15 (haematology) and 28 (respiratory); haematology's truth merges errata
#: and corrections with their article, which citeconv keeps apart by design.
MOST_MISSED = {"haematology": 19, "respiratory": 9}


@pytest.mark.parametrize("name", sorted(MOST_MISSED))
def test_benchmark_sets_no_work_removed_and_few_duplicates_missed(name: str) -> None:
    folder = SETS / name
    if not folder.exists():
        pytest.skip("the shared de-duplication sets are not here")
    found = find_duplicates([str(folder / "records.ris")], Report(), ReadOptions())
    predicted = {key.source_id: f"c{found.clusters.of[n]}" for n, key in enumerate(found.keys)}
    truth = dict(
        line.split("\t") for line in (folder / "truth.tsv").read_text().splitlines() if line
    )
    counts = record_level(truth, predicted)
    assert counts["FP"] == 0
    assert counts["FN"] <= MOST_MISSED[name]
    assert not (pairs(predicted) - pairs(truth))  # no wrong pair either
    # The same clusters for a shuffled input.
    text = (folder / "records.ris").read_text()
    records = [r for r in text.replace("\r\n", "\n").split("\n\n") if r.strip()]
    random.Random(7).shuffle(records)
    items = list(
        read_stream(io.BytesIO("\n\n".join(records).encode()), "s", Report(), ReadOptions())
    )
    keys = [make_key(item, n, item.key or "") for n, item in enumerate(items)]
    shuffled = cluster(keys)
    groups: dict[int, set[str]] = {}
    for n, first in enumerate(shuffled.of):
        groups.setdefault(first, set()).add(keys[n].source_id)
    assert {frozenset(g) for g in groups.values()} == {
        frozenset(members) for members in _groups(predicted)
    }


def _groups(labels: dict[str, str]) -> list[set[str]]:
    found: dict[str, set[str]] = {}
    for record, label in labels.items():
        found.setdefault(label, set()).add(record)
    return list(found.values())


# ------------------------------------------- from the adversarial review


@pytest.mark.parametrize(
    ("one", "other"),
    [
        (
            "Long-term outcomes of statin therapy in men",
            "Long-term outcomes of statin therapy in women",
        ),
        ("Diabetes type I in adolescents", "Diabetes type II in adolescents"),
        ("Five-year survival after lung resection", "Ten-year survival after lung resection"),
        ("COVID-19 in care homes: the first wave", "COVID-19 in care homes: the second wave"),
        ("Vitamin D in care homes: qualitative findings", "Vitamin D in care homes: trial results"),
    ],
)
def test_titles_that_differ_in_a_word_that_makes_another_work(one: str, other: str) -> None:
    """With one record lacking pages, a title similarity of 0.98 and author,
    journal and year merged these (found by an adversarial review)."""
    assert same(article(title=one), article(title=other, page=None, volume=None)) != "same"


def test_a_protocol_and_its_results_and_a_thesis_and_an_article_stay_apart() -> None:
    trial = "Yoga for chronic low back pain (YOGA-BACK): a randomised controlled trial"
    protocol = "Yoga for chronic low back pain (YOGA-BACK): study protocol for a randomised trial"
    assert same(article(title=trial), article(title=protocol, page=None)) != "same"
    cochrane = article(title=trial, page=None)
    cochrane.fields["genre"] = "Protocol"
    assert same(article(title=trial), cochrane) != "same"
    assert same(article(), article(type="thesis", page=None)) != "same"


def test_a_journal_is_not_its_sister_and_acronyms_and_nlm_notes_match() -> None:
    lancet = article(**{"container-title": "The Lancet"}, page=None, volume=None)
    oncology = article(**{"container-title": "The Lancet Oncology"}, page=None, volume=None)
    assert same(lancet, oncology) != "same"
    plos = article(**{"container-title": "PLoS One [electronic resource]"}, page=None)
    assert same(article(**{"container-title": "PLoS ONE"}, page=None), plos) == "same"
    pnas = article(**{"container-title": "PNAS"}, page=None)
    full = article(**{"container-title": "Proc Natl Acad Sci"}, page=None)
    full.fields["container-title"] = "Proceedings of the National Academy of Sciences"
    assert same(pnas, full) == "same"


def test_notes_at_a_title_end_and_generic_openings_are_not_articles() -> None:
    for title in (
        "Eculizumab in atypical haemolytic uraemic syndrome: a cohort study [Erratum]",
        "Eculizumab in atypical haemolytic uraemic syndrome: a cohort study - Corrigendum",
    ):
        assert same(article(), article(title=title, page=None)) != "same"
    a = article(title="Letter to the editors", page=None, authors=["Brown Anne"])
    b = article(title="Letter to the editors", page="77", authors=["Brown Anne"])
    assert same(a, b) != "same"


def test_the_same_doi_and_title_overrule_year_pages_volume_and_group_authors() -> None:
    """An online year against a print year, an article number against pages, the
    trial's group against its writing committee: one work (they were missed)."""
    doi = {"DOI": "10.1056/NEJMoa2021436"}
    print_version = article(**doi, year=2022)
    online = article(**doi, year=2020, page="e1", volume="1")
    online.names["author"] = [Name(literal="RECOVERY Collaborative Group")]
    assert same(print_version, online) == "same"
    keys = [make_key(x, n, str(n)) for n, x in enumerate([print_version, online, article(**doi)])]
    assert len(set(cluster(keys).of)) == 1


def test_a_common_generic_title_is_compared_within_smaller_blocks() -> None:
    """5,000 "Editorial"s: the block was skipped and no copy merged."""
    editorials = [
        article(title="Editorial", page=str(n // 2), authors=[f"Author{n // 2} X"], volume="3")
        for n in range(400)
    ]
    keys = [make_key(x, n, str(n)) for n, x in enumerate(editorials)]
    result = cluster(keys)
    assert len(set(result.of)) == 200


def test_the_merged_record_does_not_depend_on_the_input_order(tmp_path: Path) -> None:
    a = RIS_A.split("\n\n")[0] + "\n"
    b = (
        a.replace("pubmed-1", "embase-1")
        .replace("Pediatric Nephrology", "Pediatr Nephrol")
        .replace("EP  - 1030\n", "EP  - 1030\nDO  - 10.1007/x\n")
    )
    outputs = []
    for order in ((a, b), (b, a)):
        path = tmp_path / "in.ris"
        path.write_text("\n".join(order))
        done = run_citeconv("dedupe", str(path), "--to", "csl-json", "-q")
        assert done.returncode == 0, done.stderr
        [merged] = json.loads(done.stdout)
        merged.pop("id"), merged["custom"].pop("merged-from")
        outputs.append(merged)
    assert outputs[0] == outputs[1]


def test_the_report_costs_linear_time() -> None:
    """--report asked each record's cluster its members anew: 12,932 records 115 s."""
    import time

    rows = [
        {"ID": f"r{n}", "TI": f"Study number {n} of outcomes", "AU": "Smith, J.", "PY": "2019"}
        for n in range(6000)
    ]
    path = Path(__import__("tempfile").mkdtemp()) / "big.ris"
    path.write_bytes(_ris(rows))
    start = time.monotonic()
    done = run_citeconv("dedupe", str(path), "--dry-run", "--report", str(path) + ".tsv")
    assert done.returncode == 0, done.stderr
    assert time.monotonic() - start < 30
    assert len(Path(str(path) + ".tsv").read_text().splitlines()) == 6001
