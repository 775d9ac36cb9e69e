"""API v3: system/status, health, diskspace.

Overseerr and Prowlarr read system/status to check who they talk to (version, urlBase);
health repeats what System → Health shows; diskspace lists the root folders and the data
folder with their free space.
"""

from __future__ import annotations

import os
import platform
import sqlite3
import sys
from datetime import UTC, datetime

from django.conf import settings
from django.db import connection
from django.http import HttpRequest
from ninja import Router, Schema

from movies.models import RootFolder
from radarr_site import __version__
from radarr_site.api.core import RADARR_COMPAT_VERSION
from radarr_site.health import ERROR, WARNING, run_checks
from radarr_site.system.status import process_started_at

router = Router(tags=["system"])


def iso_utc(moment: datetime) -> str:
    """Radarr's date format: ISO-8601 in UTC with a Z, whole seconds."""
    return moment.astimezone(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


class SystemStatusResource(Schema):
    appName: str
    instanceName: str
    version: str
    buildTime: str
    isDebug: bool
    isProduction: bool
    isAdmin: bool
    isUserInteractive: bool
    startupPath: str
    appData: str
    osName: str
    osVersion: str
    isNetCore: bool
    isLinux: bool
    isOsx: bool
    isWindows: bool
    isDocker: bool
    mode: str
    branch: str
    authentication: str
    sqliteVersion: str | None = None
    databaseType: str
    databaseVersion: str
    migrationVersion: int
    urlBase: str
    runtimeVersion: str
    runtimeName: str
    startTime: str
    packageVersion: str
    packageAuthor: str
    packageUpdateMechanism: str


class HealthResource(Schema):
    source: str
    type: str
    message: str
    wikiUrl: str


class DiskSpaceResource(Schema):
    path: str
    label: str
    freeSpace: int
    totalSpace: int


def _os_name_and_version() -> tuple[str, str]:
    """Radarr reports the distribution ("ubuntu", "22.04") on Linux, else the system."""
    try:
        release = platform.freedesktop_os_release()
        return release.get("ID", "linux"), release.get("VERSION_ID", platform.release())
    except OSError:
        return platform.system().lower(), platform.release()


def _database() -> tuple[str, str, str | None]:
    """(databaseType, databaseVersion, sqliteVersion) in Radarr's spelling."""
    if connection.vendor == "sqlite":
        return "sqLite", sqlite3.sqlite_version, sqlite3.sqlite_version
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        version = str(cursor.fetchone()[0]).split()[0]
    return "postgreSQL", version, None


def _migration_count() -> int:
    """How many migrations are applied: grows with every schema change, as Radarr's does."""
    from django.db.migrations.recorder import MigrationRecorder

    return MigrationRecorder(connection).migration_qs.count()


def _build_time() -> str:
    # No build step: the package's own file time is when this version was put in place.
    import radarr_site

    stamp = os.path.getmtime(radarr_site.__file__)
    return iso_utc(datetime.fromtimestamp(stamp, tz=UTC))


@router.get("/system/status", response=SystemStatusResource, summary="Who we are and where we run")
def system_status(request: HttpRequest) -> dict:
    os_name, os_version = _os_name_and_version()
    db_type, db_version, sqlite_version = _database()
    return {
        "appName": "Radarr",
        "instanceName": "Radarr",
        "version": RADARR_COMPAT_VERSION,
        "buildTime": _build_time(),
        "isDebug": settings.DEBUG,
        "isProduction": not settings.DEBUG,
        "isAdmin": False,  # Radarr: running as a Windows administrator; never here
        "isUserInteractive": False,
        "startupPath": str(settings.BASE_DIR),
        "appData": str(settings.DATA_DIR),
        "osName": os_name,
        "osVersion": os_version,
        "isNetCore": False,  # we run on Python (runtimeName says so), not .NET
        "isLinux": sys.platform.startswith("linux"),
        "isOsx": sys.platform == "darwin",
        "isWindows": sys.platform.startswith("win"),
        "isDocker": os.path.exists("/.dockerenv"),
        "mode": "console",
        "branch": "master",
        "authentication": "forms",
        "sqliteVersion": sqlite_version,
        "databaseType": db_type,
        "databaseVersion": db_version,
        "migrationVersion": _migration_count(),
        "urlBase": "",
        "runtimeVersion": platform.python_version(),
        "runtimeName": "Python",
        "startTime": iso_utc(datetime.fromtimestamp(process_started_at(), tz=UTC)),
        "packageVersion": __version__,
        "packageAuthor": "Radarr Site",
        "packageUpdateMechanism": "builtIn",
    }


# Our health levels → Radarr's HealthCheckResult names.
_HEALTH_TYPES = {WARNING: "warning", ERROR: "error"}


@router.get("/health", response=list[HealthResource], summary="What System → Health shows")
def health(request: HttpRequest) -> list[dict]:
    # run_checks reads stored state only (disk figures come from the Health check task),
    # so polling this costs no network call.
    return [
        {
            "source": issue.source,
            "type": _HEALTH_TYPES.get(issue.level, "notice"),
            "message": issue.message,
            "wikiUrl": request.build_absolute_uri(issue.link) if issue.link else "",
        }
        for issue in run_checks()
    ]


def _disk(path: str, label: str) -> dict | None:
    probe = RootFolder(path=path)
    probe.probe_disk()
    if not probe.accessible:
        return None  # Radarr leaves out paths it cannot read
    return {
        "path": path,
        "label": label,
        "freeSpace": probe.free_space,
        "totalSpace": probe.total_space,
    }


@router.get("/diskspace", response=list[DiskSpaceResource], summary="Free space of each folder")
def diskspace(request: HttpRequest) -> list[dict]:
    places = [(folder.path, "Root folder") for folder in RootFolder.objects.all()]
    places.append((str(settings.DATA_DIR), "Data folder"))
    found = (_disk(path, label) for path, label in places)
    return [row for row in found if row is not None]
