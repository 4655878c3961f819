"""MAC 地址 — network interface hardware address (设备信息).

>>> validate('00-1A-2B-3C-4D-5E')
'00:1a:2b:3c:4d:5e'
>>> is_valid('00:1A:2B:3C:4D')
False
>>> mask('00:1a:2b:3c:4d:5e')
'00:1a:2b:**:**:**'
"""

from __future__ import annotations

import re

from piguard.detect.identifiers._base import FULL_TO_HALF, InvalidFormat, Recognizer, valid_only, validity

FORMAT = re.compile(r"[0-9a-f]{2}(?:[:-][0-9a-f]{2}){5}")


def compact(address: str) -> str:
    return address.translate(FULL_TO_HALF).strip().lower().replace("-", ":")


def validate(address: str) -> str:
    address = compact(address)
    if not FORMAT.fullmatch(address):
        raise InvalidFormat("not a MAC address")
    return address


is_valid = validity(validate)


def format(address: str) -> str:
    return validate(address)


def mask(address: str) -> str:
    return ":".join(compact(address).split(":")[:3] + ["**"] * 3)


KEYWORDS = ("mac", "mac地址", "物理地址", "网卡", "设备")

RECOGNIZERS = (
    Recognizer("mac_address", "MAC地址", ("[0-9A-Fa-f]{2}(?:[:-][0-9A-Fa-f]{2}){5}",),
               valid_only(is_valid), mask, keywords=KEYWORDS, priority=50,
               normalize=compact, column_headers=KEYWORDS),
)
