"""Addresses (住址): a place name from the GB/T 2260 gazetteer or an address keyword, extended over the
road / number / building / room parts that follow.

An address needs a street-level part (路, 街, 号, 栋, 单元, 室, 村, 组, 小区 …); a bare place name
(北京, 南山区) is a location mention, not an address.
"""

from __future__ import annotations

import re
from functools import lru_cache

KEYWORDS = ("地址", "住址", "住所", "家庭住址", "家庭地址", "户籍地址", "户籍地", "收货地址", "送货地址", "通讯地址", "联系地址",
            "居住地", "现住址", "现住", "家住", "详细地址", "寄件地址", "收件地址", "单位地址", "住在", "户籍所在地", "居住地址",
            "现居住地", "经常居住地", "现居地", "暂住地", "address", "addr", "dz", "zz", "jtzz", "hjdz",
            # where a person lives or has things sent, in running text (我家在…, 送到阳光花园3期12号楼…)
            "家在", "住址在", "送到", "寄到", "寄往", "送至", "寄至", "搬到", "放到", "放在")
COLUMN = ("地址", "住址", "家庭住址", "户籍地址", "收货地址", "详细地址", "通讯地址", "联系地址", "address", "addr", "dz", "zz",
          "jtzz", "hjdz", "居住地")
STREET = re.compile(r"路|街|大道|道|巷|弄|胡同|号|栋|幢|座|单元|室|楼|层|村|组|社区|小区|大厦|花园|公寓|广场|苑|院|里|屯|镇|乡")
# the parts that pin a place down to a door; a 社区 or 广场 alone could be any mention of a place
STRONG = re.compile(r"路|街|巷|弄|胡同|[0-9一二三四五六七八九十]号|栋|幢|单元|室|村|[0-9一二三四五六七八九十]组")


def is_street_level(span: str) -> bool:
    """An address reaches a door: a strong street part, or a weaker one with a number.

    >>> is_street_level('北京市朝阳区建国路88号'), is_street_level('北京社区继续学习'), is_street_level('阳光花园3期')
    (True, False, True)
    >>> is_street_level('上海一切喜欢组织一点'), is_street_level('上海市崇明区新河镇新建村五组')
    (False, True)
    """
    if STRONG.search(span):
        return True
    return bool(STREET.search(span)) and any(c.isdigit() for c in span)
# a number, a building or a village, or an administrative level written out (市, 区 …): more than a road's name
_BEYOND_ROAD = re.compile(r"[0-9一二三四五六七八九十]|村|组|小区|社区|大厦|花园|公寓|苑|院|楼|栋|幢|单元|室|[省市区县旗州盟镇乡]")


def road_only(span: str) -> bool:
    """A road named after a place and nothing more (延安高架路, 朝阳路超速行驶): where something happened, told
    in prose, not an address — unless a keyword says it is one (住址：延安高架路).

    >>> road_only('延安高架路'), road_only('朝阳路88号'), road_only('重庆市渝中区解放碑步行街'), road_only('新建村')
    (True, False, False, False)
    """
    return _BEYOND_ROAD.search(span) is None


_CROSSING = re.compile(r"交叉口|交汇处|十字路口")
_DOOR = re.compile(r"[0-9一二三四五六七八九十]号|栋|幢|单元|室")


def crossing_only(span: str) -> bool:
    """Where two roads meet and no door (中山路与解放路交叉口东北角): a place to find, not an address.

    >>> crossing_only('中山路与解放路交叉口东北角'), crossing_only('中山路与解放路交叉口东北角100米'), crossing_only('解放路交叉口3号')
    (True, True, False)
    """
    return _CROSSING.search(span) is not None and _DOOR.search(span) is None


# characters an address is made of after its start; stops at punctuation, spaces and line ends
BODY = re.compile(r"[\u4e00-\u9fff0-9A-Za-z#\-()（）]+")
# field words that end an address run without punctuation (…302室电话138…)
STOPS = re.compile(r"电话|手机|联系|姓名|收件人|收货人|邮编|邮政编码|身份证|证件|微信|邮箱|备注|性别|时间|金额|订单|快递|单号"
                   r"|不动产|产权|证号|第[0-9]")      # a certificate's number (南京市不动产权第0123456号) is no door's
# words of the sentence that go on after an address without punctuation (…中山北路200号居住了三年, …3栋家中被盗):
# they end it once it has reached a strong part
TAILS = re.compile(r"居住|租住|暂住|借住|居委|工作|上班|经营|开设|附近|一带|门口|对面|旁边|家中|住处|发生|实施|被盗|被|购买|出售|的")
MAX_LEN = 60
_DIGIT = re.compile(r"[0-9]")


LEVEL_ENDS = "省市区县旗州盟镇乡"        # an administrative level ends with one of these (浙江省, 西湖区)
ROAD_ENDS = "路街巷道"                # and a road with one of these (文三路 478号)


def spaced_end(text: str, end: int) -> int:
    """The end of an address body written with spaces between its parts, as shops export them (浙江省 杭州市
    西湖区 文三路 478号): a space goes on after an administrative level (省, 市, 区, 县, 镇, 街道 …), or after a
    road when its number follows (文三路 478号); anything else after a space is not the address's.

    >>> t = '浙江省 杭州市 西湖区 文三路 478号 张三'
    >>> t[:spaced_end(t, 3)]
    '浙江省 杭州市 西湖区 文三路 478号'
    """
    while end + 1 < len(text) and text[end] in " \u3000":
        before, after = text[end - 1], text[end + 1]
        if not (before in LEVEL_ENDS or text[end - 2:end] == "街道" or (before in ROAD_ENDS and after.isdigit())):
            break
        m = BODY.match(text, end + 1)
        if not m:
            break
        end = m.end()
    return end


def extent(text: str, start: int) -> int:
    """End of the address that starts at ``start``: the body run, cut at a field word (or at a word of the
    sentence after a strong part), at most MAX_LEN.

    >>> t = '住在南京市鼓楼区中山北路200号居住了三年'
    >>> t[2:extent(t, 2)]
    '南京市鼓楼区中山北路200号'
    >>> t = '王府井大街是北京的商业街'
    >>> t[6:extent(t, 6)]
    '北京'
    """
    m = BODY.match(text, start)
    if not m:
        return start
    end = min(spaced_end(text, m.end()), start + MAX_LEN)
    stop = STOPS.search(text, start + 2, end)
    if stop:
        end = stop.start()
    strong = STRONG.search(text, start, end)
    # 的 before any street part ends a place mentioned in a sentence (北京的商业街), unless a number follows:
    # 朝阳区的阳光小区3号楼 still reaches a door
    de = text.find("的", start, strong.start() if strong else end)
    if de >= 0 and not _DIGIT.search(text, de, end):
        return de
    if strong:
        tail = TAILS.search(text, strong.end(), end)
        if tail:
            end = tail.start()
    return end


_MASKED = re.compile(r"[Xx×]{2}|[*＊]|某")


def is_masked(address: str) -> bool:
    """Is an address a template or pseudonymised (XX省XX市…, 北京市***, 某某小区)?

    >>> is_masked('XX省XX市XX区XX路1号'), is_masked('北京市朝阳区某某小区3栋'), is_masked('北京市朝阳区建国路88号')
    (True, True, False)
    """
    return _MASKED.search(address) is not None


def mask(address: str, keep: int = 6) -> str:
    """Keep the administrative part, hide the rest: 广东省深圳市南山区科技园路1号 → 广东省深圳市**********; a short
    address keeps at most half of it (北京路3号 → 北京***).

    >>> mask('广东省深圳市南山区科技园路1号'), mask('北京路3号')
    ('广东省深圳市*********', '北京***')
    """
    keep = min(keep, len(address) // 2)
    return address[:keep] + "*" * max(len(address) - keep, 0)


def spelled_out(pattern: str) -> tuple[str, ...]:
    """The words a regex matches that is an alternation of words made of characters and one-character
    classes (``路|[0-9一]号`` → 路, 0号 … 9号, 一号), for a word search (the compiled kernels, the cell filter).

    >>> spelled_out("路|[1-3一]号")
    ('路', '1号', '2号', '3号', '一号')
    """
    out: list[str] = []
    for alt in pattern.split("|"):
        options = [""]
        for cls, char in re.findall(r"\[([^\]]+)\]|([^\[\]])", alt):
            if char:
                if char in ".^$*+?{}()\\":
                    raise ValueError(f"{pattern!r}: {char!r} is not a word character")
                chars = char
            else:
                chars = "".join(chr(c) for a, b in re.findall(r"(.)(?:-(.))?", cls) for c in range(ord(a), ord(b or a) + 1))
            options = [o + c for o in options for c in chars]
        out += options
    return tuple(out)


@lru_cache(maxsize=8)
def words(pattern: re.Pattern) -> tuple[str, ...]:
    """:func:`spelled_out` of one of this module's patterns (STREET, STRONG, STOPS), once."""
    return spelled_out(pattern.pattern)
