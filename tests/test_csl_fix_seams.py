"""Punctuation and seams: what happens where two pieces of an entry meet (a stop after
"?", doubled stops, the end of a decorated field).

Each fix is shown twice where it replaces a citeproc-py method: ``stock(NAME)``
(``patches.without``) puts citeproc-py's own method back, and the test asserts the
bug there and its absence with the fix. Expected strings are citeproc-js's.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from csl_fixtures import (
    SAMPLE,
    csl_style,
    item,
    one,
    person,
    render,
    stock,
)


def test_question_mark_swallows_period() -> None:
    assert "in Ontario? Can Fam Physician." in one(SAMPLE, "vancouver")
    with stock("string.normalize_seam", "model.normalize_seam"):
        assert "Ontario?. Can Fam" in one(SAMPLE, "vancouver")


def test_question_mark_in_italics_swallows_period() -> None:
    book = item(
        "b",
        "book",
        author=[person("Schrödinger", "Erwin")],
        title="What is life?",
        publisher="Cambridge University Press",
        issued={"date-parts": [[1944]]},
    )
    assert one(book, "apa", "html") == (
        "Schrödinger, E. (1944). <i>What is life?</i> Cambridge University Press."
    )


SEAM_STYLE = csl_style(
    """
  <macro name="title"><text variable="title" font-style="italic"/></macro>
  <citation><layout><text variable="title"/></layout></citation>
  <bibliography><layout>
    <group delimiter=". " prefix="A[" suffix="]">
      <text variable="title" font-style="italic"/><text variable="publisher"/>
    </group>
    <group delimiter=". " prefix="B[" suffix="]">
      <text variable="title"/><text variable="publisher"/>
    </group>
    <group delimiter=". " prefix="C[" suffix="]">
      <text macro="title"/><text variable="publisher"/>
    </group>
    <group delimiter=": " prefix="D[" suffix="]">
      <text variable="title"/><text variable="publisher"/>
    </group>
  </layout></bibliography>
"""
)


def test_seams_merge_except_after_a_decorated_field(tmp_path: Path) -> None:
    """ "?" swallows a following "." or ":", but not right after a field set in
    italics by its own cs:text; a macro around it merges again. Expected: what
    citeproc-js 2.4.63 prints for this style."""
    style = tmp_path / "seams.csl"
    style.write_text(SEAM_STYLE, encoding="utf-8")
    book = item("w", "book", title="Why?", publisher="P")
    assert render([book], str(style)) == ["A[Why?. P]B[Why? P]C[Why? P]D[Why? P]"]
    with stock("Formatted.format"):
        assert render([book], str(style)) == ["A[Why? P]B[Why? P]C[Why? P]D[Why? P]"]
    with stock("string.normalize_seam", "model.normalize_seam"):
        assert render([book], str(style)) == ["A[Why?. P]B[Why?. P]C[Why?. P]D[Why?: P]"]


#: A decorated field, macro or group followed by a prefix, a delimiter or its own
#: suffix (citeproc-js's blob decorations): case letter → the group that shows it.
_DECORATED_CASES: dict[str, str] = {
    "A": (
        "<group>"
        '<text variable="title" font-style="italic"/>'
        '<text prefix=". " variable="publisher"/>'
        "</group>"
    ),
    "B": (
        '<group delimiter=". ">'
        '<text variable="title" font-style="italic"/>'
        '<text variable="publisher"/>'
        "</group>"
    ),
    "C": (
        "<group>"
        '<text variable="title" font-style="italic"/>'
        '<text prefix="? " variable="publisher"/>'
        "</group>"
    ),
    "D": (
        "<group>"
        '<text variable="title" font-style="italic" suffix="."/>'
        '<text prefix=" " variable="publisher"/>'
        "</group>"
    ),
    "E": (
        "<group>"
        '<text variable="title" font-weight="bold"/>'
        '<text prefix=". " variable="publisher"/>'
        "</group>"
    ),
    "F": (
        "<group>"
        '<text variable="title" font-style="normal"/>'
        '<text prefix=". " variable="publisher"/>'
        "</group>"
    ),
    "G": (
        "<group>"
        '<text macro="t" font-style="italic"/>'
        '<text prefix=". " variable="publisher"/>'
        "</group>"
    ),
    "H": (
        '<group delimiter=". ">'
        '<text macro="t" font-style="italic"/>'
        '<text variable="publisher"/>'
        "</group>"
    ),
    "I": (
        "<group>"
        '<text macro="t" font-style="italic"/>'
        '<text prefix="? " variable="publisher"/>'
        "</group>"
    ),
    "J": (
        "<group>"
        '<group font-style="italic">'
        '<text variable="title"/>'
        "</group>"
        '<text prefix=". " variable="publisher"/>'
        "</group>"
    ),
    "K": (
        '<group delimiter=". ">'
        '<group font-style="italic">'
        '<text variable="title"/>'
        "</group>"
        '<text variable="publisher"/>'
        "</group>"
    ),
    "L": (
        "<group>"
        '<text macro="t" font-style="normal"/>'
        '<text prefix=". " variable="publisher"/>'
        "</group>"
    ),
    "M": (
        "<group>"
        '<text macro="t" font-style="italic"/>'
        '<text prefix=": " variable="publisher"/>'
        "</group>"
    ),
    "N": (
        "<group>"
        '<text variable="title" font-style="italic"/>'
        '<text prefix=": " variable="publisher"/>'
        "</group>"
    ),
    "O": (
        "<group>"
        '<text macro="t" font-style="italic" suffix="."/>'
        '<text prefix=" " variable="publisher"/>'
        "</group>"
    ),
    "Q": (
        '<group><text macro="t" font-variant="small-caps"/><text prefix=". " macro="p"/></group>'
    ),
    "R": (
        "<group>"
        '<text variable="title" vertical-align="sup"/>'
        '<text prefix=". " variable="publisher"/>'
        "</group>"
    ),
    "S": (
        '<group delimiter=". ">'
        '<text macro="t" font-style="italic"/>'
        '<text prefix="? " variable="publisher"/>'
        "</group>"
    ),
    "T": ('<group><text macro="ti"/><text prefix=". " variable="publisher"/></group>'),
    "U": (
        "<group>"
        "<group>"
        '<text macro="t" font-style="italic"/>'
        "</group>"
        '<text prefix=". " variable="publisher"/>'
        "</group>"
    ),
    "V": ('<group><text macro="t" font-style="italic"/><text macro="pp"/></group>'),
}
DECORATED_SEAM_STYLE = csl_style(
    """
  <macro name="t"><text variable="title"/></macro>
  <macro name="ti"><text variable="title" font-style="italic"/></macro>
  <macro name="p"><text variable="publisher"/></macro>
  <macro name="pp"><text variable="publisher" prefix=". "/></macro>
  <citation><layout><text variable="title"/></layout></citation>
  <bibliography><layout><group delimiter=" ">
"""
    + "".join(f'<group prefix="{k}=" suffix=";">{v}</group>\n' for k, v in _DECORATED_CASES.items())
    + """  </group></layout></bibliography>
"""
)


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        (
            "Why?",
            "A=Why?. P; B=Why?. P; C=Why?? P; D=Why?. P; E=Why?. P; F=Why?. P; G=Why?. P; "
            "H=Why? P; I=Why?? P; J=Why?. P; K=Why? P; L=Why?. P; M=Why?: P; N=Why?: P; "
            "O=Why? P; Q=Why?. P; R=Why?. P; S=Why? ? P; T=Why? P; U=Why? P; V=Why?. P;",
        ),
        (
            "Vol.",
            "A=Vol.. P; B=Vol. P; C=Vol.? P; D=Vol. P; E=Vol.. P; F=Vol.. P; G=Vol.. P; "
            "H=Vol. P; I=Vol.? P; J=Vol.. P; K=Vol. P; L=Vol.. P; M=Vol.: P; N=Vol.: P; "
            "O=Vol. P; Q=Vol.. P; R=Vol.. P; S=Vol. ? P; T=Vol. P; U=Vol. P; V=Vol.. P;",
        ),
        (
            "Vol;",
            "A=Vol;. P; B=Vol;. P; C=Vol;? P; D=Vol;. P; E=Vol;. P; F=Vol;. P; G=Vol;. P; "
            "H=Vol; P; I=Vol;? P; J=Vol;. P; K=Vol; P; L=Vol;. P; M=Vol;: P; N=Vol;: P; "
            "O=Vol; P; Q=Vol;. P; R=Vol;. P; S=Vol; ? P; T=Vol; P; U=Vol; P; V=Vol;. P;",
        ),
    ],
)
def test_seams_after_decorations(tmp_path: Path, title: str, expected: str) -> None:
    """Expected: what citeproc-js 2.4.63 prints for this style. Any decoration (even
    font-style="normal") keeps the end of a field from merging with what follows;
    that of a group or macro only from the next element's prefix ("Vol.. P" too:
    citeproc-js does not merge a period there either)."""
    style = tmp_path / "decorated-seams.csl"
    style.write_text(DECORATED_SEAM_STYLE, encoding="utf-8")
    book = item("w", "book", title=title, publisher="P")
    assert render([book], str(style)) == [expected]
    if title == "Why?":
        html = render([book], str(style), "html")[0]
        assert html.startswith("A=<i>Why?</i>. P; B=<i>Why?</i>. P; C=<i>Why?</i>? P;")
        assert "E=<b>Why?</b>. P; F=Why?. P;" in html
        assert 'Q=<span style="font-variant:small-caps;">Why?</span>. P;' in html
        assert html.endswith("T=<i>Why?</i> P; U=<i>Why?</i> P; V=<i>Why?</i>. P;")
