"""API v3: qualityprofile, rootfolder, tag, downloadclient.

Overseerr and Jellyseerr read profiles, root folders and tags to fill their Radarr server
form and create per-user tags; pyarr maps each path 1:1. Writes go through the same rules
as the Settings pages (RootFolderForm, the tag label rules), so the API cannot store what
the pages would refuse.
"""

from __future__ import annotations

import os
from typing import Any
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.db.models import ProtectedError
from django.http import HttpRequest
from ninja import Router, Schema, Status

from downloads import services as downloads
from movies.models import CustomFormat, QualityProfile, RootFolder, Tag
from movies.models.library import normalise_tag_label
from movies.quality import BY_ID
from movies.settings_forms import RootFolderForm, TagForm
from radarr_site.api.core import invalid, not_found

router = Router(tags=["library"])


def _get_or_404(queryset, id: int, what: str):
    row = queryset.filter(pk=id).first()
    if row is None:
        raise not_found(f"{what} {id} does not exist.")
    return row


# ---------------------------------------------------------------- quality profiles


class NamedId(Schema):
    id: int
    name: str


class FormatItem(Schema):
    format: int
    name: str
    score: int


class QualityProfileResource(Schema):
    id: int
    name: str
    upgradeAllowed: bool
    cutoff: int
    items: list[dict]
    minFormatScore: int
    cutoffFormatScore: int
    formatItems: list[FormatItem]
    language: NamedId


def _quality(qid: int) -> dict:
    quality = BY_ID.get(qid)
    if quality is None:  # a stored id this version no longer knows: keep the id
        return {"id": qid, "name": f"Quality {qid}", "source": "unknown", "resolution": 0}
    return {  # Radarr's Quality object
        "id": quality.id,
        "name": quality.name,
        "source": quality.source,
        "resolution": quality.resolution,
        "modifier": quality.modifier or "none",
    }


def _profile_items(stored: list[dict]) -> list[dict]:
    """Radarr's nested items, worst first as stored (and as Radarr lists them): each
    single quality with its full quality object, each group with its members."""
    items = []
    for item in stored:
        allowed = bool(item.get("allowed"))
        if "items" in item:
            members = [
                {"quality": _quality(qid), "items": [], "allowed": allowed} for qid in item["items"]
            ]
            items.append(
                {"id": item["id"], "name": item["name"], "items": members, "allowed": allowed}
            )
        else:
            items.append({"quality": _quality(item["quality"]), "items": [], "allowed": allowed})
    return items


def _profile(profile: QualityProfile, formats: list[CustomFormat]) -> dict:
    scores = {row.custom_format_id: row.score for row in profile.format_scores.all()}
    return {
        "id": profile.pk,
        "name": profile.name,
        "upgradeAllowed": profile.upgrade_allowed,
        "cutoff": profile.cutoff,
        "items": _profile_items(profile.items),
        "minFormatScore": profile.min_format_score,
        "cutoffFormatScore": profile.cutoff_format_score,
        # Radarr lists every custom format, unscored ones at 0.
        "formatItems": [
            {"format": cf.pk, "name": cf.name, "score": scores.get(cf.pk, 0)} for cf in formats
        ],
        # Profiles here do not filter by language: Radarr's "Any".
        "language": {"id": -1, "name": "Any"},
    }


@router.get(
    "/qualityprofile",
    response=list[QualityProfileResource],
    summary="List quality profiles (read-only: edit them on Settings → Profiles)",
)
def list_quality_profiles(request: HttpRequest) -> list[dict]:
    formats = list(CustomFormat.objects.all())
    profiles = QualityProfile.objects.prefetch_related("format_scores")
    return [_profile(profile, formats) for profile in profiles]


@router.get(
    "/qualityprofile/{int:id}",
    response=QualityProfileResource,
    summary="One quality profile (read-only)",
)
def get_quality_profile(request: HttpRequest, id: int) -> dict:
    profile = _get_or_404(QualityProfile.objects, id, "Quality profile")
    return _profile(profile, list(CustomFormat.objects.all()))


# ---------------------------------------------------------------- root folders

# Folders a NAS or a desktop leaves in a share: never a movie, so never "unmapped".
_NOT_MOVIE_FOLDERS = {"lost+found", "$recycle.bin", "system volume information"}


class UnmappedFolder(Schema):
    name: str
    path: str
    relativePath: str


class RootFolderResource(Schema):
    id: int
    path: str
    accessible: bool
    freeSpace: int | None = None
    totalSpace: int | None = None
    unmappedFolders: list[UnmappedFolder]


class RootFolderIn(Schema):
    # Checked here rather than by the schema: the shared error handler drops a location
    # part named "path" (it means the URL path there), so pydantic's own error for this
    # field would be reported as "body".
    path: Any = None


def unmapped_folders(folder: RootFolder) -> list[dict]:
    """Folders directly in the root that no movie in the library lives in (one listing)."""
    if not folder.accessible:
        return []
    mapped = {os.path.normpath(path) for path in folder.movies.values_list("path", flat=True)}
    try:
        entries = sorted(os.scandir(folder.path), key=lambda entry: entry.name.lower())
    except OSError:
        return []
    found = []
    for entry in entries:
        name = entry.name
        if name.startswith((".", "@")) or name.lower() in _NOT_MOVIE_FOLDERS:
            continue
        if not entry.is_dir() or os.path.normpath(entry.path) in mapped:
            continue
        found.append({"name": name, "path": entry.path, "relativePath": name})
    return found


def _root_folder(folder: RootFolder) -> dict:
    # Figures read now, as Radarr does: the stored ones may be hours old.
    folder.probe_disk()
    return {
        "id": folder.pk,
        "path": folder.path,
        "accessible": folder.accessible,
        "freeSpace": folder.free_space,
        "totalSpace": folder.total_space,
        "unmappedFolders": unmapped_folders(folder),
    }


@router.get("/rootfolder", response=list[RootFolderResource], summary="List root folders")
def list_root_folders(request: HttpRequest) -> list[dict]:
    return [_root_folder(folder) for folder in RootFolder.objects.all()]


@router.get("/rootfolder/{int:id}", response=RootFolderResource, summary="One root folder")
def get_root_folder(request: HttpRequest, id: int) -> dict:
    return _root_folder(_get_or_404(RootFolder.objects, id, "Root folder"))


@router.post(
    "/rootfolder",
    response={201: RootFolderResource},
    summary="Add a root folder (the Settings → Root folders rules)",
)
def add_root_folder(request: HttpRequest, payload: RootFolderIn) -> Status:
    if not isinstance(payload.path, str) or not payload.path.strip():
        raise invalid({"path": "Enter the folder's path."}, attempted={"path": payload.path})
    form = RootFolderForm(data={"path": payload.path})
    if not form.is_valid():
        raise invalid({"path": " ".join(form.errors["path"])}, attempted={"path": payload.path})
    folder = RootFolder(path=form.cleaned_data["path"])
    folder.probe_disk()
    folder.save()
    return Status(201, _root_folder(folder))


@router.delete("/rootfolder/{int:id}", response=dict, summary="Remove an unused root folder")
def delete_root_folder(request: HttpRequest, id: int) -> dict:
    folder = _get_or_404(RootFolder.objects, id, "Root folder")
    if used := folder.movies.count():
        message = f"{folder.path} is used by {used} movie(s); move them to another folder first."
        raise invalid({"path": message}, attempted={"path": folder.path})
    try:
        folder.delete()
    except ProtectedError:  # a movie was added to it since the count
        raise invalid({"path": f"{folder.path} is in use."}, {"path": folder.path}) from None
    return {}


# ---------------------------------------------------------------- tags


class TagResource(Schema):
    id: int
    label: str


class TagIn(Schema):
    label: str
    id: int | None = None


def _tag(tag: Tag) -> dict:
    return {"id": tag.pk, "label": tag.label}


@router.get("/tag", response=list[TagResource], summary="List tags")
def list_tags(request: HttpRequest) -> list[dict]:
    return [_tag(tag) for tag in Tag.objects.all()]


@router.get("/tag/{int:id}", response=TagResource, summary="One tag")
def get_tag(request: HttpRequest, id: int) -> dict:
    return _tag(_get_or_404(Tag.objects, id, "Tag"))


@router.post(
    "/tag",
    response={201: TagResource},
    summary="Create a tag; a label that exists answers the existing tag, as Radarr does",
)
def add_tag(request: HttpRequest, payload: TagIn) -> Status:
    try:
        label = normalise_tag_label(payload.label)
    except ValidationError as error:
        raise invalid({"label": " ".join(error.messages)}, {"label": payload.label}) from None
    tag, _ = Tag.objects.get_or_create(label=label)
    return Status(201, _tag(tag))


@router.put("/tag/{int:id}", response={202: TagResource}, summary="Rename a tag")
def update_tag(request: HttpRequest, id: int, payload: TagIn) -> Status:
    tag = _get_or_404(Tag.objects, id, "Tag")
    form = TagForm(data={"label": payload.label}, instance=tag)
    if not form.is_valid():
        raise invalid({"label": " ".join(form.errors["label"])}, attempted={"label": payload.label})
    return Status(202, _tag(form.save()))


@router.put("/tag", response={202: TagResource}, summary="Rename a tag, id in the body (pyarr)")
def update_tag_by_body(request: HttpRequest, payload: TagIn) -> Status:
    if not payload.id:  # Radarr's PUT takes the path's {id} as optional
        raise invalid({"id": "The tag's id is required."}, attempted={"id": payload.id})
    return update_tag(request, payload.id, payload)


@router.delete("/tag/{int:id}", response=dict, summary="Delete a tag (removed from its movies)")
def delete_tag(request: HttpRequest, id: int) -> dict:
    _get_or_404(Tag.objects, id, "Tag").delete()
    return {}


# ---------------------------------------------------------------- download clients

# kind → Radarr's implementation (class) name; configContract is "<implementation>Settings".
_IMPLEMENTATIONS = {
    "qbittorrent": "QBittorrent",
    "transmission": "Transmission",
    "deluge": "Deluge",
    "sabnzbd": "Sabnzbd",
    "nzbget": "Nzbget",
}
# Which credentials each kind's settings form asks for (Radarr's field names).
_CREDENTIALS = {
    "qbittorrent": ("username", "password"),
    "transmission": ("username", "password"),
    "deluge": ("password",),
    "sabnzbd": ("apiKey", "username", "password"),
    "nzbget": ("username", "password"),
}
_SECRETS = {"password", "apiKey"}
MASK = "********"  # what Radarr answers for a secret that is set


class Field(Schema):
    name: str
    value: str | int | bool | None = None


class DownloadClientResource(Schema):
    id: int
    name: str
    enable: bool
    protocol: str
    priority: int
    removeCompletedDownloads: bool
    removeFailedDownloads: bool
    implementation: str
    implementationName: str
    configContract: str
    infoLink: str
    tags: list[int]
    fields: list[Field]


def _client_fields(row) -> list[dict]:
    address = urlsplit(row.base_url)
    secure = address.scheme == "https"
    try:
        port = address.port or (443 if secure else 80)
    except ValueError:  # a stored address with a bad port: say so by leaving it empty
        port = None
    values = {"username": row.username, "password": row.password, "apiKey": row.api_key}
    fields = [
        {"name": "host", "value": address.hostname or ""},
        {"name": "port", "value": port},
        {"name": "useSsl", "value": secure},
        {"name": "urlBase", "value": address.path.rstrip("/")},
    ]
    for name in _CREDENTIALS.get(row.kind, ()):
        value = values[name]
        # Secrets are never sent back: only whether one is set.
        fields.append(
            {"name": name, "value": (MASK if value else "") if name in _SECRETS else value}
        )
    fields.append({"name": "movieCategory", "value": row.category})
    return fields


def _download_client(row) -> dict:
    implementation = _IMPLEMENTATIONS.get(row.kind, row.kind.title())
    return {
        "id": row.pk,
        "name": row.name,
        "enable": row.enabled,
        "protocol": row.protocol,
        "priority": row.priority,
        "removeCompletedDownloads": row.remove_completed,
        "removeFailedDownloads": row.remove_failed,
        "implementation": implementation,
        "implementationName": row.kind_label,
        "configContract": f"{implementation}Settings",
        "infoLink": f"https://wiki.servarr.com/radarr/supported#{row.kind}",
        "tags": [],  # download clients here are not tagged
        "fields": _client_fields(row),
    }


@router.get(
    "/downloadclient",
    response=list[DownloadClientResource],
    summary="List download clients (read-only; passwords and API keys are never returned)",
)
def list_download_clients(request: HttpRequest) -> list[dict]:
    return [_download_client(row) for row in downloads.configured_clients()]


@router.get(
    "/downloadclient/{int:id}",
    response=DownloadClientResource,
    summary="One download client (read-only)",
)
def get_download_client(request: HttpRequest, id: int) -> dict:
    row = _get_or_404(downloads.configured_clients(), id, "Download client")
    return _download_client(row)
