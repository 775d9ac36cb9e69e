"""Radarr's quality list as plain data: id, name, source, resolution, modifier, order.

The ids are Radarr's own, so profiles exported from Radarr and its API v3 line up.
`weight` orders qualities from worst to best; qualities in one default group share a
place in the default profiles (WEBDL and WEBRip of one resolution, as Radarr groups them).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Quality:
    id: int
    name: str
    source: str  # unknown, workprint, cam, telesync, telecine, dvd, tv, webdl, webrip, bluray
    resolution: int  # 0 when the quality does not pin one
    modifier: str = ""  # "", regional, screener, rawhd, brdisk, remux
    weight: int = 0
    max_size: float | None = 100.0  # MB per minute of runtime; None = unlimited


QUALITIES: list[Quality] = [
    Quality(0, "Unknown", "unknown", 0, "", 1),
    Quality(24, "WORKPRINT", "workprint", 0, "", 2),
    Quality(25, "CAM", "cam", 0, "", 3),
    Quality(26, "TELESYNC", "telesync", 0, "", 4),
    Quality(27, "TELECINE", "telecine", 0, "", 5),
    Quality(29, "REGIONAL", "dvd", 480, "regional", 6),
    Quality(28, "DVDSCR", "dvd", 480, "screener", 7),
    Quality(1, "SDTV", "tv", 480, "", 8),
    Quality(2, "DVD", "dvd", 0, "", 9),
    Quality(23, "DVD-R", "dvd", 480, "remux", 10),
    Quality(8, "WEBDL-480p", "webdl", 480, "", 11),
    Quality(12, "WEBRip-480p", "webrip", 480, "", 11),
    Quality(20, "Bluray-480p", "bluray", 480, "", 12),
    Quality(21, "Bluray-576p", "bluray", 576, "", 13),
    Quality(4, "HDTV-720p", "tv", 720, "", 14),
    Quality(5, "WEBDL-720p", "webdl", 720, "", 15),
    Quality(14, "WEBRip-720p", "webrip", 720, "", 15),
    Quality(6, "Bluray-720p", "bluray", 720, "", 16),
    Quality(9, "HDTV-1080p", "tv", 1080, "", 17),
    Quality(3, "WEBDL-1080p", "webdl", 1080, "", 18),
    Quality(15, "WEBRip-1080p", "webrip", 1080, "", 18),
    Quality(7, "Bluray-1080p", "bluray", 1080, "", 19, None),
    Quality(30, "Remux-1080p", "bluray", 1080, "remux", 20, None),
    Quality(16, "HDTV-2160p", "tv", 2160, "", 21, None),
    Quality(18, "WEBDL-2160p", "webdl", 2160, "", 22, None),
    Quality(17, "WEBRip-2160p", "webrip", 2160, "", 22, None),
    Quality(19, "Bluray-2160p", "bluray", 2160, "", 23, None),
    Quality(31, "Remux-2160p", "bluray", 2160, "remux", 24, None),
    Quality(22, "BR-DISK", "bluray", 1080, "brdisk", 25, None),
    Quality(10, "Raw-HD", "tv", 1080, "rawhd", 26, None),
]

BY_ID = {q.id: q for q in QUALITIES}
BY_NAME = {q.name: q for q in QUALITIES}

# Groups Radarr's default profiles use: (group id, name, member quality ids).
GROUPS = {
    1000: ("WEB 480p", [8, 12]),
    1001: ("WEB 720p", [5, 14]),
    1002: ("WEB 1080p", [3, 15]),
    1003: ("WEB 2160p", [18, 17]),
}


def profile_items(allowed: set[int]) -> list[dict]:
    """Profile items in Radarr's shape, worst first: single qualities and the WEB groups."""
    items: list[dict] = []
    seen_groups: set[int] = set()
    for quality in QUALITIES:
        group_id = next((gid for gid, (_, ids) in GROUPS.items() if quality.id in ids), None)
        if group_id is None:
            items.append({"quality": quality.id, "allowed": quality.id in allowed})
        elif group_id not in seen_groups:
            seen_groups.add(group_id)
            name, ids = GROUPS[group_id]
            items.append(
                {
                    "id": group_id,
                    "name": name,
                    "items": ids,
                    "allowed": any(i in allowed for i in ids),
                }
            )
    return items


# Radarr's default profiles: name -> (allowed quality ids, cutoff id).
DEFAULT_PROFILES: dict[str, tuple[set[int], int]] = {
    "Any": (
        {
            1,
            2,
            4,
            5,
            6,
            7,
            8,
            9,
            12,
            14,
            15,
            16,
            17,
            18,
            19,
            20,
            21,
            3,
            30,
            31,
            23,
            24,
            25,
            26,
            27,
            28,
            29,
        },
        1,
    ),
    "SD": ({1, 2, 8, 12, 20, 21, 23, 24, 25, 26, 27, 28, 29}, 1),
    "HD-720p": ({4, 5, 14, 6}, 6),
    "HD-1080p": ({9, 3, 15, 7, 30}, 7),
    "Ultra-HD": ({16, 18, 17, 19, 31}, 31),
    "HD - 720p/1080p": ({4, 5, 14, 6, 9, 3, 15, 7, 30}, 6),
}
