"""Radarr's numeric values that custom format conditions carry, mapped to our parser's words.

The numbers are Radarr's (its Source, Modifier, Language and IndexerFlags enums), so a
format pasted from Radarr or a community guide means the same thing here. Language names
are the corpus names the parser emits (`english`, `portuguese_br`, `original`).
"""

from __future__ import annotations

# Radarr's Source enum → the parser's source words.
SOURCES: dict[int, str] = {
    0: "unknown",
    1: "cam",
    2: "telesync",
    3: "telecine",
    4: "workprint",
    5: "dvd",
    6: "tv",
    7: "webdl",
    8: "webrip",
    9: "bluray",
}
SOURCE_IDS = {name: number for number, name in SOURCES.items()}
# How Radarr's screens name them.
SOURCE_LABELS: dict[int, str] = {
    0: "Unknown",
    1: "CAM",
    2: "Telesync",
    3: "Telecine",
    4: "Workprint",
    5: "DVD",
    6: "HDTV",
    7: "WEBDL",
    8: "WEBRip",
    9: "Blu-ray",
}

RESOLUTIONS: tuple[int, ...] = (360, 480, 540, 576, 720, 1080, 2160)

# Radarr's Modifier enum → the parser's modifier words (0: none).
MODIFIERS: dict[int, str] = {
    0: "none",
    1: "regional",
    2: "screener",
    3: "rawhd",
    4: "brdisk",
    5: "remux",
}
MODIFIER_IDS = {name: number for number, name in MODIFIERS.items()}
MODIFIER_LABELS: dict[int, str] = {
    0: "None",
    1: "Regional",
    2: "Screener",
    3: "Raw-HD",
    4: "BR-DISK",
    5: "Remux",
}

# Radarr's IndexerFlags bits. 32 is HDB_Internal in older Radarr and G_Internal later.
INDEXER_FLAGS: dict[int, str] = {
    1: "Freeleech",
    2: "Halfleech",
    4: "Double upload",
    8: "PTP Golden",
    16: "PTP Approved",
    32: "Internal",
    64: "AHD Internal",
    128: "Scene",
    256: "Freeleech 75%",
    512: "Freeleech 25%",
    1024: "AHD User release",
    2048: "Nuked",
}

ORIGINAL_LANGUAGE = -2

# Radarr's Language ids (Language.cs) → (corpus name, label). -2 is "the movie's original
# language"; ids past 57 exist in newer Radarr and import as "language N" (never matching).
_LANGUAGE_LABELS = [
    "Unknown",
    "English",
    "French",
    "Spanish",
    "German",
    "Italian",
    "Danish",
    "Dutch",
    "Japanese",
    "Icelandic",
    "Chinese",
    "Russian",
    "Polish",
    "Vietnamese",
    "Swedish",
    "Norwegian",
    "Finnish",
    "Turkish",
    "Portuguese",
    "Flemish",
    "Greek",
    "Korean",
    "Hungarian",
    "Hebrew",
    "Lithuanian",
    "Czech",
    "Hindi",
    "Romanian",
    "Thai",
    "Bulgarian",
    "Portuguese_(Brazil)",
    "Arabic",
    "Ukrainian",
    "Persian",
    "Bengali",
    "Slovak",
    "Latvian",
    "Spanish_(Latino)",
    "Catalan",
    "Croatian",
    "Serbian",
    "Bosnian",
    "Estonian",
    "Tamil",
    "Indonesian",
    "Telugu",
    "Macedonian",
    "Slovenian",
    "Malayalam",
    "Kannada",
    "Albanian",
    "Afrikaans",
    "Marathi",
    "Tagalog",
    "Urdu",
    "Romansh",
    "Mongolian",
    "Georgian",
]
_CORPUS_NAMES = {30: "portuguese_br", 37: "spanish_latino"}

LANGUAGES: dict[int, tuple[str, str]] = {
    number: (_CORPUS_NAMES.get(number, label.lower()), label.replace("_", " "))
    for number, label in enumerate(_LANGUAGE_LABELS)
}
LANGUAGES[ORIGINAL_LANGUAGE] = ("original", "Original")


def language_name(number: int) -> str:
    """The parser's name for a Radarr language id ('language 95' when we do not know it)."""
    known = LANGUAGES.get(number)
    return known[0] if known else f"language {number}"


def language_label(number: int) -> str:
    known = LANGUAGES.get(number)
    return known[1] if known else f"Language {number}"


# ISO 639-1 codes (what TMDB gives as a movie's original language) → parser names.
# Pairs on a few lines read better than a list of 110 words one per line.
_ISO_CODES = (  # noqa: SIM905
    "en english fr french es spanish de german it italian da danish nl dutch ja japanese "
    "is icelandic zh chinese ru russian pl polish vi vietnamese sv swedish no norwegian "
    "nb norwegian fi finnish tr turkish pt portuguese el greek ko korean hu hungarian "
    "he hebrew lt lithuanian cs czech hi hindi ro romanian th thai bg bulgarian ar arabic "
    "uk ukrainian fa persian bn bengali sk slovak lv latvian ca catalan hr croatian "
    "sr serbian bs bosnian et estonian ta tamil id indonesian te telugu mk macedonian "
    "sl slovenian ml malayalam kn kannada sq albanian af afrikaans mr marathi tl tagalog "
    "ur urdu rm romansh mn mongolian ka georgian"
).split()
ISO_LANGUAGES: dict[str, str] = dict(zip(_ISO_CODES[::2], _ISO_CODES[1::2], strict=True))


def parser_language(value: str | None) -> str | None:
    """A movie's language as the parser names it: 'fr' or 'French' → 'french'."""
    if not value:
        return None
    lowered = value.strip().lower()
    code = lowered.split("-")[0]  # "pt-BR" → "pt"
    if len(code) == 2:
        return ISO_LANGUAGES.get(code, lowered)
    return lowered.replace(" ", "_")
