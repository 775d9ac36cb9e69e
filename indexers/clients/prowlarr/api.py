"""What Prowlarr's API v1 says and how we read it: protocols, flags, id queries,
category lists and error bodies (no requests here; client.py makes them)."""

from __future__ import annotations

from typing import Any

from indexers.clients.base import SearchCriteria
from indexers.clients.values import text, whole
from indexers.release import TORRENT, USENET, IndexerFlags
from radarr_site.http.session import decode_json

SEARCH_LIMIT = 100
# Prowlarr waits for every indexer behind it before answering a search.
SEARCH_TIMEOUT = (5.0, 40.0)  # within the search's 45 s wait (indexers.search.run)
# Prowlarr's IndexerFlag names (NzbDrone.Core.Indexers.IndexerFlag) → Radarr's bits.
# "neutralleech" (neither download nor upload counts) is freeleech as far as ratio goes.
FLAG_NAMES = {
    "freeleech": IndexerFlags.FREELEECH,
    "neutralleech": IndexerFlags.FREELEECH,
    "halfleech": IndexerFlags.HALFLEECH,
    "doubleupload": IndexerFlags.DOUBLE_UPLOAD,
    "internal": IndexerFlags.INTERNAL,
    "scene": IndexerFlags.SCENE,
}
# Prowlarr's DownloadProtocol enum, for versions that send it as a number.
PROTOCOL_NUMBERS = {1: USENET, 2: TORRENT}


def error_detail(response: Any) -> str | None:
    """Prowlarr's error bodies: {"message": ...} or a list of validation failures."""
    body = decode_json(response, "Prowlarr")
    if isinstance(body, dict) and isinstance(body.get("message"), str):
        return body["message"][:200]
    if isinstance(body, list) and body and isinstance(body[0], dict):
        return str(body[0].get("errorMessage", ""))[:200] or None
    return None


def parse_flags(value: Any) -> int:
    """indexerFlags as names ("freeleech") or as Radarr's bit values; unknown ones ignored."""
    bits = 0
    for flag in value if isinstance(value, list) else ():
        if isinstance(flag, str):
            bits |= FLAG_NAMES.get(flag.strip().lower(), 0)
        elif isinstance(flag, int) and not isinstance(flag, bool) and flag > 0:
            bits |= flag
    return bits


def protocol_of(value: Any) -> str | None:
    if isinstance(value, str) and value.lower() in (TORRENT, USENET):
        return value.lower()
    return PROTOCOL_NUMBERS.get(value) if isinstance(value, int) else None


def movie_query(criteria: SearchCriteria) -> str:
    """The id search as Prowlarr takes it in `query` with type=movie.

    Prowlarr's NewznabRequest.QueryToParams (src/NzbDrone.Core/IndexerSearch/
    NewznabRequest.cs) lifts `{ImdbId:…}` and `{TmdbId:…}` tokens out of the query into
    the imdbid / tmdbid parameters when t=movie, case-insensitively; the same syntax is
    what Prowlarr's own search box takes (e.g. `{ImdbId:tt0172495}`,
    github.com/dreulavelle/Prowlarr-Indexers pull 2).
    """
    tokens = []
    if criteria.imdb_number:
        tokens.append(f"{{ImdbId:tt{int(criteria.imdb_number):07d}}}")
    if criteria.tmdb_id:
        tokens.append(f"{{TmdbId:{criteria.tmdb_id}}}")
    return "".join(tokens)


def category_names(capabilities: Any) -> dict[int, str]:
    """Every category and subcategory of a Prowlarr indexer's capabilities: id → name."""
    names: dict[int, str] = {}
    categories = capabilities.get("categories") if isinstance(capabilities, dict) else None
    for category in categories if isinstance(categories, list) else ():
        if not isinstance(category, dict):
            continue
        subs = category.get("subCategories")
        for entry in (category, *(subs if isinstance(subs, list) else ())):
            number = whole(entry.get("id")) if isinstance(entry, dict) else None
            if number:
                names[number] = text(entry.get("name"))
    return names
