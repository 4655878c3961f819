"""IP 地址 — IPv4 and IPv6 addresses (network identifiers, 设备信息).

>>> validate('192.168.1.20')
'192.168.1.20'
>>> is_valid('256.1.1.1')
False
>>> validate('2001:DB8::1')
'2001:db8::1'
>>> mask('192.168.1.20')
'192.168.*.*'
>>> _check_v6('20:37:04') is None
True
"""

from __future__ import annotations

import ipaddress

from piguard.detect.identifiers._base import FULL_TO_HALF, InvalidFormat, Recognizer, Status, validity


def compact(address: str) -> str:
    return address.translate(FULL_TO_HALF).strip()


def validate(address: str) -> str:
    try:
        return str(ipaddress.ip_address(compact(address)))
    except ValueError:
        raise InvalidFormat("not an IPv4 or IPv6 address") from None


is_valid = validity(validate)


def format(address: str) -> str:
    return validate(address)


def mask(address: str) -> str:
    a = compact(address)
    if ":" in a:
        parts = a.split(":")
        return ":".join(parts[:2] + ["*"] * (len(parts) - 2))
    parts = a.split(".")
    return ".".join(parts[:2] + ["*", "*"])


def _check_v4(candidate: str) -> Status | None:
    c = compact(candidate)
    # version strings such as 1.2.3.4 are common; require at least one octet of two or more digits
    return Status.VALID if is_valid(c) and any(len(p) > 1 for p in c.split(".")) else None


def _check_v6(candidate: str) -> Status | None:
    c = compact(candidate)
    # eight groups, or fewer with '::' — a clock time (20:37:04) is neither, and is rejected before parsing
    if not (c.count(":") == 7 or "::" in c):
        return None
    return Status.VALID if is_valid(c) else None


KEYWORDS = ("ip", "ip地址", "登录ip", "来源ip", "地址", "ipv4", "ipv6", "访问")
# in a column's header, 地址 and 访问 alone name no IP address: 地址, 家庭地址 are where someone lives (the cells'
# values may still show IP addresses)
HEADERS = tuple(k for k in KEYWORDS if k not in ("地址", "访问")) + ("登录地址", "访问ip", "客户端ip", "终端ip")

RECOGNIZERS = (
    Recognizer("ip_address", "IP地址", ("(?:[0-9]{1,3}[.]){3}[0-9]{1,3}",), _check_v4, mask, keywords=KEYWORDS,
               priority=45, boundary="alnum", normalize=compact, high_without_context=False, column_headers=HEADERS),
    # eight groups, or a '::' somewhere: a clock time (20:37:04) never matches
    Recognizer("ip_address", "IP地址", ("[0-9A-Fa-f]{1,4}(?::[0-9A-Fa-f]{1,4}){7}",
                                        "[0-9A-Fa-f]{1,4}(?::[0-9A-Fa-f]{1,4}){0,6}::(?:[0-9A-Fa-f]{1,4}(?::[0-9A-Fa-f]{1,4}){0,6})?",
                                        "::[0-9A-Fa-f]{1,4}(?::[0-9A-Fa-f]{1,4}){0,6}"),
               _check_v6, mask, keywords=KEYWORDS,
               priority=45, boundary="alnum", normalize=compact, high_without_context=False, column_headers=HEADERS),
)
