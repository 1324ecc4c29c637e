"""The built-in readers, registered in the entry-point group ``citeconv.readers``
as third-party ones are. Each class is light (its content test uses
``readers.ris.sniff``); the parser is imported when it reads."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, BinaryIO, ClassVar

from citeconv.readers.base import Reader

if TYPE_CHECKING:
    from citeconv.diagnostics import Report
    from citeconv.model import Item
    from citeconv.readers.base import ReadOptions


class _LineReader(Reader):
    """A reader of line-based text whose parser takes ``encoding``, ``first_index``
    and ``max_line_bytes``: ``parser`` names it ("module:function"), imported when
    it reads."""

    parser: ClassVar[str] = ""

    def read(
        self,
        stream: BinaryIO,
        name: str,
        report: Report,
        options: ReadOptions,
        first_index: int = 1,
    ) -> Iterator[Item]:
        import importlib

        module, _, function = self.parser.partition(":")
        parse = getattr(importlib.import_module(module), function)
        found: Iterator[Item] = parse(
            stream,
            name,
            report,
            encoding=options.encoding,
            first_index=first_index,
            max_line_bytes=options.max_line_bytes,
        )
        return found


class RisReader(Reader):
    name: ClassVar[str] = "ris"
    suffixes: ClassVar[tuple[str, ...]] = (".ris", ".txt")
    description: ClassVar[str] = (
        "RIS (EndNote, Zotero, PubMed, WoS, Scopus, Embase, EBSCO, publishers, Scholar)"
    )

    @classmethod
    def detect(cls, head: bytes, text: str) -> int:
        return 10  # the fallback: RIS damage is recovered, other text refused by name

    @classmethod
    def problem(cls, head: bytes, encoding: str | None, complete: bool) -> str | None:
        from citeconv.readers.ris.sniff import head_problem

        return head_problem(head, encoding, "ris", complete=complete)

    def read(
        self,
        stream: BinaryIO,
        name: str,
        report: Report,
        options: ReadOptions,
        first_index: int = 1,
    ) -> Iterator[Item]:
        from citeconv.readers.ris import read_ris

        return read_ris(
            stream,
            name,
            report,
            encoding=options.encoding,
            first_index=first_index,
            max_line_bytes=options.max_line_bytes,
            tag_mapping=options.tag_mapping,
        )


class CslJsonReader(Reader):
    name: ClassVar[str] = "csl-json"
    aliases: ClassVar[tuple[str, ...]] = ("json", "csljson")
    suffixes: ClassVar[tuple[str, ...]] = (".json",)
    description: ClassVar[str] = "CSL-JSON (Zotero, Better BibTeX, pandoc, citeproc-js)"

    @classmethod
    def detect(cls, head: bytes, text: str) -> int:
        return 90 if text.lstrip("\ufeff \t\r\n")[:1] in ("[", "{") else 0

    @classmethod
    def problem(cls, head: bytes, encoding: str | None, complete: bool) -> str | None:
        from citeconv.readers.ris.sniff import head_problem

        return head_problem(head, encoding, "csl-json", complete=complete)

    def read(
        self,
        stream: BinaryIO,
        name: str,
        report: Report,
        options: ReadOptions,
        first_index: int = 1,
    ) -> Iterator[Item]:
        from citeconv.readers.csljson import read_csl_json

        return read_csl_json(
            stream, name, report, first_index=first_index, encoding=options.encoding
        )


class MedlineReader(_LineReader):
    name: ClassVar[str] = "medline"
    aliases: ClassVar[tuple[str, ...]] = ("pubmed", "nbib")
    suffixes: ClassVar[tuple[str, ...]] = (".nbib", ".medline")
    description: ClassVar[str] = "PubMed/MEDLINE (.nbib, PubMed MEDLINE text, ERIC)"

    @classmethod
    def detect(cls, head: bytes, text: str) -> int:
        from citeconv.readers.ris.sniff import tagged_kind

        return 80 if tagged_kind(head) == "medline" else 0

    @classmethod
    def problem(cls, head: bytes, encoding: str | None, complete: bool) -> str | None:
        from citeconv.readers.ris.sniff import medline_problem

        return medline_problem(head, encoding, complete)

    parser: ClassVar[str] = "citeconv.readers.medline:read_medline"


class OvidReader(_LineReader):
    name: ClassVar[str] = "ovid"
    aliases: ClassVar[tuple[str, ...]] = ("ovid-tagged",)
    suffixes: ClassVar[tuple[str, ...]] = (".ovd",)
    description: ClassVar[str] = "Ovid tagged (Ovid MEDLINE, Embase, PsycINFO, BIOSIS: <1. >)"

    @classmethod
    def detect(cls, head: bytes, text: str) -> int:
        from citeconv.readers.ris.sniff import tagged_kind

        return 85 if tagged_kind(head) == "ovid" else 0

    @classmethod
    def problem(cls, head: bytes, encoding: str | None, complete: bool) -> str | None:
        from citeconv.readers.ris.sniff import generic_problem

        return generic_problem(head, encoding, complete, "Ovid")

    parser: ClassVar[str] = "citeconv.readers.ovid:read_ovid"


class WosReader(_LineReader):
    name: ClassVar[str] = "wos"
    aliases: ClassVar[tuple[str, ...]] = ("isi", "web-of-science")
    suffixes: ClassVar[tuple[str, ...]] = (".isi", ".ciw")
    description: ClassVar[str] = "Web of Science plain text (savedrecs.txt, ISI export format)"

    @classmethod
    def detect(cls, head: bytes, text: str) -> int:
        from citeconv.readers.ris.sniff import looks_like_wos

        return 80 if looks_like_wos(text) else 0

    @classmethod
    def problem(cls, head: bytes, encoding: str | None, complete: bool) -> str | None:
        from citeconv.readers.ris.sniff import generic_problem, head_text, looks_like_wos

        problem = generic_problem(head, encoding, complete, "Web of Science")
        if problem is None and complete and not looks_like_wos(head_text(head, encoding)):
            return "not Web of Science: no records found (a record starts 'PT J')"
        return problem

    parser: ClassVar[str] = "citeconv.readers.wos:read_wos"


class WosTabReader(_LineReader):
    name: ClassVar[str] = "wos-tab"
    aliases: ClassVar[tuple[str, ...]] = ("wos-tab-delimited", "isi-tab")
    suffixes: ClassVar[tuple[str, ...]] = (".tsv",)
    description: ClassVar[str] = "Web of Science tab-delimited (savedrecs.txt: PT<TAB>AU<TAB>...)"

    @classmethod
    def detect(cls, head: bytes, text: str) -> int:
        from citeconv.readers.ris.sniff import looks_like_wos_tab

        return 90 if looks_like_wos_tab(text) else 0

    @classmethod
    def problem(cls, head: bytes, encoding: str | None, complete: bool) -> str | None:
        from citeconv.readers.ris.sniff import generic_problem

        return generic_problem(head, encoding, complete, "Web of Science tab-delimited")

    parser: ClassVar[str] = "citeconv.readers.wos_tab:read_wos_tab"


class ScopusCsvReader(_LineReader):
    name: ClassVar[str] = "scopus-csv"
    aliases: ClassVar[tuple[str, ...]] = ("scopus", "csv")
    suffixes: ClassVar[tuple[str, ...]] = (".csv",)
    description: ClassVar[str] = "Scopus CSV export (Authors, Title, Year, Source title, ...)"

    @classmethod
    def detect(cls, head: bytes, text: str) -> int:
        from citeconv.readers.ris.sniff import looks_like_scopus_csv

        return 85 if looks_like_scopus_csv(text) else 0

    @classmethod
    def problem(cls, head: bytes, encoding: str | None, complete: bool) -> str | None:
        from citeconv.readers.ris.sniff import generic_problem

        return generic_problem(head, encoding, complete, "Scopus CSV")

    parser: ClassVar[str] = "citeconv.readers.scopus_csv:read_scopus_csv"


class BibtexReader(_LineReader):
    name: ClassVar[str] = "bibtex"
    aliases: ClassVar[tuple[str, ...]] = ("biblatex", "bib")
    suffixes: ClassVar[tuple[str, ...]] = (".bib", ".bibtex")
    description: ClassVar[str] = "BibTeX and BibLaTeX (.bib: JabRef, Zotero, Scopus, IEEE, ACM)"

    @classmethod
    def detect(cls, head: bytes, text: str) -> int:
        from citeconv.readers.ris.sniff import looks_like_bibtex

        return 75 if looks_like_bibtex(text) else 0

    @classmethod
    def problem(cls, head: bytes, encoding: str | None, complete: bool) -> str | None:
        from citeconv.readers.ris.sniff import generic_problem, head_text, looks_like_bibtex

        problem = generic_problem(head, encoding, complete, "BibTeX")
        if problem is None and complete and not looks_like_bibtex(head_text(head, encoding)):
            return "not BibTeX: no entries found (an entry starts '@article{key,')"
        return problem

    parser: ClassVar[str] = "citeconv.readers.bibtex:read_bibtex"


class EndnoteXmlReader(Reader):
    name: ClassVar[str] = "endnote-xml"
    aliases: ClassVar[tuple[str, ...]] = ("enxml",)
    suffixes: ClassVar[tuple[str, ...]] = (".xml",)
    description: ClassVar[str] = "EndNote XML (EndNote, Bookends, Papers exports)"

    @classmethod
    def detect(cls, head: bytes, text: str) -> int:
        from citeconv.readers.ris.sniff import looks_like_endnote_xml

        return 85 if looks_like_endnote_xml(text) else 0

    @classmethod
    def problem(cls, head: bytes, encoding: str | None, complete: bool) -> str | None:
        from citeconv.readers.ris.sniff import generic_problem

        return generic_problem(head, encoding, complete, "EndNote XML")

    def read(
        self,
        stream: BinaryIO,
        name: str,
        report: Report,
        options: ReadOptions,
        first_index: int = 1,
    ) -> Iterator[Item]:
        from citeconv.readers.endnote_xml import read_endnote_xml

        return read_endnote_xml(
            stream, name, report, first_index=first_index, encoding=options.encoding
        )


class ReferReader(_LineReader):
    name: ClassVar[str] = "endnote"
    aliases: ClassVar[tuple[str, ...]] = ("refer", "enw", "endnote-tagged")
    suffixes: ClassVar[tuple[str, ...]] = (".enw", ".refer")
    description: ClassVar[str] = (
        "EndNote tagged / refer (%0 Journal Article, %A, %T: .enw, Scholar)"
    )

    @classmethod
    def detect(cls, head: bytes, text: str) -> int:
        from citeconv.readers.ris.sniff import looks_like_refer

        return 80 if looks_like_refer(text) else 0

    @classmethod
    def problem(cls, head: bytes, encoding: str | None, complete: bool) -> str | None:
        from citeconv.readers.ris.sniff import generic_problem

        return generic_problem(head, encoding, complete, "EndNote tagged")

    parser: ClassVar[str] = "citeconv.readers.refer:read_refer"


class CslYamlReader(Reader):
    name: ClassVar[str] = "csl-yaml"
    aliases: ClassVar[tuple[str, ...]] = ("yaml", "cslyaml")
    suffixes: ClassVar[tuple[str, ...]] = (".yaml", ".yml")
    description: ClassVar[str] = "CSL-YAML (pandoc's references: metadata, Better BibTeX .csl.yml)"

    @classmethod
    def detect(cls, head: bytes, text: str) -> int:
        from citeconv.readers.ris.sniff import looks_like_csl_yaml

        return looks_like_csl_yaml(text)

    @classmethod
    def problem(cls, head: bytes, encoding: str | None, complete: bool) -> str | None:
        from citeconv.readers.ris.sniff import generic_problem

        return generic_problem(head, encoding, complete, "CSL-YAML")

    def read(
        self,
        stream: BinaryIO,
        name: str,
        report: Report,
        options: ReadOptions,
        first_index: int = 1,
    ) -> Iterator[Item]:
        from citeconv.readers.csl_yaml import read_csl_yaml

        return read_csl_yaml(
            stream, name, report, first_index=first_index, encoding=options.encoding
        )
