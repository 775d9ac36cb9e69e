"""Fixtures for the library import tests: real folders in a temporary root folder."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

MB = 1024 * 1024
GB = 1024 * MB


def make_file(path: Path, size: int = 0) -> Path:
    """A file of `size` bytes; sparse, so a '4 GB movie' costs no disk."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as handle:
        handle.truncate(size)
    return path


@pytest.fixture
def root_dir(tmp_path) -> Path:
    folder = tmp_path / "movies"
    folder.mkdir()
    return folder


@pytest.fixture
def root_folder(db, tmp_path):
    """The movies root folder (same place as root_dir), saved as a RootFolder."""
    from movies.models import RootFolder

    folder = tmp_path / "movies"
    folder.mkdir(exist_ok=True)
    rf = RootFolder(path=str(folder))
    rf.probe_disk()
    rf.save()
    return rf


@pytest.fixture
def library(root_folder):
    """Add a movie folder with files: library("The Matrix (1999)", {"m.mkv": GB})."""
    root = Path(root_folder.path)

    def add(folder: str, files: dict[str, int] | None = None) -> Path:
        path = root / folder
        path.mkdir(parents=True, exist_ok=True)
        for name, size in (files or {}).items():
            make_file(path / name, size)
        return path

    return add


@pytest.fixture
def quality_profile(db):
    from movies.models import QualityProfile

    return QualityProfile.objects.get(name="HD-1080p")


def snapshot(folder: str) -> list[tuple[str, int, float]]:
    """Every file under the folder with its size and modification time."""
    found = []
    for parent, _dirs, files in os.walk(folder):
        for name in files:
            full = os.path.join(parent, name)
            stat = os.stat(full)
            found.append((os.path.relpath(full, folder), stat.st_size, stat.st_mtime))
    return sorted(found)
