"""What the parser returns: plain data, no database, shared by every part of the parser.

`ParsedRelease.as_dict()` uses the field names of `../shared/corpus/README.md`, which is
what `manage.py parse_release` prints and what the corpus test compares.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from movies.quality import BY_ID, Quality


@dataclass
class QualityParse:
    """Source, resolution bucket, modifier and revision of one release or file name."""

    source: str | None = None  # cam telesync telecine workprint dvd tv webdl webrip bluray
    resolution: int | None = None  # Radarr's bucket: 480 576 720 1080 2160
    modifier: str | None = None  # remux brdisk rawhd screener regional
    quality_id: int = 0  # Radarr's quality id (movies.quality), 0 = Unknown
    version: int = 1  # 2 = PROPER/REPACK/RERIP/v2, 3 = REPACK2 ...
    real: int = 0  # how many REAL tags count
    repack: bool = False  # True for REPACK/RERIP (False for PROPER)
    source_detection: str = "unknown"  # name, extension or unknown
    resolution_detection: str = "unknown"

    @property
    def quality(self) -> Quality:
        return BY_ID.get(self.quality_id, BY_ID[0])


@dataclass
class MediaParse:
    """Codec, audio, HDR and 3D facts a release name carries (all optional)."""

    video_codec: str | None = None  # x264 x265 AVC HEVC XviD DivX VC-1 MPEG2 AV1 VP9
    bit_depth: int | None = None  # 8 10 12
    audio_codec: str | None = None  # AAC AC3 EAC3 DTS DTS-HD MA DTS-X TrueHD FLAC MP3 Opus PCM
    audio_channels: float | None = None  # 2.0 5.1 7.1
    atmos: bool = False
    hdr: list[str] = field(default_factory=list)  # HDR10 HDR10+ DV HLG (several may apply)
    is_3d: bool = False


@dataclass
class ParsedRelease:
    """Everything one release title, file name or folder name says about itself.

    `title` is None when the string does not name a movie (hashes, obfuscated names, TV
    episodes); the quality, media and language parts are still filled in where possible.
    """

    original: str
    title: str | None = None
    titles: list[str] = field(default_factory=list)  # primary, then the AKA parts
    year: int | None = None
    edition: str | None = None
    release_group: str | None = None
    tmdb_id: int | None = None
    imdb_id: str | None = None
    hardcoded_subs: str | None = None  # KORSUB, KORSUBS, "Generic Hardcoded Subs"
    languages: list[str] = field(default_factory=list)  # corpus names: english, french ...
    quality: QualityParse = field(default_factory=QualityParse)
    media: MediaParse = field(default_factory=MediaParse)
    clean_title: str = ""  # movies.titles.clean_title(title), what matching compares

    def as_dict(self) -> dict:
        """The corpus field names (README of ../shared/corpus) plus the media facts."""
        q = self.quality
        return {
            "title": self.title,
            "titles": list(self.titles),
            "clean_title": self.clean_title,
            "year": self.year,
            "edition": self.edition,
            "release_group": self.release_group,
            "tmdb_id": self.tmdb_id,
            "imdb_id": self.imdb_id,
            "hardcoded_subs": self.hardcoded_subs,
            "languages": list(self.languages),
            "source": q.source,
            "resolution": q.resolution,
            "modifier": q.modifier,
            "quality": q.quality.name,
            "version": q.version,
            "real": q.real,
            "repack": q.repack,
            "source_detection": q.source_detection,
            "resolution_detection": q.resolution_detection,
            "video_codec": self.media.video_codec,
            "bit_depth": self.media.bit_depth,
            "audio_codec": self.media.audio_codec,
            "audio_channels": self.media.audio_channels,
            "atmos": self.media.atmos,
            "hdr": list(self.media.hdr),
            "is_3d": self.media.is_3d,
        }


@dataclass
class SubtitleInfo:
    """What a subtitle file name says: its language, flags and track title."""

    language: str | None = None
    tags: list[str] = field(default_factory=list)  # default, forced, sdh/hi ...
    title: str | None = None
