"""The polars column paths for names and addresses decide every cell as the per-cell functions do."""

import re

from piguard.detect import addresses, names
from piguard.detect.vectorized import person_names, street_addresses
from piguard.synth import Generator

HAN = re.compile(r"[\u4e00-\u9fff]+")


def name_status(c: str) -> int:
    if not 2 <= len(c) <= 4:
        return 0
    if names.masked_name(c):
        return 3
    return 1 if names.split_name(c) == c and HAN.fullmatch(c) else 0


def address_status(c: str) -> int:
    if "的" in c or not (len(c) >= 4 and addresses.extent(c, 0) == len(c) and addresses.is_street_level(c)):
        return 0                # a cell with 的 is left to the text detector
    return 3 if addresses.is_masked(c) else 1


def cells() -> list:
    g = Generator(31)
    people = [g.record() for _ in range(300)]
    tricky = ["张三", "欧阳娜娜", "张三电话", "李四男", "的确", "张*", "张某某", "欧阳*", "张", "王X", "张**", "张三丰",
              "司马相如", "李男", "张 三", "  李娜 ", "Ｚhang", "王小明a", "", None, "北京市朝阳区建国路88号",
              "北京社区继续学习", "阳光花园3期", "上海市崇明区新河镇新建村五组", "广州市天河区体育西路1号电话138",
              "深圳市南山区科技园路１号", "路1", "北京市" * 25 + "路1号", "杭州市西湖区文三路#12-3（东门）", "某某小区",
              "XX省XX市XX区XX路1号", "北京市朝阳区某某小区3栋", "北京朝阳区的阳光小区3号楼", "广州市天河区体育西路1号的门口",
              "浙江省 杭州市 西湖区 文三路 478号", "广东省　深圳市 南山区 粤海街道 科技园路1号", "北京市  朝阳区建国路1号",
              "北京市朝阳区建国路88号 张三", "上海 浦东新区世纪大道1号", "省 市 区 路 1号", " 杭州市 文三路 12号 "]
    return [p["name"] for p in people] + [p["address"] for p in people] + tricky


def test_name_column_matches_per_cell_rules():
    values = cells()
    col = person_names(values)
    assert [int(s) for s in col.status] == [name_status(c) for c in col.values]
    assert {1, 3} <= set(col.status.tolist()) and 0 in col.status


def test_address_column_matches_per_cell_rules():
    values = cells()
    col = street_addresses(values)
    assert [int(s) for s in col.status] == [address_status(c) for c in col.values]
    assert {0, 1, 3} <= set(col.status.tolist())


def test_cells_blank_as_python_sees_it():
    from piguard.detect.columns import _cells
    values = ["", " ", "\u3000", "\x1f", "\t\n", " 李娜 ", "a", None, "\u00a0"]
    expected = [None, None, None, None, None, " 李娜 ", "a", None, None]
    assert _cells(values) == expected
    assert _cells(values + [float("nan"), 12]) == expected + [None, "12"]          # mixed types: the Python path


def test_mobile_column_prefixes():
    from piguard.detect.vectorized import mobiles
    col = mobiles(["+8613812345678", "008613812345678", "8613812345678", "(+86)138 1234 5678", "（+86）13812345678",
                   "+86 138-1234-5678", "86138123456789", "15412345678", "138****5678", None, "１３８１２３４５６７８"])
    assert col.values.to_list()[:6] == ["13812345678"] * 6 and col.values[6] == "86138123456789"
    assert col.status.tolist() == [1, 1, 1, 1, 1, 1, 0, 2, 3, 0, 1]


def test_fold_and_clean_equal_the_per_cell_translation():
    """The whole-column fold (skipped when nothing needs folding) and the identifier cleaning give what
    ``str.translate`` and ``upper`` give cell by cell."""
    from piguard.detect.normalize import TABLE
    from piguard.detect.vectorized import _clean, fold
    strip = {ord(c): None for c in " -\t"}
    samples = [["13812345678", "138-1234-5678", "", None, "11010519491231002x"],
               ["１３８１２３４５６７８", "ｘ", "张三", "北京市朝阳区建国路８８号", "ab　cd", "＋86 138"],
               ["张三", "李四", "王五"], ["abc", "ABC", "a-b c\td"]]
    for cells in samples:
        folded = [("" if c is None else c).translate(TABLE) for c in cells]
        assert fold(cells).to_list() == folded
        assert _clean(cells).to_list() == [f.translate(strip).upper() for f in folded]


def test_grid_repeats_equal_the_column_test():
    import polars as pl

    from piguard.count.columnar import repeated
    from piguard.detect.vectorized import _grid, _repeats
    cells = pl.Series(["111111", "1111112", "22222222222", "", "ab", "X" * 18, "66666666666666666", "１１１１１１",
                       "8888888888888888888", "5555"])
    grid, lengths = _grid(cells, 19)
    assert _repeats(grid, lengths).tolist() == repeated(cells).tolist()


def test_every_strong_street_part_is_a_street_part():
    """The address column path relies on it: with a digit a street part suffices, else a strong one."""
    for alt in addresses.STRONG.pattern.split("|"):
        sample = re.sub(r"\[[^\]]*\]", "1", alt)          # a character class → one of its characters
        assert addresses.STRONG.fullmatch(sample) and addresses.STREET.search(sample), alt


def test_email_column_matches_the_address_pattern():
    import random

    from piguard.detect.identifiers import email_address
    from piguard.detect.vectorized import emails
    g = Generator(12)
    rnd = random.Random(12)
    good = [g.record()["email"] for _ in range(300)]
    cells = good + [e.replace("@", ".@") for e in good[:20]] + ["." + e for e in good[:20]] + [e.replace("@", "..x@") for e in good[:20]]
    cells += ["a@b.cn", "a@b.c", "a@-b.cn", "a@b-.cn", "x" * 65 + "@a.cn", "x" * 64 + "@a.cn", "张三@a.cn", "a@b.cn\n", " a@b.cn ",
              "ａ＠ｂ．ｃｎ", "a@b..cn", "a.@b.cn", "a@b.c0m", "", None, "a@" + "b" * 63 + ".cn", "a@" + "b" * 64 + ".cn"]
    alphabet = "ab.@-_%+9Z 张"
    cells += ["".join(rnd.choice(alphabet) for _ in range(rnd.randint(3, 14))) for _ in range(3000)]
    col = emails(cells)
    expected = [1 if email_address.FORMAT.fullmatch(c) else 0 for c in col.values.to_list()]
    assert col.status.tolist() == expected
    assert 0 < sum(expected) < len(cells)
