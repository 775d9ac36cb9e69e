"""Title normalisation: the clean title used for matching and the sort title."""

from __future__ import annotations

import re
import unicodedata

_ARTICLES = re.compile(r"^(the|a|an)\s+", re.IGNORECASE)
_NON_WORD = re.compile(r"[^a-z0-9]+")
_INNER_WORDS = re.compile(r"\b(a|an|the|and|or|of)\b")


def fold_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def clean_title(title: str) -> str:
    """Lower case, accents folded, '&' as 'and', little words and punctuation dropped.

    'The Lord of the Rings: The Two Towers' and 'Lord.of.the.Rings.The.Two.Towers' both
    become 'lordringstwotowers', which is what release titles are matched on.
    """
    text = fold_accents(title).lower().replace("&", " and ")
    text = _INNER_WORDS.sub(" ", text)
    return _NON_WORD.sub("", text)


def sort_title(title: str) -> str:
    """Lower case without a leading article, as Radarr sorts ('The Matrix' under M)."""
    text = fold_accents(title).strip().lower()
    return _ARTICLES.sub("", text)
