"""Radarr's IndexerResource: the schema classes and the mapping to and from our Indexer.

Torznab, Newznab and HDBits are Radarr's own implementations and carry its field names,
so Prowlarr's application sync (which fills the fields of the schema entry it fetched and
posts them back) works unchanged. Our Jackett and Prowlarr kinds search an aggregator
rather than one indexer's Newznab API, so they keep their own implementation names.
The API key is write-only: it reads as "********" and that value sent back keeps it.
"""

from __future__ import annotations

from typing import Any

from ninja import Schema

MASK = "********"
RADARR_INFO = "https://wiki.servarr.com/radarr/supported#{}"

# kind → (implementation, configContract, infoLink)
IMPLEMENTATIONS: dict[str, tuple[str, str, str]] = {
    "torznab": ("Torznab", "TorznabSettings", RADARR_INFO.format("torznab")),
    "newznab": ("Newznab", "NewznabSettings", RADARR_INFO.format("newznab")),
    "hdbits": ("HDBits", "HDBitsSettings", RADARR_INFO.format("hdbits")),
    "jackett": ("Jackett", "JackettSettings", "https://github.com/Jackett/Jackett"),
    "prowlarr": ("Prowlarr", "ProwlarrSettings", "https://wiki.servarr.com/prowlarr"),
}
KIND_BY_IMPLEMENTATION = {impl.lower(): kind for kind, (impl, _, _) in IMPLEMENTATIONS.items()}

# Newznab's standard movie categories (what Radarr offers for Newznab/Torznab).
MOVIE_CATEGORIES = [
    (2000, "Movies"),
    (2010, "Movies/Foreign"),
    (2020, "Movies/Other"),
    (2030, "Movies/SD"),
    (2040, "Movies/HD"),
    (2045, "Movies/UHD"),
    (2050, "Movies/BluRay"),
    (2060, "Movies/3D"),
    (2070, "Movies/DVD"),
    (2080, "Movies/WEB-DL"),
    (2090, "Movies/x265"),
]
HDBITS_CATEGORIES = [
    (1, "Movie"),
    (2, "TV"),
    (3, "Documentary"),
    (4, "Music"),
    (5, "Sport"),
    (6, "Audio Track"),
    (7, "XXX"),
    (8, "Misc/Demo"),
]
UNUSED = "Accepted for Radarr compatibility; not used here."
# The base URL exactly as the API client sent it: the settings form drops a trailing "/",
# and Prowlarr compares the baseUrl it reads back with the one it sent ("…/{id}/").
AS_SENT = "base_url_as_sent"


class SelectOption(Schema):
    value: int | str
    name: str
    order: int = 0


class FieldResource(Schema):
    """One of Radarr's provider settings fields; only name and value are read back."""

    order: int = 0
    name: str
    label: str | None = None
    unit: str | None = None
    helpText: str | None = None
    value: Any = None
    type: str = "textbox"
    advanced: bool = False
    privacy: str = "normal"
    selectOptions: list[SelectOption] | None = None


class IndexerResource(Schema):
    """Radarr's IndexerResource (GET/POST/PUT /indexer, /indexer/schema)."""

    id: int = 0
    name: str | None = None
    fields: list[FieldResource] = []
    implementationName: str | None = None
    implementation: str | None = None
    configContract: str | None = None
    infoLink: str | None = None
    tags: list[int] = []
    enableRss: bool = True
    enableAutomaticSearch: bool = True
    enableInteractiveSearch: bool = True
    supportsRss: bool = True
    supportsSearch: bool = True
    protocol: str = "unknown"
    priority: int = 25
    downloadClientId: int = 0


class TestAllResult(Schema):
    id: int
    isValid: bool
    validationFailures: list[dict[str, Any]] = []


def _options(choices: list[tuple[int, str]]) -> list[dict[str, Any]]:
    return [{"value": v, "name": n, "order": i} for i, (v, n) in enumerate(choices)]


def _field(name: str, label: str, value: Any, type_: str = "textbox", **extra: Any) -> dict:
    return {"name": name, "label": label, "value": value, "type": type_, **extra}


def _base_url(row: Any) -> str:
    sent = (row.options or {}).get(AS_SENT)
    if isinstance(sent, str) and sent.rstrip("/") == row.base_url:
        return sent
    return row.base_url


def _connection_fields(row: Any) -> list[dict]:
    key = MASK if row.api_key else ""
    if row.kind in ("torznab", "newznab"):
        return [
            _field("baseUrl", "URL", _base_url(row)),
            _field("apiPath", "API Path", row.api_path or "/api", advanced=True),
            _field("apiKey", "API Key", key, privacy="apiKey"),
            _field(
                "categories",
                "Categories",
                list(row.categories or []),
                "select",
                selectOptions=_options(MOVIE_CATEGORIES),
            ),
            _field(
                "additionalParameters", "Additional Parameters", "", advanced=True, helpText=UNUSED
            ),
            _field(
                "multiLanguages", "Multi Languages", [], "select", advanced=True, helpText=UNUSED
            ),
            _field(
                "removeYear", "Remove year from search string", False, "checkbox", helpText=UNUSED
            ),
        ]
    if row.kind == "hdbits":
        options = row.options or {}
        return [
            _field("baseUrl", "API URL", _base_url(row), advanced=True),
            _field("username", "Username", row.username, privacy="userName"),
            _field("apiKey", "API Key", key, privacy="apiKey"),
            _field(
                "categories",
                "Categories",
                list(row.categories or []),
                "select",
                selectOptions=_options(HDBITS_CATEGORIES),
            ),
            _field("codecs", "Codecs", list(options.get("codecs") or []), "select", advanced=True),
            _field(
                "mediums", "Mediums", list(options.get("mediums") or []), "select", advanced=True
            ),
        ]
    options = row.options or {}
    fields = [
        _field("baseUrl", "URL", _base_url(row)),
        _field("apiKey", "API Key", key, privacy="apiKey"),
        _field("categories", "Categories", list(row.categories or []), "select"),
    ]
    if row.kind == "jackett":
        fields.append(
            _field(
                "indexer",
                "Jackett indexer",
                options.get("indexer") or "all",
                helpText="The indexer's id in Jackett, or “all” for every configured indexer",
            )
        )
    if row.kind == "prowlarr":
        fields.append(
            _field(
                "indexerIds",
                "Prowlarr indexer ids",
                list(options.get("indexer_ids") or []),
                "tag",
                helpText="Ids of Prowlarr's indexers to search; empty = all",
            )
        )
    return fields


def _torrent_fields(row: Any) -> list[dict]:
    return [
        _field("minimumSeeders", "Minimum Seeders", row.minimum_seeders, "number", advanced=True),
        _field("seedCriteria.seedRatio", "Seed Ratio", row.seed_ratio, "textbox", advanced=True),
        _field(
            "seedCriteria.seedTime",
            "Seed Time",
            row.seed_time_minutes,
            "number",
            unit="minutes",
            advanced=True,
        ),
        _field(
            "rejectBlocklistedTorrentHashesWhileGrabbing",
            "Reject Blocklisted Torrent Hashes While Grabbing",
            False,
            "checkbox",
            advanced=True,
            helpText=UNUSED,
        ),
    ]


def indexer_resource(row: Any, protocol: str | None) -> dict[str, Any]:
    """Our Indexer (saved, or unsaved for the schema) as Radarr's IndexerResource."""
    implementation, contract, info = IMPLEMENTATIONS.get(
        row.kind, (row.kind_label, f"{row.kind_label}Settings", "")
    )
    fields = _connection_fields(row)
    if row.kind in ("torznab", "newznab") and protocol != "usenet":
        fields.insert(
            4,
            _field("requiredFlags", "Required Flags", [], "select", advanced=True, helpText=UNUSED),
        )
    if protocol != "usenet":
        fields.extend(_torrent_fields(row))
    for order, field in enumerate(fields):
        field["order"] = order
    return {
        "id": row.pk or 0,
        "name": row.name or None,
        "fields": fields,
        "implementationName": implementation,
        "implementation": implementation,
        "configContract": contract,
        "infoLink": info,
        "tags": [],
        "enableRss": row.enable_rss,
        "enableAutomaticSearch": row.enable_automatic_search,
        "enableInteractiveSearch": row.enable_interactive_search,
        "supportsRss": True,
        "supportsSearch": True,
        "protocol": protocol or "unknown",
        "priority": row.priority,
        "downloadClientId": 0,
    }


# Radarr's field names → our Indexer's (options keys marked "options.").
FIELD_NAMES = {
    "baseUrl": "base_url",
    "apiPath": "api_path",
    "apiKey": "api_key",
    "username": "username",
    "categories": "categories",
    "minimumSeeders": "minimum_seeders",
    "seedCriteria.seedRatio": "seed_ratio",
    "seedCriteria.seedTime": "seed_time_minutes",  # minutes in Radarr and here
    "indexer": "options.indexer",
    "indexerIds": "options.indexer_ids",
    "codecs": "options.codecs",
    "mediums": "options.mediums",
}
TOP_LEVEL = {
    "name": "name",
    "enableRss": "enable_rss",
    "enableAutomaticSearch": "enable_automatic_search",
    "enableInteractiveSearch": "enable_interactive_search",
    "priority": "priority",
}
# Our form's field names → the API's, for the errors it reports ("" = the whole indexer).
API_NAMES = {ours.removeprefix("options."): api for api, ours in FIELD_NAMES.items()}
API_NAMES.update({ours: api for api, ours in TOP_LEVEL.items()})
API_NAMES.update({"requests_per_minute": "requestsPerMinute", "__all__": ""})
_ID_LISTS = ("categories", "indexerIds", "codecs", "mediums")


def _whole_numbers(value: Any) -> bool:
    return isinstance(value, list) and all(
        isinstance(v, int) and not isinstance(v, bool) and v > 0 for v in value
    )


def kind_of(implementation: str | None) -> str | None:
    """Our kind for Radarr's implementation name (case-insensitive), or None."""
    return KIND_BY_IMPLEMENTATION.get((implementation or "").strip().lower())


def indexer_data(payload: IndexerResource) -> tuple[dict[str, Any], dict[str, str]]:
    """The resource as the fields indexers.services.save_indexer_from_api takes, and the
    problems found on the way ({API field name: message}). Fields we have no setting for
    (tags, downloadClientId, additionalParameters, multiLanguages, removeYear,
    requiredFlags, rejectBlocklistedTorrentHashesWhileGrabbing) are ignored; "********"
    as apiKey, or no apiKey, keeps the stored key."""
    data: dict[str, Any] = {}
    errors: dict[str, str] = {}
    sent = payload.model_dump(exclude_unset=True)
    for api_name, ours in TOP_LEVEL.items():
        if api_name in sent:
            data[ours] = sent[api_name]
    options: dict[str, Any] = {}
    for field in payload.fields:
        ours = FIELD_NAMES.get(field.name)
        if ours is None:
            continue
        value = field.value
        if field.name == "apiKey":
            if value in (None, "", MASK):
                continue
            value = str(value).strip()
        if field.name in _ID_LISTS and not _whole_numbers(value):
            errors[field.name] = (
                f"{field.name} must be a list of positive whole numbers, like [2000, 2010]."
            )
            continue
        if field.name == "baseUrl" and isinstance(value, str):
            options[AS_SENT] = value.strip()
        if ours.startswith("options."):
            options[ours.removeprefix("options.")] = value
        else:
            data[ours] = value
    if options:
        data["options"] = options
    if payload.implementation is not None or payload.id == 0:
        data["kind"] = kind_of(payload.implementation)
        if data["kind"] is None:
            known = ", ".join(impl for impl, _, _ in IMPLEMENTATIONS.values())
            errors["implementation"] = (
                f"Unknown implementation {payload.implementation!r}: use one of {known}."
                if payload.implementation
                else f"Give the implementation: one of {known}."
            )
    return data, errors


def attempted(payload: IndexerResource) -> dict[str, Any]:
    """What was sent, by API field name, for the 400's attemptedValue (never the key)."""
    values: dict[str, Any] = {k: getattr(payload, k) for k in (*TOP_LEVEL, "implementation")}
    values.update({f.name: f.value for f in payload.fields if f.name != "apiKey"})
    return values


def form_errors(errors: dict[str, list[str]]) -> dict[str, str]:
    """The settings form's errors under the API's field names."""
    return {API_NAMES.get(name, name): " ".join(messages) for name, messages in errors.items()}


def test_failure(kind: str, problems: list[str], error_kind: str) -> dict[str, str]:
    """The Test's problems under the field most likely at fault."""
    if error_kind == "AuthError":
        field = "apiKey"
    elif error_kind == "NotFound" and kind in ("torznab", "newznab"):
        field = "apiPath"
    else:
        field = "baseUrl"
    return {field: " ".join(problems) or "The indexer test failed."}


test_failure.__test__ = False  # not a pytest test
