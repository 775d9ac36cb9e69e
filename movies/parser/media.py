"""Media facts of a release name: video codec, bit depth, audio, HDR formats and 3D.

Read from the same tokens as the quality part. Only what the name states is reported:
no bit depth is guessed from an HDR tag, no channels without an audio tag beside them.
"""

from __future__ import annotations

import re

from movies.parser.tokens import Token, joined, tokenize
from movies.parser.types import MediaParse

_VIDEO = {
    "x264": "x264",
    "x265": "x265",
    "h264": "AVC",
    "avc": "AVC",
    "h265": "HEVC",
    "hevc": "HEVC",
    "xvid": "XviD",
    "divx": "DivX",
    "vc1": "VC-1",
    "mpeg2": "MPEG2",
    "av1": "AV1",
    "vp9": "VP9",
}
_AUDIO = {
    "aac": "AAC",
    "ac3": "AC3",
    "ac3d": "AC3",  # German scene: the German dub's track (AC3D, EAC3D, DTSD)
    "eac3d": "EAC3",
    "dtsd": "DTS",
    "dd": "AC3",
    "eac3": "EAC3",
    "ddp": "EAC3",
    "dts": "DTS",
    "dtshd": "DTS-HD",
    "dtsx": "DTS-X",
    "dtses": "DTS",
    "truehd": "TrueHD",
    "flac": "FLAC",
    "mp3": "MP3",
    "opus": "Opus",
    "pcm": "PCM",
    "lpcm": "PCM",
}
_BIT_DEPTH = {"8bit": 8, "10bit": 10, "12bit": 12, "hi10p": 10, "hi10": 10}
_HDR = {"hdr": "HDR10", "hdr10": "HDR10", "hdr10plus": "HDR10+", "dv": "DV", "dovi": "DV"}
_HDR |= {"dolbyvision": "DV", "hlg": "HLG"}
# MVC is the stereo extension of AVC that 3D Blu-rays carry.
_THREE_D = frozenset({"3d", "hsbs", "halfsbs", "sbs", "hou", "halfou", "htab", "3dbd", "mvc"})
# An audio tag with its channel count glued on: DD5.1 -> "dd5", AAC2.0 -> "aac2".
_GLUED_AUDIO = re.compile(r"(aac|ac3|dd|ddp|eac3|dts|truehd|flac|lpcm|pcm|opus)(\d)")
_CHANNEL_HEADS = frozenset({"1", "2", "5", "6", "7"})


def _channels(tokens: tuple[Token, ...], index: int, head: str) -> float | None:
    """`5` followed by `.1` / ` 1` is 5.1 channels."""
    if head not in _CHANNEL_HEADS or index + 1 >= len(tokens):
        return None
    tail = tokens[index + 1]
    if tail.low not in ("0", "1") or tail.start - tokens[index].end != 1:
        return None
    return float(f"{head}.{tail.low}")


def _word_at(tokens: tuple[Token, ...], index: int) -> tuple[str, int]:
    """The word at `index`, glued to the next token when the pair is a known tag."""
    if index + 1 < len(tokens):
        pair = joined(tokens[index], tokens[index + 1])
        if (
            pair is None
            and tokens[index].after == ":"
            and tokens[index + 1].start - tokens[index].end == 1
        ):
            pair = tokens[index].low + tokens[index + 1].low  # "DTS:X", as DTS itself spells it
        if pair == "hdr10" and index + 2 < len(tokens) and tokens[index + 2].low == "bit":
            return tokens[index].low, 1  # "HDR 10-bit" is HDR plus a bit depth
        if pair and (pair in _VIDEO or pair in _AUDIO or pair in _HDR or pair in _THREE_D):
            return pair, 2
        if pair and pair in _BIT_DEPTH:
            return pair, 2
    return tokens[index].low, 1


def parse_media(name: str) -> MediaParse:
    """Video codec, bit depth, audio codec / channels / Atmos, HDR formats and 3D of a name.

    Never raises. The first video and audio tags win (the main track comes first), except
    that an encoder tag (x264 / x265) wins over the format it encodes (AVC / HEVC).
    """
    media = MediaParse()
    if not isinstance(name, str) or not name:
        return media
    tokens = tokenize(name)
    count = len(tokens)
    index = 0
    while index < count:
        word, width = _word_at(tokens, index)
        last = tokens[index + width - 1]
        index += width
        video = _VIDEO.get(word)
        if video and (media.video_codec is None or video in ("x264", "x265")):
            if media.video_codec not in ("x264", "x265"):
                media.video_codec = video
            continue
        glued = _GLUED_AUDIO.fullmatch(word) if word[-1:].isdigit() else None
        audio = _AUDIO.get(glued.group(1) if glued else word)
        if audio:
            if word == "dd" and last.after == "+":
                audio = "EAC3"  # DD+ is Dolby Digital Plus
            if audio == "DTS-HD" and index < count and tokens[index].low == "ma":
                audio = "DTS-HD MA"
                index += 1
            if media.audio_codec is None:
                media.audio_codec = audio
            if glued and media.audio_channels is None:
                media.audio_channels = _channels(tokens, index - 1, glued.group(2))
            elif media.audio_channels is None and index < count:
                media.audio_channels = _channels(tokens, index, tokens[index].low)
            continue
        if word == "atmos":
            media.atmos = True
            if media.audio_channels is None and index < count:
                media.audio_channels = _channels(tokens, index, tokens[index].low)  # Atmos.7.1
        elif word in _BIT_DEPTH and media.bit_depth is None:
            media.bit_depth = _BIT_DEPTH[word]
        elif word in _HDR:
            hdr = "HDR10+" if word == "hdr10" and last.after == "+" else _HDR[word]
            if hdr not in media.hdr:
                media.hdr.append(hdr)
        elif word in _THREE_D:
            media.is_3d = True
        elif word.endswith("ch") and word[:-2] in ("2", "6", "8") and media.audio_channels is None:
            media.audio_channels = {"2": 2.0, "6": 5.1, "8": 7.1}[word[:-2]]
    return media
