"""Library import, files: what a video's name (and its folder's) says, and its MovieFile."""

from __future__ import annotations

import os

from movies.models import Movie, MovieFile


def parse(name: str):
    from movies.parser import parse_release

    return parse_release(name)


def looks_like_scene(name: str, parsed) -> bool:
    """A scene release name: dotted words, no spaces, a group and a known quality."""
    return (
        " " not in name
        and "." in name
        and bool(parsed.title)
        and bool(parsed.release_group)
        and parsed.quality.quality_id != 0
    )


def _quality(parsed, from_folder):
    return parsed.quality if parsed.quality.quality_id else from_folder.quality


def quality_note(folder_path: str, relative_path: str, quality_id: int) -> str:
    """'(from the .mkv extension)' when the file's quality was only guessed from its
    extension (no source in the file or folder name); '' otherwise or without a file."""
    from movies.parser import parse_path

    if not relative_path or not quality_id:
        return ""
    folder_name = os.path.basename(os.path.normpath(folder_path))
    quality = _quality(parse_path(os.path.join(folder_path, relative_path)), parse(folder_name))
    if quality.quality_id != quality_id:
        return ""  # the row was scanned with other rules: say nothing rather than guess
    extension = os.path.splitext(relative_path)[1].lower()
    if quality.source_detection == "extension":
        return f"(from the {extension} extension)"
    if quality.resolution_detection == "extension":
        return f"(resolution from the {extension} extension)"
    return ""


def file_facts(folder_path: str, relative_path: str) -> dict:
    """What the main file's name (and its folder's, for what it lacks) says for MovieFile."""
    from movies.parser import parse_path

    parsed = parse_path(os.path.join(folder_path, relative_path))
    stem = os.path.splitext(os.path.basename(relative_path))[0]
    folder_name = os.path.basename(os.path.normpath(folder_path))
    from_folder = parse(folder_name)
    quality = _quality(parsed, from_folder)
    if looks_like_scene(stem, parsed):
        scene_name = stem
    elif looks_like_scene(folder_name, from_folder):
        scene_name = folder_name
    else:
        scene_name = ""
    return {
        "quality_id": quality.quality_id,
        "quality_version": quality.version,
        "release_group": (parsed.release_group or from_folder.release_group or "")[:100],
        "edition": (parsed.edition or from_folder.edition or "")[:100],
        "languages": list(parsed.languages or from_folder.languages),
        "scene_name": scene_name[:500],
    }


def add_movie_file(movie: Movie, folder_path: str, relative_path: str) -> MovieFile:
    """The MovieFile of a video already in the movie's folder (reads its size; no changes)."""
    size = os.path.getsize(os.path.join(folder_path, relative_path))
    facts = file_facts(folder_path, relative_path)
    movie_file, _ = MovieFile.objects.get_or_create(
        movie=movie, relative_path=relative_path, defaults={"size": size, **facts}
    )
    return movie_file
