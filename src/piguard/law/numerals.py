"""Chinese numerals for citations (第二百五十三条之一, 第一款, 第三项)."""

from __future__ import annotations

_DIGITS = "零一二三四五六七八九"
_UNITS = ((1000, "千"), (100, "百"), (10, "十"))


def to_chinese(n: int) -> str:
    """Write a positive integer below 10,000 in Chinese numerals, as statutes do.

    >>> to_chinese(5), to_chinese(10), to_chinese(12), to_chinese(253), to_chinese(1038), to_chinese(111)
    ('五', '十', '十二', '二百五十三', '一千零三十八', '一百一十一')
    """
    if not 0 < n < 10000:
        raise ValueError(f"out of range for a citation: {n}")
    out: list[str] = []
    rest = n
    zero_pending = False
    for value, unit in _UNITS:
        digit, rest = divmod(rest, value)
        if digit:
            if zero_pending:
                out.append("零")
                zero_pending = False
            # 十二 not 一十二 when ten is the leading unit
            if not (value == 10 and digit == 1 and not out):
                out.append(_DIGITS[digit])
            out.append(unit)
        elif out:
            zero_pending = True
    if rest:
        if zero_pending:
            out.append("零")
        out.append(_DIGITS[rest])
    return "".join(out)
