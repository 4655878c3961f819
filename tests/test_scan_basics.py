"""Scan layer groundwork: encodings and evidence hashes."""

from __future__ import annotations

import doctest
import hashlib
import os
import stat

import pytest

from piguard.scan import encodings, hashing
from piguard.scan.encodings import EncodingError, detect_encoding, read_text

TEXT = "姓名：张伟 电话：13812345678 地址：广东省深圳市南山区科技园路1号\n" * 50


def test_doctests():
    assert doctest.testmod(encodings).failed == 0
    assert doctest.testmod(hashing).failed == 0


@pytest.mark.parametrize("encoding,expected", [
    ("utf-8", "utf-8"), ("utf-8-sig", "utf-8-sig"), ("gbk", "gb18030"), ("gb18030", "gb18030"),
    ("utf-16", "utf-16"), ("utf-16-le", "utf-16-le"), ("utf-16-be", "utf-16-be"),
])
def test_round_trips(encoding, expected):
    data = TEXT.encode(encoding)
    text, found = read_text(data)
    assert found.encoding == expected and text.lstrip("\ufeff") == TEXT


def test_truncated_sample_is_not_an_error():
    data = TEXT.encode("utf-8")
    cut = data[:len(data) // 2 + 1]          # may cut a character in two
    assert detect_encoding(cut, truncated=True).encoding == "utf-8"


def test_binary_is_reported():
    with pytest.raises(EncodingError, match="binary"):
        detect_encoding(bytes(range(256)) * 4)


def test_given_encoding_wins_and_errors_name_the_byte():
    data = TEXT.encode("gbk")
    with pytest.raises(EncodingError, match="not utf-8 at byte"):
        read_text(data, "utf-8")


def test_sha256_matches_hashlib_and_never_writes(tmp_path):
    p = tmp_path / "evidence.csv"
    p.write_bytes(TEXT.encode("gbk"))
    os.chmod(p, stat.S_IRUSR)               # read-only evidence
    before = p.stat().st_mtime_ns
    digest, size = hashing.sha256_file(p)
    assert digest == hashlib.sha256(p.read_bytes()).hexdigest() and size == p.stat().st_size
    assert p.stat().st_mtime_ns == before


def test_format_doctests():
    from piguard.scan import formats
    assert doctest.testmod(formats).failed == 0


@pytest.mark.parametrize("head,name,kind", [
    (b"PK\x03\x04" + b"\x00" * 26 + b"xl/workbook.xml", "book.xlsx", "xlsx"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100), "old.xls", "xls"),
    (b"PAR1" + bytes(10), "t.parquet", "parquet"),
    (b"\x1f\x8b\x08", "a.csv.gz", "gzip"),
    (b"BZh91AY", "a.bz2", "bzip2"),
    (b"\xfd7zXZ\x00\x00", "a.xz", "xz"),
    (bytes(257) + b"ustar" + bytes(10), "a.tar", "tar"),
    (b"--\nCOPY public.users (id, name) FROM stdin;\n1\t\xe5\xbc\xa0\n", "pg.sql", "pg_dump"),
    (b"name\tphone\n", "a.tsv", "tsv"),
    (b"\xef\xbb\xbf[{\"a\": 1}]", "a.json", "json"),
    (b"just some text", "notes", "text"),
])
def test_sniff(head, name, kind):
    from piguard.scan.formats import sniff
    assert sniff(head, name) == kind


def test_a_sample_nearly_all_of_one_encoding_is_read_in_it():
    from piguard.scan.encodings import MIXED_LINES
    gbk = [f"客户{i}，电话1391{i:07d}".encode("gbk") for i in range(300)]
    mixed = gbk[:150] + ["客户王五，电话13712345678".encode()] + gbk[150:]
    found = detect_encoding(b"\n".join(mixed))
    assert (found.encoding, found.mostly) == ("gb18030", True) and "GB18030 but for 1 of the first 301 lines" in found.reason
    assert not detect_encoding(b"\n".join(gbk)).mostly
    damaged = [line if i % 10 else b"\xff" + line for i, line in enumerate(gbk)]       # a tenth damaged: no encoding
    assert MIXED_LINES * len(damaged) < 30
    with pytest.raises(EncodingError, match="neither UTF-8, UTF-16 nor GB18030"):
        detect_encoding(b"\n".join(damaged))


def test_a_dump_read_as_a_stream_reads_each_line_in_the_encoding_it_is_in(tmp_path):
    """Text decoded as a stream (SQL dumps, JSON, CSV in GBK) is decoded a block of whole lines at a time: a
    block that does not decode is read line by line, a line of the other encoding in it, a damaged line with
    U+FFFD; each is counted with its number, and no row is lost (a damaged table name is still a table)."""
    from piguard.count.run import scan
    rows = [f"INSERT INTO `客户` VALUES ({i},'张{i}','1391{i:07d}');".encode("gbk") for i in range(2000)]
    rows[1500] = "INSERT INTO `客户` VALUES (1500,'王五','13712345678');".encode("utf-8")
    rows[1700] = b"INSERT INTO `\xc0\xff` VALUES (1700,'x','13612345678');"
    path = tmp_path / "dump.sql"
    path.write_bytes(b"\n".join(rows) + b"\n")
    r = scan([str(path)])
    report = r["inputs"][0]
    assert report["format"] == "mysql_dump" and report["errors"] == [] and report["records"] == 2000
    assert ("not all gb18030: 1 line(s) read as utf-8 (line 1,501); 1 line(s) with bytes no encoding reads, read with U+FFFD in "
            "their place (line 1,701)") in report["warnings"][-1]
    assert r["pieces_total"] == 2000


def test_a_few_zero_bytes_do_not_make_text_binary():
    text = ("姓名：张伟，电话：13812345678\n" * 400).encode("gbk")
    damaged = text[:3000] + b"\x00\x00\x00" + text[3000:]          # recovered from a damaged disk
    assert detect_encoding(damaged).encoding == "gb18030"
    with pytest.raises(EncodingError, match="binary"):
        detect_encoding(bytes(range(256)) * 4)
