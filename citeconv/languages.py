"""Language names of BibLaTeX (babel, polyglossia) and their BCP 47 tags, both ways:
the BibTeX reader reads ``langid = {ngerman}`` as ``de-DE`` (as pandoc does), the
BibTeX writer writes ``de-DE`` back as ``ngerman``, a key biblatex knows (it
hyphenates by it, prints it localised, and clears it when it is the document's
language; ``en-US`` written as is was printed: "Title. en-US. In: ...").
"""

from __future__ import annotations

#: BibLaTeX's language names (langid, hyphenation) → BCP 47, as pandoc reads them.
LANGUAGES = {
    "english": "en-US",
    "american": "en-US",
    "usenglish": "en-US",
    "british": "en-GB",
    "ukenglish": "en-GB",
    "canadian": "en-CA",
    "australian": "en-AU",
    "newzealand": "en-NZ",
    "german": "de-DE",
    "ngerman": "de-DE",
    "austrian": "de-AT",
    "naustrian": "de-AT",
    "swissgerman": "de-CH",
    "nswissgerman": "de-CH",
    "french": "fr-FR",
    "spanish": "es-ES",
    "italian": "it-IT",
    "dutch": "nl-NL",
    "portuguese": "pt-PT",
    "portuges": "pt-PT",
    "brazil": "pt-BR",
    "brazilian": "pt-BR",
    "russian": "ru-RU",
    "ukrainian": "uk-UA",
    "polish": "pl-PL",
    "czech": "cs-CZ",
    "slovak": "sk-SK",
    "slovene": "sl-SI",
    "croatian": "hr-HR",
    "serbian": "sr-RS",
    "bulgarian": "bg-BG",
    "romanian": "ro-RO",
    "hungarian": "hu-HU",
    "magyar": "hu-HU",
    "greek": "el-GR",
    "turkish": "tr-TR",
    "swedish": "sv-SE",
    "danish": "da-DK",
    "norsk": "nb-NO",
    "nynorsk": "nn-NO",
    "finnish": "fi-FI",
    "icelandic": "is-IS",
    "estonian": "et-EE",
    "latvian": "lv-LV",
    "lithuanian": "lt-LT",
    "catalan": "ca-AD",
    "basque": "eu",
    "galician": "gl-ES",
    "hebrew": "he-IL",
    "arabic": "ar",
    "farsi": "fa-IR",
    "japanese": "ja-JP",
    "chinese": "zh-CN",
    "korean": "ko-KR",
    "vietnamese": "vi-VN",
    "thai": "th-TH",
    "indonesian": "id-ID",
    "latin": "la",
    "afrikaans": "af-ZA",
}

#: BCP 47 → the BibLaTeX name to write (the first of LANGUAGES, but for German's
#: new orthography), and bare languages → their usual name.
_PREFERRED = {"de-DE": "ngerman", "de-AT": "naustrian", "de-CH": "nswissgerman"}
BABEL: dict[str, str] = {}
for _name, _tag in LANGUAGES.items():
    BABEL.setdefault(_tag.lower(), _PREFERRED.get(_tag, _name))
    BABEL.setdefault(_tag.split("-")[0].lower(), _PREFERRED.get(_tag, _name))
BABEL["en"] = "english"
#: ISO 639-2 codes (MEDLINE's LA "eng", "ger") of the languages above.
ISO_639_2 = {
    "eng": "english",
    "ger": "ngerman",
    "deu": "ngerman",
    "fre": "french",
    "fra": "french",
    "spa": "spanish",
    "ita": "italian",
    "dut": "dutch",
    "nld": "dutch",
    "por": "portuguese",
    "rus": "russian",
    "pol": "polish",
    "cze": "czech",
    "ces": "czech",
    "swe": "swedish",
    "dan": "danish",
    "nor": "norsk",
    "fin": "finnish",
    "hun": "magyar",
    "gre": "greek",
    "ell": "greek",
    "tur": "turkish",
    "jpn": "japanese",
    "chi": "chinese",
    "zho": "chinese",
}


def babel_name(language: str) -> str | None:
    """The BibLaTeX language name for a CSL ``language`` value (``en-US``, ``de``,
    ``English``, MEDLINE's ``eng``), or None when there is none."""
    key = language.strip().lower()
    if key in LANGUAGES:
        return key
    return BABEL.get(key) or ISO_639_2.get(key) or BABEL.get(key.split("-")[0])
