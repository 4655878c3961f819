"""Streaming readers: delimited text, lines, JSON Lines, JSON — encodings, headers, errors with places."""

from __future__ import annotations

import codecs
import doctest
import io
import json

import pytest

from piguard.scan import readers
from piguard.scan.encodings import recording
from piguard.scan.readers import ReadError, read_delimited, read_json, read_jsonl, read_lines
from piguard.scan.records import Source

ROWS = [("张伟", "13812345678", "广东省深圳市南山区科技园路1号"), ("李娜", "13912345678", "北京市朝阳区建国路88号")]


def csv_bytes(encoding="utf-8", sep=",", header=True) -> bytes:
    lines = ([sep.join(("姓名", "手机号", "地址"))] if header else []) + [sep.join(r) for r in ROWS]
    return ("\r\n".join(lines) + "\r\n").encode(encoding)


def batches(reader, data: bytes, fmt="csv", **kw):
    return list(reader(io.BytesIO(data), Source("evidence/" + fmt, fmt), **kw))


def test_doctests():
    assert doctest.testmod(readers).failed == 0


@pytest.mark.parametrize("encoding,expected", [("utf-8", "utf-8"), ("utf-8-sig", "utf-8-sig"), ("gbk", "gb18030"),
                                               ("utf-16", "utf-16")])
def test_csv_encodings_and_header(encoding, expected):
    (b,) = batches(read_delimited, csv_bytes(encoding))
    assert b.columns == ("姓名", "手机号", "地址") and b.table_rows() == ROWS and b.source.encoding == expected
    assert b.where(1) == "evidence/csv row 3"           # the row in the file: the header is row 1


def test_tsv_without_header():
    (b,) = batches(read_delimited, csv_bytes(sep="\t", header=False), "tsv")
    assert b.columns == ("_1", "_2", "_3") and b.table_rows() == ROWS and b.first == 1


def test_ragged_rows_are_kept():
    data = "姓名,手机号\n张伟,13812345678,多余\n李娜\n".encode()
    (b,) = batches(read_delimited, data)
    assert b.columns == ("姓名", "手机号", "_3")
    assert b.table_rows() == [("张伟", "13812345678", "多余"), ("李娜", None, None)]
    # a wider row later in the batch widens every row of the batch, the earlier ones too
    (b,) = batches(read_delimited, "姓名,手机号\n李娜,13812345678\n张伟,13912345678,多余,更多\n".encode())
    assert b.table_rows() == [("李娜", "13812345678", None, None), ("张伟", "13912345678", "多余", "更多")]


def test_batches_are_bounded_and_numbered():
    data = ("姓名,手机号\n" + "".join(f"人{i},138{i:08d}\n" for i in range(25))).encode()
    out = batches(read_delimited, data, batch=10)
    assert [len(b) for b in out] == [10, 10, 5] and [b.first for b in out] == [2, 12, 22]


def test_quoted_newlines_across_the_sniff_sample():
    big = "姓名,备注\n" + "".join(f"人{i},\"第一行\n第二行{i}\"\n" for i in range(5000))
    rows = [r for b in batches(read_delimited, big.encode()) for r in b.table_rows()]
    assert len(rows) == 5000 and rows[-1] == ("人4999", "第一行\n第二行4999")


def test_lines_in_utf16():
    data = "姓名：张伟 电话：13812345678\n姓名：李娜 电话：13912345678\n".encode("utf-16")
    (b,) = batches(read_lines, data, "text")
    assert b.texts == ["姓名：张伟 电话：13812345678", "姓名：李娜 电话：13912345678"] and b.locator == "line"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
def test_lines_cut_as_bytes_are_the_lines_the_text_stream_reads(monkeypatch, encoding):
    """In an encoding where 0x0A and 0x0D are always line ends, lines are cut as bytes: the same lines, the
    same numbers, whatever the block size, with \\n, \\r\\n and a lone \\r (and \\u2028, \\x1c, which
    end no line here) anywhere, a \\r\\n cut between two blocks included."""
    import random
    rnd = random.Random(7)
    alphabet = ["a", "中", "張", "\r", "\n", "\r\n", "\x1c", "\u2028", " ", "1"]
    for _ in range(300):
        text = "".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 50)))
        expected = [line.rstrip("\r\n") for line in io.StringIO(text, newline="")]
        data = text.encode(encoding)
        for block in (1, 2, 5, 64):
            monkeypatch.setattr(readers, "LINE_BLOCK", block)
            src = Source("x.txt", "text", encoding=encoding)
            chunks = list(readers._byte_line_chunks(data[:3], io.BufferedReader(io.BytesIO(data[3:])), src,
                                                    readers._LINE_CODECS[encoding]))
            assert [line for _, lines in chunks for line in lines] == expected, (text, block)
            assert [n for n, _ in chunks] == [1 + sum(len(ls) for _, ls in chunks[:k]) for k in range(len(chunks))]


def test_a_line_met_again_is_the_same_string_and_a_bad_byte_is_read_and_told():
    data = ("\n".join(f"第{i % 50}行：手机1381234{i % 50:04d}" for i in range(8000)) + "\n").encode("gb18030")
    texts = [t for b in read_lines(io.BytesIO(data), Source("x.txt", "text", encoding="gb18030")) for t in b.texts]
    assert len(texts) == 8000 and texts[50] is texts[0] and texts[0] == "第0行：手机13812340000"
    bad = data + b"\xff\xff\n" + data          # a damaged line: read with U+FFFD, counted, and the rest read on
    with recording("gb18030") as seen:
        texts = [t for b in read_lines(io.BytesIO(bad), Source("x.txt", "text", encoding="gb18030")) for t in b.texts]
    assert len(texts) == 16001 and texts[8000] == "\ufffd\ufffd" and texts[-1] == "第49行：手机13812340049"
    assert (seen.replaced, seen.replaced_lines, seen.other) == (1, [8001], {})
    bom = codecs.BOM_UTF8 + "姓名张伟\r\n李娜\r\n".encode()
    assert [t for b in batches(read_lines, bom, "text") for t in b.texts] == ["姓名张伟", "李娜"]


def test_jsonl_flattens_and_names_bad_lines():
    data = '{"name": "张伟", "contact": {"phone": "13812345678"}}\n\n{"name": "李娜"}\n'.encode()
    (b,) = batches(read_jsonl, data, "jsonl")
    assert b.columns == ("name", "contact.phone") and b.rows == [("张伟", "13812345678"), ("李娜", None)]
    with pytest.raises(ReadError, match="line 2: not JSON"):
        batches(read_jsonl, b'{"a": 1}\n{"a": \n', "jsonl")


def test_json_document_with_records_array():
    data = '{"total": 2, "users": [{"name": "张伟"}, {"name": "李娜", "tags": ["a", "b"]}]}'.encode("gbk")
    (b,) = batches(read_json, data, "json")
    assert b.columns == ("name", "tags[0]", "tags[1]") and b.rows[1] == ("李娜", "a", "b")
    with pytest.raises(ReadError, match="not JSON"):
        batches(read_json, b"{oops", "json")


def test_binary_input_is_an_error_naming_the_input():
    with pytest.raises(ReadError, match="evidence/csv: binary"):
        batches(read_delimited, bytes(range(256)) * 10)


def test_a_bad_byte_after_the_sample_is_read_and_its_line_told():
    good = "姓名,手机号\n" + "张伟,13812345678\n" * 80000      # past the 1 MiB detection sample
    data = good.encode() + b"\xff\xfe\xfa,1\n" + "李娜,13912345678\n".encode("gbk")
    with recording("utf-8") as seen:
        rows = [r for b in batches(read_delimited, data) for r in b.table_rows()]
    assert len(rows) == 80002 and rows[-2] == ("\ufffd\ufffd\ufffd", "1") and rows[-1] == ("李娜", "13912345678")
    assert (seen.replaced_lines, seen.other, seen.other_lines) == ([80002], {"gb18030": 1}, [80003])
    assert "1 line(s) read as gb18030 (line 80,003)" in seen.note()


def test_unknown_forced_encoding():
    with pytest.raises(ReadError, match="unknown encoding 'klingon'"):
        list(read_lines(io.BytesIO(b"x"), Source("a.txt", "text", "klingon")))


CARDS = "姓名：张三\n电话：13812345678\n\n\n姓名：李四\n地址：北京市朝阳区建国路88号\n\n姓名：王五\n电话：13912345678\n"


@pytest.mark.parametrize("mode", ["auto", "paragraph"])
def test_paragraph_records(mode):
    from piguard.scan.readers import read_lines
    batches = list(read_lines(io.BytesIO(CARDS.encode("gb18030")), Source("t.txt", "text", text_records=mode), batch=2))
    assert [b.texts for b in batches] == [["姓名：张三\n电话：13812345678", "姓名：李四\n地址：北京市朝阳区建国路88号"],
                                          ["姓名：王五\n电话：13912345678"]]
    assert [b.where(i) for b in batches for i in range(len(b))] == [
        "t.txt paragraph 1 (line 1)", "t.txt paragraph 2 (line 5)", "t.txt paragraph 3 (line 8)"]


def test_line_records_on_request_and_for_dumps():
    from piguard.scan.readers import read_lines, text_unit
    batches = list(read_lines(io.BytesIO(CARDS.encode()), Source("t.txt", "text", text_records="line")))
    assert batches[0].texts[:2] == ["姓名：张三", "电话：13812345678"] and batches[0].where(4) == "t.txt line 5"
    dump = "".join(f"姓名：张{i} 电话：1381234{i:04d}\n" for i in range(50))
    assert text_unit(dump) == "line"
    assert text_unit(dump[:500] + "\n\n" + dump[:500]) == "line"           # one blank line in a long dump
    long_blocks = "\n\n".join("\n".join(["行"] * 30) for _ in range(5))
    assert text_unit(long_blocks) == "line"                                # 30-line blocks are not records
    assert text_unit("第一段。\n\n第二段。\n\n第三段。\n") == "line"            # single-line paragraphs: lines


def _csv_rows(text: str) -> list[tuple]:
    """What Python's csv module reads, padded as read_delimited pads (the reference of the polars path)."""
    import csv as pycsv
    rows = list(pycsv.reader(io.StringIO(text, newline="")))
    width = max(map(len, rows))
    return [tuple((c if c != "" else None) for c in r) + (None,) * (width - len(r)) for r in rows]


@pytest.mark.parametrize("chunk", [64, 200, 1 << 20])
@pytest.mark.parametrize("crlf", [False, True])
def test_chunked_polars_parse_matches_csv(monkeypatch, chunk, crlf):
    """Chunks cut at record ends only: quoted line ends, doubled quotes and empty fields read exactly as
    csv reads them, whatever the chunk size (small chunks put many cuts next to quotes)."""
    import random
    monkeypatch.setattr(readers, "CHUNK", chunk)
    rnd = random.Random(chunk + crlf)
    cells = ["张伟", "13812345678", "", "a,b", "说\"好\"的", "第一行\n第二行", "x" * 30, "北京市朝阳区建国路88号"]
    end = "\r\n" if crlf else "\n"
    lines = ["姓名,手机号,备注"]
    for _ in range(300):
        row = [rnd.choice(cells) for _ in range(3)]
        lines.append(",".join('"' + c.replace('"', '""') + '"' if any(x in c for x in ',"\n') else c for c in row))
    text = end.join(lines) + end
    out = batches(read_delimited, text.encode(), batch=70)
    got = [r for b in out for r in b.table_rows()]
    assert got == [tuple(r) for r in _csv_rows(text)[1:]]
    assert [b.first for b in out] == sorted({b.first for b in out}) and out[0].first == 2
    assert sum(map(len, out)) == 300


def test_bare_cr_and_wide_rows_fall_back_to_csv(monkeypatch):
    monkeypatch.setattr(readers, "CHUNK", 64)
    text = "姓名,手机号\r张伟,13812345678\r李娜,13912345678\r"
    assert [r for b in batches(read_delimited, text.encode()) for r in b.table_rows()] == [
        ("张伟", "13812345678"), ("李娜", "13912345678")]
    rows = "".join(f"人{i},138{i:08d}\n" for i in range(40)) + "王芳,13900000000,多余\n" + "".join(
        f"客{i},139{i:08d}\n" for i in range(40))
    out = batches(read_delimited, ("姓名,手机号\n" + rows).encode())
    got = [r for b in out for r in b.table_rows()]
    assert len(got) == 81 and got[40] == ("王芳", "13900000000", "多余")
    assert got[41] == ("客0", "13900000000", None) and out[-1].columns == ("姓名", "手机号", "_3")
    assert [b.first for b in out] == sorted(b.first for b in out)


def test_gb18030_chunks_and_a_bad_byte_names_its_line(monkeypatch):
    monkeypatch.setattr(readers, "CHUNK", 256)
    text = "姓名,地址\n" + "".join(f"张{i},北京市朝阳区{i}号\n" for i in range(200))
    out = batches(read_delimited, text.encode("gb18030"))
    got = [r for b in out for r in b.table_rows()]
    assert len(got) == 200 and got[-1] == ("张199", "北京市朝阳区199号") and out[0].source.encoding == "gb18030"
    data = text.encode() + "李娜,".encode() + b"\xff\xfe\n"
    with recording("utf-8") as seen:                                     # the encoding given: no detection
        got = [r for b in read_delimited(io.BytesIO(data), Source("evidence/csv", "csv", "utf-8")) for r in b.table_rows()]
    assert got[-1] == ("李娜", "\ufffd\ufffd") and seen.replaced_lines == [202]


@pytest.mark.parametrize("unit", ["line", "paragraph"])
def test_text_batches_are_bounded_by_characters(monkeypatch, unit):
    monkeypatch.setattr(readers, "TEXT_BATCH_CHARS", 100)
    sep = "\n" if unit == "line" else "\n\n"
    text = sep.join(f"姓名：人{i} 电话：138{i:08d}" for i in range(40)) + "\n"
    out = list(read_lines(io.BytesIO(text.encode()), Source("d.txt", "text", text_records=unit)))
    assert len(out) > 5 and all(sum(map(len, b.texts)) < 100 + 30 for b in out)
    assert [t for b in out for t in b.texts] == [f"姓名：人{i} 电话：138{i:08d}" for i in range(40)]
    assert [b.first for b in out] == [1 + sum(len(b.texts) for b in out[:k]) for k in range(len(out))]


@pytest.mark.parametrize("chunk", [64, 1 << 20])
def test_stray_quotes_read_on_with_csv(monkeypatch, chunk):
    """A quote inside an unquoted field (5" inch) upsets the quote count that finds record ends: from the
    chunk polars cannot parse, csv reads the rest as one stream, and the rows are csv's, a multi-line
    quoted field after the stray quote included."""
    monkeypatch.setattr(readers, "CHUNK", chunk)
    lines = ["品名,备注,手机号"] + [f"商品{i},正常,138{i:08d}" for i in range(30)] + [
        '显示器,27" 大屏,13900000001', '键盘,"第一行', '第二行",13900000002'] + [
        f"商品{i},正常,137{i:08d}" for i in range(30)]
    text = "\n".join(lines) + "\n"
    got = [r for b in batches(read_delimited, text.encode()) for r in b.table_rows()]
    assert got == [tuple(r) for r in _csv_rows(text)[1:]]
    assert ("键盘", "第一行\n第二行", "13900000002") in got and len(got) == 62


def test_one_stray_quote_does_not_hold_the_rest_in_memory(monkeypatch):
    monkeypatch.setattr(readers, "CHUNK", 64)
    monkeypatch.setattr(readers, "MAX_CARRY", 200)           # past this, the text goes on without a record end
    text = "姓名,备注\n显示器,27\" 大屏\n" + "".join(f"商品{i},正常\n" for i in range(200))
    chunks = readers._RecordChunks(iter([text.encode()[i:i + 64] for i in range(0, len(text.encode()), 64)]), b'"')
    assert max(len(c) for c in chunks) <= 200 + 64
    got = [r for b in batches(read_delimited, text.encode()) for r in b.table_rows()]
    assert got == [tuple(r) for r in _csv_rows(text)[1:]] and len(got) == 201


@pytest.mark.parametrize("sep", ["\t", ",", "|", ";"])
@pytest.mark.parametrize("encoding", ["utf-8", "gb18030", "utf-16"])
def test_text_whose_lines_are_rows_is_read_as_a_table(sep, encoding):
    people = [(f"张{chr(0x4e00 + i)}", f"1381234{i:04d}", f"北京市朝阳区建国路{i}号") for i in range(8)]
    for header in (True, False):
        lines = ([sep.join(("姓名", "手机号", "地址"))] if header else []) + [sep.join(p) for p in people]
        data = ("\n".join(lines) + "\n").encode(encoding)
        (b,) = list(read_lines(io.BytesIO(data), Source("dump.txt", "text")))
        assert b.locator == "row" and b.table_rows() == people
        assert b.columns == (("姓名", "手机号", "地址") if header else ("_1", "_2", "_3"))
        assert b.where(1) == f"dump.txt row {3 if header else 2}"       # rows of the file, as a CSV's are numbered
        # as lines on request
        (b,) = list(read_lines(io.BytesIO(data), Source("dump.txt", "text", text_records="line")))
        assert b.locator == "line" and len(b.texts) == len(lines)


@pytest.mark.parametrize("text", [
    "".join(f"姓名：张{i}\t电话：1381234{i:04d}\n" for i in range(10)),      # key-value text with tabs
    "".join(f"手机,1381234{i:04d}\n" for i in range(10)),                   # a key and its value on every line
    "今天, 我们去了公园。\n天气很好, 但是有风, 很冷。\n" * 5,                  # prose with commas
    "张三,13812345678\n李四,13912345678\n",                                # too few lines to tell
])
def test_text_that_is_not_a_table_stays_lines(text):
    assert {b.locator for b in read_lines(io.BytesIO(text.encode()), Source("t.txt", "text"))} == {"line"}


def test_rows_on_request_for_a_short_file():
    (b,) = list(read_lines(io.BytesIO("张三,13812345678\n李四,13912345678\n".encode()), Source("t.txt", "text", text_records="row")))
    assert b.locator == "row" and b.table_rows() == [("张三", "13812345678"), ("李四", "13912345678")]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
def test_a_dump_with_four_dash_delimiters(monkeypatch, encoding):
    people = [(f"1381234{i:04d}", f"张{chr(0x4e00 + i)}", f"pass-{i}") for i in range(3000)]
    data = "".join("----".join(p) + "\n" for p in people).encode(encoding)
    monkeypatch.setattr(readers, "CHUNK", 4099)          # blocks end inside a ---- too
    out = list(read_lines(io.BytesIO(data), Source("dump.txt", "text")))
    assert {b.locator for b in out} == {"row"} and [r for b in out for r in b.table_rows()] == people


def test_four_dashes_in_utf16_and_dash_rules_stay_lines():
    data = "".join(f"1381234{i:04d}----张三\n" for i in range(10))
    assert {b.locator for b in read_lines(io.BytesIO(data.encode("utf-16")), Source("t.txt", "text"))} == {"line"}
    rules = "".join(f"第{i}条\n--------\n" for i in range(10))
    assert {b.locator for b in read_lines(io.BytesIO(rules.encode()), Source("t.txt", "text"))} == {"line"}


def test_replacing_stream_across_blocks(monkeypatch):
    from piguard.scan.readers import _Replacing
    data = b"a----b--c----d-----e---f-"
    for size in (1, 2, 3, 4, 5, 7, 64):
        monkeypatch.setattr(_Replacing, "BLOCK", size)
        assert io.BufferedReader(_Replacing(io.BytesIO(data), b"----", b"|"), 2).read() == data.replace(b"----", b"|"), size


@pytest.mark.parametrize("end", ["\n", "\r"])          # polars reads the first, csv the second (bare CR)
def test_a_title_line_above_the_header_is_noted_not_read_as_a_record(end):
    lines = ["某公司客户名单（2023年导出）", "姓名,手机号,地址"] + [",".join(r) for r in ROWS] + ["合计,2人,"]
    out = batches(read_delimited, (end.join(lines) + end).encode())
    rows = [r for b in out for r in b.table_rows()]
    assert all(b.columns == ("姓名", "手机号", "地址") for b in out) and rows[:2] == ROWS and len(rows) == 3
    assert out[0].first == 3
    assert {b.notes for b in out} == {("row 1 holds a single cell, the table's title: not a record (the header is row 2)",)}


def test_a_one_column_file_keeps_its_header():
    (b,) = batches(read_delimited, "手机号\n13812345678\n13912345678\n".encode())
    assert b.columns == ("手机号",) and b.table_rows() == [("13812345678",), ("13912345678",)] and b.notes == ()


def test_key_value_lines_are_read_as_a_table_of_their_keys():
    """A dump whose every line holds the same fields (姓名：…，手机：…) is a table with those columns, a row a
    line; a line written otherwise keeps its text whole in _line, and --text-records line reads lines."""
    from piguard.scan.readers import read_lines
    lines = [f"姓名：张{i}，手机：1381234{i:04d}，地址：北京市朝阳区建国路{i}号" for i in range(30)]
    lines[7] = "这一行写法不同：没有字段"
    lines[12] = "姓名：李四 手机：13912345678 地址：上海市浦东新区世纪大道1号"      # spaces between fields
    data = ("\n".join(lines) + "\n").encode("gb18030")
    (b,) = list(read_lines(io.BytesIO(data), Source("dump.txt", "text")))
    assert b.columns == ("姓名", "手机", "地址", "_line") and b.locator == "line" and len(b) == 30
    assert b.row(0) == ("张0", "13812340000", "北京市朝阳区建国路0号", None)
    assert b.row(12) == ("李四", "13912345678", "上海市浦东新区世纪大道1号", None)
    assert b.row(7) == (None, None, None, "这一行写法不同：没有字段") and b.where(7) == "dump.txt line 8"
    assert "read as key-value records" in b.notes[0]
    (plain,) = list(read_lines(io.BytesIO(data), Source("dump.txt", "text", text_records="line")))
    assert plain.columns is None and plain.texts[7] == lines[7]


def test_key_value_lines_count_as_the_same_lines_read_one_by_one(tmp_path):
    from piguard.count.run import scan
    from piguard.synth import Generator
    g = Generator(21)
    people = [g.record() for _ in range(40)]
    lines = [f"姓名：{p['name']}，手机：{p['mobile']}，身份证号：{p['resident_id']}，住址：{p['address']}" for p in people * 3]
    lines += ["姓名：王五，手机：13800000000，身份证号：110101199003071234，住址：无", "备注：以上为全部", ""]
    path = tmp_path / "dump.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    table, each = scan([str(path)]), scan([str(path)], text_records="line")
    for k in ("records", "pieces", "excluded", "persons", "types"):
        assert table[k] == each[k], k
    assert table["pieces_total"] == 40 and table["excluded"]["duplicate"] == 80


def test_the_compiled_cut_of_key_value_lines_equals_the_full_expression():
    """Lines written the common way, with no colon in a value, are cut by the compiled kernel; every other
    line (fields out of order or missing, other spaces or separators, a value holding a colon or a key) by
    the full expression: the values are the same either way."""
    import random

    import polars as pl

    from piguard import native
    from piguard.scan import readers
    keys = ("姓名", "手机", "地址")
    rnd = random.Random(3)
    words = ["张三", "李 四", "13812345678", "北京市朝阳区建国路1号", "手机", "，", "：", ":", " ", "\u3000", "地址：", "，手机：",
             "姓名", "\t", "", "😀", "ｘ"]
    lines = [f"姓名：张{i}，手机：1381234{i:04d}，地址：北京市朝阳区建国路{i}号" for i in range(50)]
    for _ in range(4000):
        parts = [(k, "".join(rnd.choice(words) for _ in range(rnd.randint(0, 3)))) for k in keys]
        if rnd.random() < 0.2:
            rnd.shuffle(parts)
        if rnd.random() < 0.1:
            parts = parts[:2]
        glue = rnd.choice(["，", "，", "，", " ", "； ", " ，"])
        lines.append(rnd.choice(["", "", " "]) + glue.join(f"{k}{rnd.choice(['：', '：', ':', '： '])}{v}" for k, v in parts)
                     + rnd.choice(["", " ", "\u3000"]))
    literals = readers._kv_literals("\n".join(lines[:50]), keys)
    assert literals == ("姓名：", ("，手机：", "，地址："))
    texts = pl.Series(lines)
    fast, full = readers._kv_values(texts, keys, literals), readers._kv_values(texts, keys, None)
    assert fast.rows() == full.rows()
    assert 0.2 < full.get_column("c0").is_not_null().mean() < 0.9
    if native.available():
        ok, _ = native.kv_cut(texts, *literals, native.SPACE_TABLE)
        assert ok.sum() > 150 and ok.mean() < full.get_column("c0").is_not_null().mean()   # random lines take it too


def test_a_bad_byte_in_key_value_lines_is_read_and_its_line_told():
    from piguard.scan.readers import read_lines
    good = "".join(f"姓名：张{i}，手机：138{i:08d}\n" for i in range(4000)).encode("utf-8")
    with recording("utf-8") as seen:
        out = list(read_lines(io.BytesIO(good + b"\xff\xfe bad\n" + good), Source("x.txt", "text", encoding="utf-8")))
    assert sum(map(len, out)) == 8001 and seen.replaced_lines == [4001]


def test_a_delimiter_that_leaves_no_doubt_is_taken_without_the_sniffer():
    """Small files cost mostly the sniffer: a sample with one delimiter, no quote, as often on every line,
    is read as the sniffer would read it; anything else goes to the sniffer."""
    import csv

    from piguard.scan.readers import sniff_dialect
    plain = "姓名,手机号,地址\n张三,13812345678,北京\n李四,13912345678,上海\n"
    d = sniff_dialect(plain, "t.csv")
    s = csv.Sniffer().sniff(plain, delimiters=",\t;|")
    assert (d.delimiter, d.skipinitialspace, d.quotechar) == (s.delimiter, s.skipinitialspace, s.quotechar) == (",", False, '"')
    assert sniff_dialect("a;b\n1;2\n", "t.csv").delimiter == ";"
    quoted = sniff_dialect('姓名,备注\n张三,"a, b"\n李四,"c"\n', "t.csv")
    assert quoted.delimiter == "," and quoted.quotechar == '"'


@pytest.mark.parametrize("quoted", [False, True])
def test_long_numbers_in_scientific_notation_are_noted(quoted):
    """An ID exported by a spreadsheet as 1.10105E+17 has lost its digits: the reader says which column and
    rows (as the evidence table numbers them), whichever parser read the file; +86 phones are no such thing."""
    q = '"' if quoted else ""
    data = (f"姓名,身份证号,手机\n张伟,{q}1.10105E+17{q},13812345678\n李娜,110105199003071234,+86 13912345678\n"
            f"王芳,4.40305e+17,13712345678\n").encode()
    (b,) = batches(read_delimited, data)
    (note,) = b.notes
    assert note.startswith("column(s) 身份证号 (rows 2, 4) hold long numbers in scientific notation")
    (b,) = batches(read_delimited, "姓名,手机\n李娜,+86 13912345678\n".encode())
    assert b.notes == ()


def test_scientific_notation_in_rows_csv_reads():
    """The rows the csv module reads (quoting polars does not read) are searched too."""
    note = readers._scientific_note(("姓名", "卡号"), [readers.pl.Series(["张伟", "李娜"]), readers.pl.Series(["6.22202E+18", None])], 5)
    assert note and "卡号 (rows 5)" in note[0]


def test_a_row_of_column_groups_over_a_csv_header():
    data = "客户信息,,订单信息\n姓名,手机号,订单号\n张伟,13812345678,DD001\n李娜,13912345678,DD002\n".encode()
    (b,) = batches(read_delimited, data)
    assert b.columns == ("姓名", "手机号", "订单号") and b.table_rows()[0] == ("张伟", "13812345678", "DD001")
    assert b.notes == ("row 1 groups the columns under it (客户信息, 订单信息): not a record (the header is row 2)",)
    # a header with an empty cell over full rows of data is still the header
    (b,) = batches(read_delimited, "姓名,,手机\n张三,男,13812345678\n李四,女,13912345678\n".encode())
    assert b.columns == ("姓名", "", "手机") and len(b) == 2 and b.notes == ()


def test_json_records_anywhere_in_the_document_and_what_stands_outside_them():
    """An API dump ({"data": {"list": […]}}) was one record holding every person; two arrays of records were
    read as the larger one only."""
    doc = {"code": 0, "msg": "查询成功", "owner": {"name": "王芳", "phone": "13712345678"},
           "data": {"total": 2, "list": [{"user": {"name": "张伟", "phone": "13812345678"}}, {"user": {"name": "李娜"}}],
                    "orders": [{"no": "DD1"}]},
           "table": {"columns": ["姓名", "手机"], "rows": [["赵敏", "13612345678"], ["钱多多", "13512345678"]]}}
    out = batches(read_json, json.dumps(doc, ensure_ascii=False).encode(), "json")
    by = {b.source.path: b for b in out}
    assert by["evidence/json#data.list"].columns == ("user.name", "user.phone") and len(by["evidence/json#data.list"]) == 2
    assert by["evidence/json#data.orders"].rows == [("DD1",)]
    assert by["evidence/json#table.rows"].columns == ("姓名", "手机") and by["evidence/json#table.rows"].rows[0] == ("赵敏", "13612345678")
    (rest,) = by["evidence/json#"].rows
    assert dict(zip(by["evidence/json#"].columns, rest)) == {"code": "0", "msg": "查询成功", "owner.name": "王芳",
                                                                "owner.phone": "13712345678", "data.total": "2",
                                                                "table.columns[0]": "姓名", "table.columns[1]": "手机"}


def test_a_long_number_outside_the_records_of_a_json_document_is_read():
    doc = {"code": 0, "total": 2, "owner_phone": 13812345678, "list": [{"name": "张伟"}, {"name": "李娜"}]}
    out = batches(read_json, json.dumps(doc).encode(), "json")
    rest = [b for b in out if b.source.path.endswith("#")]
    assert len(rest) == 1 and "13812345678" in rest[0].rows[0]
    doc.pop("owner_phone")
    assert [b.source.path for b in batches(read_json, json.dumps(doc).encode(), "json")] == ["evidence/json#list"]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "big5"])
def test_a_tolerant_stream_reads_clean_text_as_a_text_stream_does(monkeypatch, encoding):
    """TolerantText gives what io.TextIOWrapper(newline="") gives of text without a bad byte, whatever the
    line ends (\\n, \\r\\n, \\r, none at the end), the block size and the way it is read."""
    import random

    from piguard.scan.readers import TolerantText
    rnd = random.Random(encoding)
    for trial in range(60):
        monkeypatch.setattr(readers, "TEXT_BLOCK", rnd.choice([1, 2, 3, 7, 64, 1 << 20]))
        words = ["王", "手机13812345678", "", "a,b", "臺灣", " "]          # (characters Big5 has too)
        text = "".join(rnd.choice(words) + rnd.choice(["\n", "\r\n", "\r", ""]) for _ in range(rnd.randint(0, 40)))
        data = text.encode(encoding)

        def both():
            return (TolerantText(io.BufferedReader(io.BytesIO(data)), encoding),
                    io.TextIOWrapper(io.BufferedReader(io.BytesIO(data)), encoding=encoding, newline=""))

        ours, theirs = both()
        assert list(ours) == list(theirs)
        ours, theirs = both()
        sizes = [rnd.randint(1, 9) for _ in range(30)]
        assert [ours.read(k) for k in sizes] + [ours.read()] == [theirs.read(k) for k in sizes] + [theirs.read()]


@pytest.mark.parametrize("encoding", ["utf-8", "gb18030"])
def test_a_block_without_a_line_end_is_cut_between_characters(monkeypatch, encoding):
    from piguard.scan.encodings import recording
    from piguard.scan.readers import TolerantText
    monkeypatch.setattr(readers, "TEXT_BLOCK", 7)
    text = "".join(f"张伟{i}𠀀手机13812345678，" for i in range(200))       # one line; 𠀀 is four bytes in both
    with recording(encoding) as seen:
        got = TolerantText(io.BufferedReader(io.BytesIO(text.encode(encoding))), encoding).read()
    assert got == text and seen.note() is None


def test_a_json_array_is_read_an_item_at_a_time_as_json_reads_it_whole(monkeypatch):
    """The items of a top-level array are decoded one by one from a window of the text (whatever the block
    size, an item or a number cut at a block's end included): the same records as json.loads gives, and the
    same documents are errors."""
    import json
    import random

    from piguard.scan.readers import _array_items
    rnd = random.Random(3)

    def value(depth=0):
        kind = rnd.randrange(7 if depth < 3 else 5)
        if kind == 5:
            return [value(depth + 1) for _ in range(rnd.randrange(3))]
        if kind == 6:
            return {f"k{i}": value(depth + 1) for i in range(rnd.randrange(3))}
        return [12345678901, -0.5e3, "张三,[]{}\"\\\n", None, {"手机": "138", "n": [1, 2]}][kind]

    for trial in range(80):
        monkeypatch.setattr(readers, "JSON_BLOCK", rnd.choice([1, 2, 5, 17, 4096]))
        items = [value() for _ in range(rnd.randrange(6))]
        text = json.dumps(items, ensure_ascii=rnd.random() < 0.5, indent=rnd.choice([None, 1]))
        got = list(_array_items(text[:readers.JSON_BLOCK], io.StringIO(text[readers.JSON_BLOCK:]), "x.json"))
        assert got == json.loads(text), text
    for bad in ("[1, ]", "[1 2]", "[1,", "[{\"a\": 1}", "[1] x", "[tru]", "[1,,2]"):
        with pytest.raises(json.JSONDecodeError):
            json.loads(bad)
        monkeypatch.setattr(readers, "JSON_BLOCK", 2)
        with pytest.raises(ReadError, match=r"x.json: not JSON \(.* at line 1, column \d+\)"):
            list(_array_items(bad[:2], io.StringIO(bad[2:]), "x.json"))
    rows = batches(readers.read_json, '[{"姓名": "张伟", "手机": "13812345678"}, {"姓名": "李娜"}]'.encode())
    assert [r for b in rows for r in b.rows] == [("张伟", "13812345678"), ("李娜", None)]


def test_a_large_json_array_is_streamed_and_reads_as_a_small_one(monkeypatch):
    data = ("[" + ",".join(f'{{"姓名": "张{i}", "手机": "1391234{i:04d}"}}' for i in range(500)) + "]").encode()
    whole = [r for b in batches(readers.read_json, data) for r in b.rows]
    monkeypatch.setattr(readers, "JSON_WHOLE", 64)          # past 64 characters: streamed
    monkeypatch.setattr(readers, "JSON_BLOCK", 50)
    monkeypatch.setattr(readers, "_array_items", counted := CountingItems(readers._array_items))
    streamed = [r for b in batches(readers.read_json, data) for r in b.rows]
    assert streamed == whole and len(whole) == 500 and counted.calls == 1


class CountingItems:
    def __init__(self, fn):
        self.fn, self.calls = fn, 0

    def __call__(self, *args):
        self.calls += 1
        return self.fn(*args)
