"""微信号 — WeChat ID: 6-20 characters, starting with a letter, letters, digits, - and _.
Meaningless without a keyword (a phone number used as a WeChat ID is found as a mobile number).

>>> validate('zhang_san88')
'zhang_san88'
>>> is_valid('8zhangsan')
False
>>> mask('zhang_san88')
'zh*******88'
"""

from __future__ import annotations

import re

from piguard.detect.identifiers._base import FULL_TO_HALF, InvalidFormat, Recognizer, Status, mask_middle, valid_only, validity

FORMAT = re.compile(r"[A-Za-z][-_A-Za-z0-9]{5,19}")


def compact(wxid: str) -> str:
    return wxid.translate(FULL_TO_HALF).strip()


def validate(wxid: str) -> str:
    wxid = compact(wxid)
    if not FORMAT.fullmatch(wxid):
        raise InvalidFormat("a WeChat ID is 6-20 letters, digits, - or _, starting with a letter")
    return wxid


is_valid = validity(validate)


def format(wxid: str) -> str:
    return compact(wxid)


def mask(wxid: str) -> str:
    return mask_middle(compact(wxid), 2, 2)


KEYWORDS = ("微信", "微信号", "微信账号", "微信帐号", "wx", "wechat", "vx", "v信", "weixin", "wxh")

RECOGNIZERS = (
    Recognizer("wechat", "微信号", ("[A-Za-z][-_A-Za-z0-9]{5,19}",), valid_only(is_valid, Status.UNVERIFIED),
               mask, keywords=KEYWORDS, keyword_required=True, priority=30, normalize=compact, column_headers=KEYWORDS),
)
