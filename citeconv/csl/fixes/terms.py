"""Locale terms and options: term forms and their fallbacks, per-language locale
groups, locale options, as citeproc-js looks them up."""

from __future__ import annotations

from typing import Any

from citeconv.csl.originals import ORIGINALS


# Bug: "“Glaciers”," in a style whose own <locale> has an empty <style-options/>
# (institut-francais-darcheologie-orientale-en): citeproc-py takes the first locale
# that has a style-options element and its default for the options it does not set,
# so the style's locale hides en-US's punctuation-in-quote="true". CSL (and
# citeproc-js) take each option from the first locale that sets it.
def get_locale_option(self: Any, name: str) -> Any:
    root = self.get_root()
    locales = getattr(root, "locales", None)
    if locales is None:
        return root.get_option(name)
    for locale in locales:
        options = locale.find("cs:style-options", locale.nsmap)
        if options is not None and options.get(name) is not None:
            return options.get(name)
    from citeproc.model import Locale

    return Locale._default_options[name]


# Bug: terms of a non-English style come out in English ("cit." for the style's
# "zit.", "21st Aufl." for "21. Aufl."): citeproc-py looks a term's form up in every
# locale, en-US included, before trying the form's fallback ("short" → long), and
# looks ordinal terms up in the style's own locale before its locale file.
# citeproc-js merges the style's locales over the locale files of the chosen
# language into one table, looks each form up there with its fallbacks, and never
# reaches en-US for another language.
#: The forms a term falls back to, in order; each step's forms are alike and tried
#: together in each locale: form="long" is the long form written out (historia-
#: scribere's own <term name="issue" form="long">Heft</term> comes before the
#: locale file's "Nummer", as in citeproc-js; citeproc-py looked for no form only).
_LONG = (None, "long")


_FORM_FALLBACKS: dict[Any, tuple[tuple[Any, ...], ...]] = {
    None: (_LONG,),
    "long": (_LONG,),
    "short": (("short",), _LONG),
    "verb": (("verb",), _LONG),
    "verb-short": (("verb-short",), ("verb",), _LONG),
    "symbol": (("symbol",), ("short",), _LONG),
}


_LOCALE_GROUPS: dict[int, tuple[Any, list[list[Any]]]] = {}


_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def _locale_groups(root: Any) -> list[list[Any]]:
    """The style's locales as citeproc-js merges them: those of the chosen language
    (and the style's locale without a language), then the rest (en-US)."""
    hit = _LOCALE_GROUPS.get(id(root))
    if hit is None or hit[0] is not root:
        locales = list(root.locales)
        language = None
        for locale in locales:
            tag = locale.get(_LANG)
            if tag:
                language = tag.split("-")[0].lower()
                break
        own = [
            locale
            for locale in locales
            if not locale.get(_LANG) or locale.get(_LANG).split("-")[0].lower() == language
        ]
        rest = [locale for locale in locales if not any(locale is o for o in own)]
        hit = (root, [own, rest] if rest else [own])
        _LOCALE_GROUPS[id(root)] = hit
    return hit[1]


def get_term(
    self: Any, name: str, form: Any = None, fallback_locale: bool = True, zero_padded: bool = False
) -> Any:
    root = self.get_root()
    # Speed (7% of Vancouver): the answer depends only on the root's locales, which
    # never change once the style is loaded; each lookup runs an XPath query per
    # locale and form, and raises and catches IndexError for each miss.
    key = (name, form, fallback_locale, zero_padded)
    cache: dict[tuple[Any, ...], Any] | None = root.__dict__.get("_citeconv_fixed_terms")
    if cache is not None and key in cache:
        return cache[key]
    from citeproc.model import Locale

    if isinstance(root, Locale) or not getattr(root, "locales", None):
        return ORIGINALS["CitationStylesElement.get_term"](
            self, name, form, fallback_locale, zero_padded
        )
    if cache is None:
        cache = root.__dict__["_citeconv_fixed_terms"] = {}
    term = cache[key] = _look_up_term(root, name, form, fallback_locale, zero_padded)
    return term


def _look_up_term(root: Any, name: str, form: Any, fallback_locale: bool, zero_padded: bool) -> Any:
    groups = _locale_groups(root)
    for group in groups if fallback_locale else groups[:1]:
        for alike in _FORM_FALLBACKS.get(form, ((form,), _LONG)):
            for locale in group:
                for each_form in alike:
                    try:
                        return locale.get_term(name, each_form, zero_padded=zero_padded)
                    except IndexError:
                        continue
    return None
