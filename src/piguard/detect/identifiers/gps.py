"""经纬度坐标 — GPS coordinates (a latitude/longitude pair), decimal or degrees-minutes-seconds.

A bare pair of decimals is too common (prices, measurements) to count on its own: a keyword
(经纬度, 定位, 坐标, GPS, lat/lng) or a coordinate column is required.

>>> validate('39.9087, 116.3975')
(39.9087, 116.3975)
>>> validate('116.3975,39.9087')
(39.9087, 116.3975)
>>> validate('39°54′31″N 116°23′51″E')
(39.908611, 116.3975)
>>> is_valid('95.1, 200.2')
False
>>> validate('116.3975，纬度39.9087')       # after 经度: each number named by its own word
(39.9087, 116.3975)
>>> mask('39.9087, 116.3975')
'39.9***, 116.3***'
"""

from __future__ import annotations

import re

from piguard.detect.identifiers._base import FULL_TO_HALF, InvalidComponent, InvalidFormat, Recognizer, valid_only, validity

_DEC = re.compile(r"(-?[0-9]{1,3}\.[0-9]{3,8})\s*[,，/ ]\s*(-?[0-9]{1,3}\.[0-9]{3,8})")
# the pair written with a word before each number (经度116.3975，纬度39.9087): the first word precedes the match
# (it is the keyword), the second tells which number is which
_AXIS = r"(?:经度|纬度|longitude|latitude|lng|lon|lat)"
_LABELLED = re.compile(r"(-?[0-9]{1,3}\.[0-9]{3,8})\s*[,，;；/ ]\s*(" + _AXIS + r")\s*[:：=]?\s*(-?[0-9]{1,3}\.[0-9]{3,8})",
                       re.IGNORECASE)
_DMS = re.compile(r"([0-9]{1,3})°\s*([0-9]{1,2})['′]\s*([0-9]{1,2}(?:\.[0-9]+)?)[\"″]?\s*([NSEW北南东西])")


def compact(text: str) -> str:
    return text.translate(FULL_TO_HALF).strip()


def _dms(parts: tuple[str, ...]) -> tuple[float, str]:
    deg, minute, sec, hemi = parts
    value = int(deg) + int(minute) / 60 + float(sec) / 3600
    if hemi in "SW南西":
        value = -value
    return round(value, 6), ("lat" if hemi in "NS北南" else "lon")


def validate(text: str) -> tuple[float, float]:
    """The (latitude, longitude) pair; a pair written longitude first is recognised by its range."""
    text = compact(text)
    dms = _DMS.findall(text)
    if len(dms) == 2:
        values = dict((kind, v) for v, kind in map(_dms, dms))
        if set(values) != {"lat", "lon"}:
            raise InvalidFormat("need one latitude and one longitude")
        lat, lon = values["lat"], values["lon"]
    elif (m := _LABELLED.fullmatch(text)) is not None:
        first, second = float(m.group(1)), float(m.group(3))
        lat, lon = (first, second) if m.group(2).lower() in ("经度", "longitude", "lng", "lon") else (second, first)
    else:
        m = _DEC.fullmatch(text)
        if not m:
            raise InvalidFormat("not a coordinate pair")
        a, b = float(m.group(1)), float(m.group(2))
        lat, lon = (a, b) if abs(a) <= 90 else (b, a)
    if not (abs(lat) <= 90 and abs(lon) <= 180):
        raise InvalidComponent("latitude or longitude out of range")
    return lat, lon


is_valid = validity(validate)


def format(text: str) -> str:
    lat, lon = validate(text)
    return f"{lat:.6f},{lon:.6f}"


def mask(text: str) -> str:
    """Decimal degrees keep their first decimal; degrees-minutes-seconds keep the degrees only.

    >>> mask("39.908712,116.397455"), mask("44°24′35″N 120°38′6.5″E")
    ('39.9*****,116.3*****', '44°**′**″N 120°**′*.*″E')
    """
    text = compact(text)
    if "°" in text:
        return re.sub(r"°[0-9'′\"″. ]+", lambda m: re.sub(r"[0-9]", "*", m.group()), text)
    return re.sub(r"(\.[0-9])[0-9]+", lambda m: m.group(1) + "*" * (len(m.group(0)) - 2), text)


KEYWORDS = ("经纬度", "定位", "坐标", "gps", "位置", "轨迹", "lat", "lng", "lon", "latitude", "longitude", "经度", "纬度",
            "jwd", "dw")

RECOGNIZERS = (
    Recognizer("gps", "经纬度坐标",
               ("-?[0-9]{1,3}[.][0-9]{3,8} ?[,，/ ] ?-?[0-9]{1,3}[.][0-9]{3,8}",
                "[0-9]{1,3}° ?[0-9]{1,2}['′] ?[0-9]{1,2}(?:[.][0-9]+)?[\"″]? ?[NSEW北南东西][ ,，]{0,2}"
                "[0-9]{1,3}° ?[0-9]{1,2}['′] ?[0-9]{1,2}(?:[.][0-9]+)?[\"″]? ?[NSEW北南东西]",
                "-?[0-9]{1,3}[.][0-9]{3,8} ?[,，;；/ ] ?(?:经度|纬度|[Ll]ongitude|[Ll]atitude|[Ll]ng|[Ll]on|[Ll]at) ?[:：=]? ?"
                "-?[0-9]{1,3}[.][0-9]{3,8}"),
               valid_only(is_valid), mask, keywords=KEYWORDS, keyword_required=True,
               priority=40, normalize=compact, column_headers=KEYWORDS),
)
