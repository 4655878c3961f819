"""The compiled kernels (piguard._native) and their polars fall-backs."""

from __future__ import annotations

import os

import numpy as np
import polars as pl
import pytest

from piguard import native

NATIVE = native.available()
needs_native = pytest.mark.skipif(not NATIVE, reason="piguard._native not built (no C compiler at install)")


def test_kernels_are_built_where_required():
    assert not native.stale, "piguard._native was built from other sources: reinstall (make) to rebuild it"
    if os.environ.get("PIGUARD_REQUIRE_NATIVE") == "1":
        assert NATIVE, "piguard._native is missing: the package was installed without its compiled kernels"


def test_a_digest_depends_on_the_key_not_on_its_pieces(kernels):
    values = pl.Series(["13812345678", "", "张三丰", None, "x" * 37])
    whole = pl.Series([f"mobile={v or ''}\x1fname=李" for v in values.to_list()])
    by_pieces = native.key_digests(["mob", "ile=", values, "\x1fname=", pl.Series(["李"] * 5)], 5)
    assert by_pieces.shape == (5, 16) and by_pieces.dtype == np.uint8
    assert (by_pieces == native.key_digests([whole], 5)).all()
    constant = native.key_digests(["mobile=\x1fname=李"], 1)
    assert (by_pieces[1] == constant[0]).all() and (by_pieces[3] == constant[0]).all()    # null = empty
    assert len({bytes(r) for r in by_pieces}) == 4


def test_no_two_of_many_different_keys_share_a_digest(kernels):
    n = 200_000
    keys = pl.Series([f"resident_id:11010519{i:010d}" for i in range(n)] )
    d = native.key_digests([keys], n)
    assert len(np.unique(d.view("V16").ravel())) == n
    # nor do keys that differ in one bit, in their length only, or by a moved boundary
    near = native.key_digests([pl.Series(["a", "b", "a\x00", "\x00a", "ab", "ba", "", "\x00"])], 8)
    assert len({bytes(r) for r in near}) == 8


def test_empty_inputs(kernels):
    assert native.key_digests(["k"], 0).shape == (0, 16)
    assert native.key_digests([pl.Series([], dtype=pl.String)], 0).shape == (0, 16)
    assert (native.key_digests([], 2)[0] == native.key_digests([""], 1)[0]).all()


def test_sliced_and_chunked_columns_are_read_at_their_own_offsets(kernels):
    s = pl.concat([pl.Series(["p", "q"]), pl.Series(["rr", "s", "tt"])], rechunk=False).slice(1, 3)
    assert (native.key_digests([s], 3) == native.key_digests([pl.Series(["q", "rr", "s"])], 3)).all()


@needs_native
def test_the_kernel_rejects_offsets_that_do_not_fit():
    from piguard import _native
    with pytest.raises(ValueError, match="offsets"):
        _native.digests([(np.array([0, 1], dtype=np.int64), b"ab")], 2)
    with pytest.raises(ValueError, match="past the data"):
        _native.digests([(np.array([0, 1, 9], dtype=np.int64), b"ab")], 2)
    with pytest.raises(ValueError, match="negative"):
        _native.digests([(np.array([-1, 1, 2], dtype=np.int64), b"ab")], 2)
    with pytest.raises(TypeError):
        _native.digests([3], 1)
    with pytest.raises(ValueError, match="do not fit 2 rows"):
        _native.joined([(np.array([0, 1], dtype=np.int64), b"ab")], 2, np.zeros(16, dtype=np.uint8))
    with pytest.raises(ValueError, match="past the data"):
        _native.joined([(np.array([0, 1, 9], dtype=np.int64), b"ab")], 2, np.zeros(16, dtype=np.uint8))


def _cells(seed: int, n: int = 20_000) -> list:
    """Identifier-like cells: generated values, their variants, and random strings over the characters the
    kernel treats specially (full-width forms, separators, masks, prefixes, non-ASCII letters, NUL)."""
    import random

    from piguard.synth import Generator
    g = Generator(seed)
    rnd = random.Random(seed)
    out: list = []
    for _ in range(300):
        p = g.record()
        for v in (p["mobile"], p["resident_id"], p.get("bank_card") or ""):
            out += [v, v.lower(), " ".join(v), "-".join([v[:3], v[3:]]), v[:3] + "****" + v[7:], v[:6] + "*" * 8 + v[14:],
                    "+86" + v, "0086" + v, "86" + v, "(+86)" + v, "（＋８６）" + v, v.translate({c: c + 0xFEE0 for c in range(48, 58)}),
                    v[:-1] + "x", v + "1", v[1:], v[:17] + "ß", "é" + v[1:]]
    alphabet = list("0123456789") * 4 + list("０１２３４５６７８９xX*＊×●-－— \t()（）+＋86") + ["é", "ß", "Σ", "张", "😀", "\x00", "a", "ⓐ"]
    while len(out) < n:
        out.append("".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 22))))
    dates = ["11010519000229123X", "11010520000229123X", "11010520991231123X", "11010518791231123X", "91010519491231002X",
             "00010519491231002X", "110105194913310021", "1" * 11, "1" * 18, "6" * 19, "62" + "0" * 14, "", None, "\x00" * 11]
    return out + dates


@needs_native
@pytest.mark.parametrize("kind", ["mobile", "resident_id", "bank_card"])
def test_identifier_kernel_decides_every_cell_as_polars_does(kind):
    import datetime as dt

    from piguard.detect import vectorized as v
    by_polars = {"mobile": v._mobiles_by_polars, "resident_id": v._resident_ids_by_polars,
                 "bank_card": v._bank_cards_by_polars}[kind]
    compiled = {"mobile": v.mobiles, "resident_id": v.resident_ids, "bank_card": v.bank_cards}[kind]
    extra = {"today": dt.date(2020, 6, 1)} if kind == "resident_id" else {}
    cells = _cells(7)
    want, got = by_polars(cells, **extra), compiled(cells, **extra)
    assert got.values.to_list() == want.values.to_list()
    assert got.status.tolist() == want.status.tolist()
    assert got.repeated.tolist() == v._repeats(*v._grid(want.values, {"mobile": 11, "resident_id": 18, "bank_card": 19}[kind])).tolist()
    assert got.repeated.tolist() == want.repeated.tolist()
    assert {0, 1, 2, 3} <= set(got.status.tolist())


def test_keys_read_at_rows_equal_keys_of_the_gathered_rows(kernels):
    s = pl.Series(["甲", "", "丙丙", "d"])
    rows = np.array([2, 0, 2, 3, 1])
    col = native.column(s)
    assert (native.key_digests(["k=", col, "|", s], 5, rows) == native.key_digests(["k=", s.gather(rows), "|", s.gather(rows)], 5)).all()


@needs_native
def test_the_kernel_rejects_rows_outside_a_column():
    from piguard import _native
    col = (np.array([0, 1, 2], dtype=np.int64), b"ab")
    with pytest.raises(ValueError, match="not a row"):
        _native.digests([col], 2, np.array([0, 2], dtype=np.int64))
    with pytest.raises(ValueError, match="rows must be"):
        _native.digests([col], 2, np.array([0], dtype=np.int64))


def _texts(seed: int, n: int = 20_000) -> list:
    """Name- and address-like cells: generated names and addresses, their variants, and random strings over
    the characters the rules look at (surnames, mask characters, street words, white space, full-width)."""
    import random

    from piguard.synth import Generator
    g = Generator(seed)
    rnd = random.Random(seed)
    out: list = [None, "", " ", "\u3000", "\x1f", "张", "欧阳", "欧阳*", "张某某", "王X", "司马相如", "李男", "张 三"]
    for _ in range(500):
        p = g.record()
        name, addr = p["name"], p["address"]
        out += [name, f" {name}\u3000", name[0] + "*", name[0] + "某", name + "某", name[:1] + "ＸＸ", addr, addr + "电话",
                "电话" + addr, addr.replace("路", "Road"), addr.translate({c: c + 0xFEE0 for c in range(48, 58)}), addr[:3],
                addr + "#12-3（东门）", "\t" + addr + "\n", addr * 3]
    alphabet = list("张王李欧阳司马某*X＊男女先生路街号栋村组一二三社区花园电话单号 \u3000\t-#()（）") + list("0123456789aZé😀")
    while len(out) < n:
        out.append("".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 12))))
    return out


@needs_native
@pytest.mark.parametrize("kind", ["name", "address"])
def test_name_and_address_kernel_decides_every_cell_as_polars_does(kind):
    from piguard.detect import vectorized as v
    by_polars = {"name": v._person_names_by_polars, "address": v._street_addresses_by_polars}[kind]
    compiled = {"name": v.person_names, "address": v.street_addresses}[kind]
    from piguard.count.columnar import repeated
    cells = _texts(11) + ["路路路路路路", "张张张张张", "1111111"]
    want, got = by_polars(cells), compiled(cells)
    assert got.values.to_list() == want.values.to_list()
    assert got.status.tolist() == want.status.tolist()
    assert len(set(got.status.tolist())) >= 2
    assert got.repeated.tolist() == repeated(want.values).tolist() and got.repeated.sum() == 2


@needs_native
def test_values_in_arrow_form_read_as_the_series():
    from piguard.detect import vectorized as v
    cells = ["13812345678", "138 0000 0000", "１３９００００００００", None, "", "+8613888888888", "abc"]
    lazy = v.mobiles(cells)
    assert lazy.arrow is not None and lazy._values is None
    eager = v.ColumnValues("mobile", lazy.status, v.native.strings_from_arrow(*lazy.arrow, len(cells)))
    assert [lazy.value(i) for i in range(len(cells))] == eager.values.to_list() == lazy.values.to_list()
    listed = ["13800000000", "13900000000", "13888888888"]
    assert lazy.is_in(listed).tolist() == eager.is_in(listed).tolist() == [False, True, True, False, False, True, False]


@needs_native
def test_joined_record_texts_equal_the_polars_join():
    from piguard.count.columnar import _Texts, record_texts
    from piguard.scan.records import Batch, Source
    cells = _texts(3, 3000)
    rows = [(cells[i], cells[-i - 1], f" {i}\u3000", "\t") for i in range(len(cells))]
    batch = Batch(Source("t.csv", "csv"), 0, ("a", "b", "c", "d"), rows)
    want = record_texts(batch).to_list()
    texts = _Texts(batch)
    assert texts.arrow is not None
    assert [texts[i] for i in range(len(rows))] == want
    assert want[0].count("\x1f") == 3
    # a batch read column-wise, joined from its column scans' own conversions (blank cells included)
    from piguard.count.pieces import column_scans
    framed = Batch(Source("t.csv", "csv"), 0, batch.columns,
                   frame=pl.DataFrame({f"c{j}": pl.Series([r[j] for r in rows], dtype=pl.String) for j in range(4)}))
    scans = column_scans(framed)
    assert all(c.strings is not None for c in scans)
    joined = _Texts(framed, scans)
    assert [joined[i] for i in range(len(rows))] == want


@needs_native
def test_blank_cells_are_found_as_the_polars_filter_finds_them():
    """The kernel's blank cells (nothing but white space, as str.isspace sees it, or empty, or null) are the
    cells the polars path sets to None, and a column scan reads the same either way."""
    from piguard.detect import columns
    from piguard.detect.normalize import PY_WHITESPACE, SPACE_TABLE
    cells = ["", " ", "\u3000\t", "\x1f", None, " 张三 ", "\u00a0x", "1", "\u2028\u2029", "\xff", "\U0001F600", PY_WHITESPACE]
    s = pl.Series(cells, dtype=pl.String)
    blank = native.blank_cells(native.arrow_strings(s), SPACE_TABLE).tolist()
    assert blank == [True, True, True, True, True, False, False, False, True, False, False, True]
    assert columns._cells_and_strings(s)[0].to_list() == columns._polars_cells(s).to_list()
    assert columns._cells_and_strings(s)[0].to_list()[5:8] == [" 张三 ", "\u00a0x", "1"]
    plain = pl.Series(["张三", "李四", None])
    same, strings = columns._cells_and_strings(plain)
    assert same is plain and strings is not None         # no blank cell: the column as it is


@needs_native
def test_kernels_agree_with_the_fall_backs_on_arbitrary_unicode():
    """Random strings over the whole of Unicode (4-byte characters, combining marks, controls), long cells
    and empty ones: every kernel gives what its fall-back gives."""
    import random

    from piguard.count.columnar import _Texts, record_texts
    from piguard.detect import columns
    from piguard.detect import vectorized as v
    from piguard.scan.records import Batch, Source
    rnd = random.Random(20261129)
    planes = [(0x20, 0x7E), (0x80, 0x2FF), (0x300, 0x36F), (0x3000, 0x30FF), (0x4E00, 0x9FFF), (0xFF00, 0xFFEF),
              (0x1F300, 0x1F6FF), (0x20000, 0x2A6DF), (0x0, 0x1F)]

    def one() -> str:
        n = rnd.choice([0, 1, 2, 5, 11, 18, 19, 40, 300, 5000])
        return "".join(chr(rnd.randint(*rnd.choice(planes))) for _ in range(n))

    cells = [one() for _ in range(1500)] + [None]
    for fast, slow in ((v.mobiles, v._mobiles_by_polars), (v.resident_ids, v._resident_ids_by_polars),
                       (v.bank_cards, v._bank_cards_by_polars), (v.person_names, v._person_names_by_polars),
                       (v.street_addresses, v._street_addresses_by_polars)):
        got, want = fast(cells), slow(cells)
        assert got.values.to_list() == want.values.to_list(), fast.__name__
        assert got.status.tolist() == want.status.tolist(), fast.__name__
    rows = [(cells[i], cells[-i - 1]) for i in range(len(cells))]
    batch = Batch(Source("t.csv", "csv"), 0, ("a", "b"), rows)
    texts = _Texts(batch)
    assert [texts[i] for i in range(len(rows))] == record_texts(batch).to_list()
    assert columns._cells_and_strings(pl.Series(cells))[0].to_list() == columns._polars_cells(cells).to_list()
    keys = pl.Series([c or "" for c in cells])
    assert len({bytes(r) for r in native.key_digests(["k", keys], len(cells))}) == len(set(keys.to_list()))


def test_byte_offsets_become_character_offsets(kernels):
    import random

    from piguard.detect.engine import _to_char_offsets
    rnd = random.Random(4)
    text = "".join(rnd.choice("a张😀é\n1") for _ in range(5000))
    data = text.encode("utf-8")
    starts = [i for i in range(len(data) + 1) if i == len(data) or (data[i] & 0xC0) != 0x80]
    picks = sorted(rnd.sample(starts, 400))
    rows = np.array([[0, a, b] for a, b in zip(picks[::2], picks[1::2])], dtype=np.int64)
    want = [[0, len(data[:a].decode()), len(data[:b].decode())] for _, a, b in rows.tolist()]
    _to_char_offsets(rows, np.frombuffer(data, dtype=np.uint8))
    assert rows.tolist() == want
    assert rows[-1, 2] <= len(text)


@needs_native
def test_the_text_detector_finds_the_same_without_the_kernels(monkeypatch):
    from piguard.detect.detector import Detector
    from piguard.synth import Generator
    g = Generator(8)
    texts = [d.text for d in g.corpus(300)] + [g.prose(3000) + d.text for d in g.corpus(20)]
    # addresses with spaces between parts, with and without a keyword, and spaces that end an address
    texts += ["张三 13812345678 浙江省 杭州市 西湖区 文三路 478号", "上海市 浦东新区 世纪大道100号 李四", "北京市 我们明天见",
              "收货地址：广东省　深圳市 南山区 粤海街道 科技园路 1号", "家住杭州市 文三路 12号 附近，杭州市西湖区文三路", "江苏省 南京市"]
    texts.append("\n".join(texts))
    det = Detector()

    def found():
        return [[(f.type, f.start, f.end, f.value, f.status, f.confidence, f.reasons) for f in det.detect(t)] for t in texts]

    compiled = found()
    monkeypatch.setattr(native, "_native", None)
    assert found() == compiled
    assert sum(len(x) for x in compiled) > 1000 and any(f[0] == "address" for x in compiled for f in x)


def test_long_texts_fold_as_translate_does(kernels):
    from piguard.detect.normalize import TABLE, normalize
    base = "姓名：张三，电话13812345678。" * 400
    assert normalize(base) is base                                       # only harmless punctuation
    for extra in ("１３８", "ＡＢＣ　", "😀＊", "é－", "Ｘ" + "\U00020000"):
        text = base + extra + base
        out = normalize(text)
        assert out == text.translate(TABLE) and len(out) == len(text) and hash(out) == hash(text.translate(TABLE))
    ascii_after = "ｘ" * 5000
    assert normalize(ascii_after) == "x" * 5000 and normalize(ascii_after).isascii()


@needs_native
def test_tables_the_kernels_keep_are_those_of_each_call():
    """The kernels keep the fold and word tables they build, by the object that holds them: another table
    (an edited copy, or more tables than the kernels keep) is read as itself, call after call."""
    from piguard.detect import vectorized as V
    from piguard.detect.normalize import FOLD_BASE, FOLD_LUT
    cells = pl.Series(["１３８１２３４５６７８", "13812345678", "北京市朝阳区建国路88号"])
    status, _, (off, data) = native.text_column(1, cells, FOLD_LUT, FOLD_BASE, native.SPACE_TABLE, V._address_tables())
    assert status.tolist() == [0, 0, 1]
    for k in range(12):                         # more fold tables than the kernels keep: each read as it is
        lut = FOLD_LUT.copy()
        if k % 2:
            lut[ord("１") - FOLD_BASE] = ord("１")                 # full-width 1 no longer folded
        st, _, _, (o, d) = native.identifier_column(0, cells, lut, FOLD_BASE, V._ALLOCATED)
        assert st.tolist() == ([0, 1, 0] if k % 2 else [1, 1, 0]), k
    words = ("建国",)
    for k in range(12):                         # the same for word tables
        tables = (V._address_tables()[0], ("的家",), words if k % 2 else ("不在此",), ("不在此",))
        st, _, _ = native.text_column(1, cells, FOLD_LUT, FOLD_BASE, native.SPACE_TABLE, tables)
        assert st.tolist() == ([0, 0, 1] if k % 2 else [0, 0, 0]), k
