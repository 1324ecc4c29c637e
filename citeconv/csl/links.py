"""Links on DOIs and URLs in formatted references (``WriterOptions.links``).

What citeproc-js does with its ``wrap_url_and_doi`` development extension (and
pandoc with ``link-bibliography``): the text a DOI or URL variable renders becomes
a link. A DOI links to ``https://doi.org/DOI`` (or to itself when it already is an
``http(s)://`` address); a DOI printed after the prefix ``https://doi.org/`` links
prefix and DOI together (citeconv.csl.markup moves the prefix into the link); a URL
links to itself. Two things citeproc-js does not do, because its output is a page
that a browser opens: a URL that is not ``http``, ``https`` or ``ftp`` is not
linked (``javascript:`` is an XSS hole), and the href is escaped as an attribute
(citeproc-js escapes it as text, so a ``"`` ends the attribute).

The marks that say where a link starts and ends are in citeconv.csl.markup; this
module turns a link's text into its target and writes it.
"""

from __future__ import annotations

import re
from urllib.parse import quote

#: Where a DOI's link goes.
DOI_RESOLVER = "https://doi.org/"
#: The schemes linked; anything else (javascript:, data:, file:, a bare
#: "www.example.org") stays text.
_SAFE_URL = re.compile(r"(?:https?|ftp)://[^\s]", re.IGNORECASE)
#: A DOI given as an address (citeproc-js: /^https?:\/\//, here in any case), and
#: the resolver's part of it when it is one (group 1).
_DOI_AS_URL = re.compile(r"https?://", re.IGNORECASE)
_DOI_RESOLVER_URL = re.compile(r"(https?://(?:dx\.)?doi\.org/)(.+)", re.IGNORECASE | re.DOTALL)
#: A "%" that is not the start of a percent-escape already.
_BARE_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")
#: What may stand unescaped in the path of a DOI's address (RFC 3986 pchar and "/");
#: the rest ("#", "?", "<", ">" of SICI DOIs, spaces, non-ASCII) is percent-encoded,
#: or doi.org would be asked for less than the DOI.
_DOI_PATH_SAFE = "/:@!$&'()*+,;=-._~%"


def href(kind: str, text: str) -> str | None:
    """The target of a link whose text is ``text`` (its marks removed), for a
    ``kind`` of "DOI" or "URL"; None when it is not to be linked."""
    text = text.strip()
    if not text:
        return None
    if kind == "DOI":
        if not _DOI_AS_URL.match(text):
            return DOI_RESOLVER + _doi_path(text)
        resolver = _DOI_RESOLVER_URL.match(text)
        if resolver:  # "https://doi.org/" + DOI (the style's prefix, or the value's)
            return resolver.group(1) + _doi_path(resolver.group(2))
    return text if _SAFE_URL.match(text) else None


def _doi_path(doi: str) -> str:
    return quote(_BARE_PERCENT.sub("%25", doi.strip()), safe=_DOI_PATH_SAFE)


def escape_attribute(value: str) -> str:
    """``value`` for a double-quoted HTML attribute, in the numeric entities of
    citeproc-js's text escaping (so an href is byte for byte citeproc-js's where it
    has no quotation mark)."""
    return (
        value.replace("&", "&#38;")
        .replace('"', "&#34;")
        .replace("<", "&#60;")
        .replace(">", "&#62;")
    )


def html_start(target: str) -> str:
    """The start tag of a link to ``target``."""
    return f'<a href="{escape_attribute(target)}">'


#: What cannot stand in a CommonMark autolink (<https://…>), and an "&" that would
#: be read as an entity ("&amp;").
_NOT_IN_AUTOLINK = re.compile(r"[\x00-\x20<>\x7f]|&#?[0-9A-Za-z]+;")
#: What a CommonMark link destination escapes with a backslash.
_DESTINATION_SPECIAL = re.compile(r"([\\()<>]|&(?=#?[0-9A-Za-z]+;))")
_DESTINATION_SPACE = re.compile(r"[\x00-\x20\x7f]")


def markdown(text: str, markdown_text: str, target: str) -> str:
    """A Markdown link to ``target``: an autolink ``<target>`` when its text is the
    target, else ``[markdown_text](target)`` (``markdown_text``: ``text`` as
    escaped Markdown)."""
    if text == target and not _NOT_IN_AUTOLINK.search(target):
        return f"<{target}>"
    destination = _DESTINATION_SPECIAL.sub(r"\\\1", target)
    destination = _DESTINATION_SPACE.sub(lambda m: f"%{ord(m.group()):02X}", destination)
    return f"[{markdown_text}]({destination})"
