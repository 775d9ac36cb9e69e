"""A movie's files as other apps see them: naming, the upgrade check, importing a file
into the library (disk work), the recycle bin. movies.services re-exports these; the
downloads app and the settings pages call them through it."""

from __future__ import annotations

import os
from collections.abc import Iterable
from typing import Any

from movies.models import Movie, QualityProfile
from movies.parser import parse_release
from movies.parser.types import ParsedRelease, QualityParse
from movies.quality import BY_ID as QUALITIES_BY_ID


def custom_format_matcher():
    from movies.formats.matcher import FormatMatcher

    return FormatMatcher.from_db()


def parse_path(path: str) -> ParsedRelease:
    """Parse a file path: the file name, helped by its folders when it is poor."""
    from movies.parser import parse_path as parse

    return parse(path)


def naming_choices():
    """Settings → Media Management's naming choices as plain data (movies.naming)."""
    from movies.models import MediaManagement
    from movies.naming import NamingChoices

    settings_row = MediaManagement.load()
    return NamingChoices(
        file_format=settings_row.standard_movie_format,
        folder_format=settings_row.movie_folder_format,
        replace_illegal=settings_row.replace_illegal,
        colon_replacement=settings_row.colon_replacement,
    )


def naming_facts(movie: Movie, parsed: ParsedRelease | None = None, formats: Iterable[str] = ()):
    """What the naming tokens say about this movie and (optionally) a parsed file name."""
    from movies.naming import NamingFacts

    quality = parsed.quality if parsed else QualityParse()
    media = parsed.media if parsed else None
    return NamingFacts(
        title=movie.title,
        year=movie.year,
        tmdb_id=movie.tmdb_id,
        imdb_id=movie.imdb_id,
        quality_id=quality.quality_id,
        quality_version=quality.version,
        quality_real=quality.real,
        repack=quality.repack,
        edition=(parsed.edition or "") if parsed else "",
        release_group=(parsed.release_group or "") if parsed else "",
        video_codec=(media.video_codec or "") if media else "",
        audio_codec=(media.audio_codec or "") if media else "",
        hdr=tuple(media.hdr) if media else (),
        custom_formats=tuple(formats),
    )


_SAMPLE_RELEASE = "The.Matrix.1999.Directors.Cut.1080p.BluRay.REPACK.DTS.x264-SPARKS"


def naming_preview(choices) -> dict[str, str]:
    """The folder and file names the formats give a sample movie (Settings preview)."""
    from movies.naming import file_name, folder_name

    movie = Movie(title="The Matrix", year=1999, tmdb_id=603, imdb_id="tt0133093")
    sample = naming_facts(movie, parse_release(_SAMPLE_RELEASE), ("x264",))
    return {
        "folder": folder_name(sample, choices),
        "file": file_name(sample, choices, ".mkv"),
    }


def _profile_place(profile: QualityProfile, quality_id: int) -> int:
    for place, item in enumerate(profile.items):
        members = item["items"] if "items" in item else [item.get("quality")]
        if quality_id in members:
            return place
    return -1


def _file_format_score(movie: Movie, file: Any, matcher=None) -> int:
    name = file.scene_name or os.path.basename(file.relative_path)
    matcher = matcher or custom_format_matcher()
    matched = matcher.matching(parse_release(name), size=file.size)
    return matcher.score(movie.quality_profile_id, matched)


def upgrade_problem(movie: Movie, quality_id: int, version: int = 1, format_score: int = 0) -> str:
    """Why a file of this quality would not improve on the movie's file ("" when it would,
    or when the movie has no file): quality place, then revision, then format score."""
    files = list(movie.files.all())
    if not files:
        return ""
    profile = movie.quality_profile
    new_name = QUALITIES_BY_ID.get(quality_id, QUALITIES_BY_ID[0]).name
    for file in files:
        new_place = _profile_place(profile, quality_id)
        cur_place = _profile_place(profile, file.quality_id)
        existing = f"the existing file is {file.quality_name} v{file.quality_version}"
        if new_place != cur_place:
            if new_place < cur_place:
                return f"Not an upgrade: {existing}, this file is {new_name}."
            continue
        if version != file.quality_version:
            if version < file.quality_version:
                return f"Not an upgrade: {existing}, this file is {new_name} v{version}."
            continue
        current_score = _file_format_score(movie, file)
        if format_score <= current_score:
            return (
                f"Not an upgrade: {existing} with format score {current_score}, "
                f"this file scores {format_score}."
            )
    return ""


def is_upgrade(movie: Movie, quality_id: int, version: int = 1, format_score: int = 0) -> bool:
    """Would a file of this quality be new for the movie or better than its file?"""
    return not upgrade_problem(movie, quality_id, version, format_score)


def movie_folder_path(movie: Movie) -> str:
    """The movie's folder: its stored path, else one named by the folder format."""
    from movies.naming import folder_name

    if movie.path:
        return movie.path
    name = folder_name(naming_facts(movie), naming_choices())
    return os.path.join(movie.root_folder.path, name)


def import_movie_file(
    movie: Movie,
    source: str,
    *,
    mode: str,
    parsed: ParsedRelease,
    scene_name: str = "",
    formats: Iterable[str] = (),
    check=None,
):
    """Import a video file into the movie's folder, named by Settings → Media Management.

    Disk work (movies.file_import): hardlink / copy / move, crash-safe and idempotent, one
    import of a movie at a time; `check()` (raising ImportFailed) runs under that lock.
    Raises movies.file_import.ImportFailed with the reason.
    """
    from movies.file_import import FileFacts, import_file
    from movies.models import MediaManagement
    from movies.naming import FILE_NAME_MAX, clean_name, cut_to_bytes, file_name

    settings_row = MediaManagement.load()
    choices = naming_choices()
    extension = os.path.splitext(source)[1].lower()
    if settings_row.rename_movies:
        name = file_name(naming_facts(movie, parsed, formats), choices, extension)
    else:
        stem = os.path.splitext(os.path.basename(source))[0]
        stem = clean_name(stem, choices.replace_illegal, choices.colon_replacement)
        # Colon replacement can lengthen a name that was at the file system's limit.
        name = cut_to_bytes(stem, FILE_NAME_MAX - len(extension.encode())) + extension
    if not movie.path:
        movie.path = movie_folder_path(movie)
        Movie.objects.filter(pk=movie.pk, path="").update(path=movie.path)
    facts = FileFacts(
        quality_id=parsed.quality.quality_id,
        quality_version=parsed.quality.version,
        release_group=parsed.release_group or "",
        edition=parsed.edition or "",
        languages=list(parsed.languages),
        scene_name=scene_name,
        media_info={
            k: v
            for k, v in {
                "video_codec": parsed.media.video_codec,
                "audio_codec": parsed.media.audio_codec,
                "hdr": list(parsed.media.hdr),
            }.items()
            if v
        },
    )
    return import_file(
        movie,
        source,
        mode,
        file_name=name,
        facts=facts,
        recycle_bin=settings_row.recycle_bin,
        check=check,
    )


def use_hardlinks() -> bool:
    """Settings → Media Management: hardlink torrents into the library instead of copying."""
    from movies.models import MediaManagement

    return MediaManagement.load().use_hardlinks


def empty_recycle_bin() -> int:
    """Housekeeping: delete files older than Settings → Media Management's recycle-bin days
    from the recycle bin (disk work); the number of files deleted."""
    from movies.file_import import empty_recycle_bin as empty
    from movies.models import MediaManagement

    settings_row = MediaManagement.load()
    return empty(settings_row.recycle_bin, settings_row.recycle_bin_days)
