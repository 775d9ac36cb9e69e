"""Seed Radarr's quality list with default sizes and Radarr's default quality profiles.

The data is copied into the migration (not imported from movies.quality) so that later
edits to the Python list never rewrite history.
"""

from django.db import migrations

# (quality id, name, source, resolution, modifier, weight, max MB/min or None)
QUALITIES = [
    (0, "Unknown", "unknown", 0, "", 1, 100),
    (24, "WORKPRINT", "workprint", 0, "", 2, 100),
    (25, "CAM", "cam", 0, "", 3, 100),
    (26, "TELESYNC", "telesync", 0, "", 4, 100),
    (27, "TELECINE", "telecine", 0, "", 5, 100),
    (29, "REGIONAL", "dvd", 480, "regional", 6, 100),
    (28, "DVDSCR", "dvd", 480, "screener", 7, 100),
    (1, "SDTV", "tv", 480, "", 8, 100),
    (2, "DVD", "dvd", 0, "", 9, 100),
    (23, "DVD-R", "dvd", 480, "brdisk", 10, 100),
    (8, "WEBDL-480p", "webdl", 480, "", 11, 100),
    (12, "WEBRip-480p", "webrip", 480, "", 11, 100),
    (20, "Bluray-480p", "bluray", 480, "", 12, 100),
    (21, "Bluray-576p", "bluray", 576, "", 13, 100),
    (4, "HDTV-720p", "tv", 720, "", 14, 100),
    (5, "WEBDL-720p", "webdl", 720, "", 15, 100),
    (14, "WEBRip-720p", "webrip", 720, "", 15, 100),
    (6, "Bluray-720p", "bluray", 720, "", 16, 100),
    (9, "HDTV-1080p", "tv", 1080, "", 17, 100),
    (3, "WEBDL-1080p", "webdl", 1080, "", 18, 100),
    (15, "WEBRip-1080p", "webrip", 1080, "", 18, 100),
    (7, "Bluray-1080p", "bluray", 1080, "", 19, None),
    (30, "Remux-1080p", "bluray", 1080, "remux", 20, None),
    (16, "HDTV-2160p", "tv", 2160, "", 21, None),
    (18, "WEBDL-2160p", "webdl", 2160, "", 22, None),
    (17, "WEBRip-2160p", "webrip", 2160, "", 22, None),
    (19, "Bluray-2160p", "bluray", 2160, "", 23, None),
    (31, "Remux-2160p", "bluray", 2160, "remux", 24, None),
    (22, "BR-DISK", "bluray", 1080, "brdisk", 25, None),
    (10, "Raw-HD", "tv", 1080, "rawhd", 26, None),
]
GROUPS = {
    1000: ("WEB 480p", [8, 12]),
    1001: ("WEB 720p", [5, 14]),
    1002: ("WEB 1080p", [3, 15]),
    1003: ("WEB 2160p", [18, 17]),
}
PROFILES = {
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


def items_for(allowed):
    items, seen = [], set()
    for qid, *_ in QUALITIES:
        gid = next((g for g, (_, ids) in GROUPS.items() if qid in ids), None)
        if gid is None:
            items.append({"quality": qid, "allowed": qid in allowed})
        elif gid not in seen:
            seen.add(gid)
            name, ids = GROUPS[gid]
            items.append(
                {"id": gid, "name": name, "items": ids, "allowed": any(i in allowed for i in ids)}
            )
    return items


def seed(apps, schema_editor):
    QualityDefinition = apps.get_model("movies", "QualityDefinition")
    QualityProfile = apps.get_model("movies", "QualityProfile")
    for qid, name, source, resolution, modifier, weight, max_size in QUALITIES:
        QualityDefinition.objects.update_or_create(
            quality_id=qid,
            defaults=dict(
                name=name,
                title=name,
                source=source,
                resolution=resolution,
                modifier=modifier,
                weight=weight,
                min_size=0,
                max_size=max_size,
                preferred_size=(max_size - 5) if max_size else None,
            ),
        )
    for name, (allowed, cutoff) in PROFILES.items():
        # a cutoff inside a WEB group points at the group, as in Radarr
        cutoff_place = next((g for g, (_, ids) in GROUPS.items() if cutoff in ids), cutoff)
        QualityProfile.objects.get_or_create(
            name=name,
            defaults=dict(items=items_for(allowed), cutoff=cutoff_place, upgrade_allowed=True),
        )


class Migration(migrations.Migration):
    dependencies = [("movies", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
