"""What release tags mean for the quality: the source each names and the traits it carries.

Facts shared by the *arr family (which words name a Blu-ray, a WEB-DL, a disc image, an
encode), written here as our own tables; movies.parser.quality applies Radarr's rules
to them. One lookup per token: `TAGS` for single words, `PAIR_TAGS` for two tokens
glued by one separator (`WEB-DL`, `Blu-ray`, `HD.TV`).
"""

from __future__ import annotations

from movies.parser.tokens import words

# A DVD image (Radarr's DVD-R): DVDR, DVD5, DVD9, with a count and an M prefix (2xDVD9).
_DVD_DISCS = frozenset(
    f"{count}{x}{m}dvd{kind}"
    for count in ("", *"123456789")
    for x in ("", "x")
    for m in ("", "m")
    for kind in "r59"
)
# Tag -> source kind. Kinds are finer than the corpus sources: they decide the defaults.
SOURCE_WORDS = {
    **dict.fromkeys(
        words(
            "bluray bd hddvd mbluray uhdbd uhd2bd bdmux bdiso bd25 bd50 bd66 bd100 brdisk "
            "bdremux bdmv 3dbd fullbluray"
        ),
        "bluray",
    ),
    **dict.fromkeys(words("bdrip brrip uhdbdrip hddvdrip bdrrip bdlight"), "bdrip"),
    **dict.fromkeys(
        words(
            "webdl webhd itunes ituneshd webdlrip webdlmux amazonhd amazonsd maxdomehd netflixhd "
            "netflixuhd hbomaxhd disneyhd"
        ),
        "webdl",
    ),
    **dict.fromkeys(words("webrip webmux"), "webrip"),
    **dict.fromkeys(words("hdtv hdtvrip"), "hdtv"),
    **dict.fromkeys(words("pdtv sdtv dsr tvrip"), "tv"),
    **dict.fromkeys(words("dvd dvdrip ntsc pal xvidvd"), "dvd"),
    **dict.fromkeys(_DVD_DISCS, "dvd"),
    **dict.fromkeys(words("scr screener dvdscr dvdscreener"), "scr"),
    **dict.fromkeys(words("regional r1 r2 r3 r4 r5 r6 r7 r8 r9"), "regional"),
    **dict.fromkeys(words("ts telesync telesynch hdts tsrip hdtsrip pdvd"), "ts"),
    **dict.fromkeys(words("tc telecine hdtc"), "tc"),
    **dict.fromkeys(words("cam camrip hdcam hdcamrip hqcam newcam"), "cam"),
    **dict.fromkeys(words("workprint wp"), "wp"),
}
# Two tokens glued by one separator that mean something only together.
_PAIR_WORDS = {
    **{k: v for k, v in SOURCE_WORDS.items() if k not in ("hdtv", "sdtv")},
    "hdtv": "hdtv_spaced",  # "HD TV", "HD.TV": Radarr files it as 720p
    "sdtv": "sdtv_spaced",
}
# Tags that flag a modifier or a disc/encode trait (not sources by themselves).
_DISC_TAGS = words("bdiso bd25 bd50 bd66 bd100 brdisk 3dbd iso bdmv fullbluray")
_DVD_REMUX_TAGS = _DVD_DISCS
_REMUX_TAGS = words("remux bdremux uhdremux")
_DISC_CODECS = words("avc hevc vc1 mvc mpeg2 bdmv")
# d3g: a group known for encodes; Radarr never reads its releases as disc images.
ENCODES = words("x264 x265 h264 h265 xvid divx wmv mkv d3g")
SD_CODECS = words("xvid divx")
ENCODE_CONTAINERS = words("mkv mk3d mp4 m4v avi wmv")
WEAK_2160 = words("uhd ultrahd 4k")
# Beside a bare "web" these make it the WEB-DL source: codecs, audio, streaming services.
WEB_NEIGHBOURS = _DISC_CODECS | words(
    "dd5 ddp5 ddp dd amzn nf dp dsnp hmax atvp hulu pcok pmtp hybrid"
)
_PAIR_FLAGS = words("h264 h265 x264 x265 mpeg2 vc1 rawhd ultrahd 3dbd hrws brdisk")


def _flags_of(word: str) -> frozenset[str]:
    """The traits a tag carries besides its source kind."""
    flags = set()
    if word in _DISC_TAGS:
        flags.add("disc")
    if word in _DVD_REMUX_TAGS:
        flags.add("dvd_remux")
    if word in _REMUX_TAGS:
        flags.add("remux")
    if word in _DISC_CODECS:
        flags.update(("disc_codec", word))
    if word in ENCODES:
        flags.update(("encode", word))
    if word in ("rawhd", "hrws", "complete", "disc", "disk", "german"):
        flags.add(word)
    if word in ("bluray", "mbluray"):
        flags.add("bluray_word")  # written out, unlike the BD of anime and disc tags
    if word in ("dvd", "dvdrip", "bdrip", "brrip"):
        flags.add("not_disc")
    return frozenset(flags)


_TAG_WORDS = set(SOURCE_WORDS) | _DISC_TAGS | _DVD_REMUX_TAGS | _REMUX_TAGS | _DISC_CODECS | ENCODES
_TAG_WORDS |= WEAK_2160 | words("web rawhd hrws complete disc disk german")
# word -> (source kind or None, traits): one lookup per token.
TAGS = {word: (SOURCE_WORDS.get(word), _flags_of(word)) for word in _TAG_WORDS}
PAIR_TAGS = {
    word: (_PAIR_WORDS.get(word), _flags_of(word))
    for word in set(_PAIR_WORDS) | _PAIR_FLAGS | _DVD_REMUX_TAGS
}
