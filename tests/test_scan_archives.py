"""Archives read in place: nesting, formats, zip bombs, path traversal, corruption, encryption."""

from __future__ import annotations

import bz2
import gzip
import io
import lzma
import tarfile
import zipfile

import pytest

from piguard.scan.archives import ArchiveError, Limits, members

CSV = "姓名,手机号\n张伟,13812345678\n".encode("gbk")


def zip_bytes(entries: dict[str, bytes], method=zipfile.ZIP_DEFLATED) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", method) as zf:
        for name, data in entries.items():
            zf.writestr(name, data)
    return buf.getvalue()


def tar_bytes(entries: dict[str, bytes], mode="w:gz") -> bytes:
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode=mode) as tf:
        for name, data in entries.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tf.addfile(info, io.BytesIO(data))
    return buf.getvalue()


def listing(data: bytes, fmt: str, name="evidence", **kw):
    return [(m.path, m.format, m.open().read(), m.warning) for m in members(name, fmt, lambda: io.BytesIO(data), **kw)]


def test_nested_zip_tar_gz_bz2_xz():
    inner_tar = tar_bytes({"db/users.csv": CSV, "notes.txt": "备注".encode()})
    z = zip_bytes({"a/users.csv": CSV, "b/nested.tar.gz": inner_tar, "c/x.csv.bz2": bz2.compress(CSV),
                   "d/y.csv.xz": lzma.compress(CSV), "e/z.csv.gz": gzip.compress(CSV)})
    out = listing(z, "zip", "case.zip")
    paths = {p: (f, d) for p, f, d, _ in out}
    assert set(paths) == {"case.zip!a/users.csv", "case.zip!b/nested.tar.gz!nested.tar!db/users.csv",
                          "case.zip!b/nested.tar.gz!nested.tar!notes.txt", "case.zip!c/x.csv.bz2!x.csv",
                          "case.zip!d/y.csv.xz!y.csv", "case.zip!e/z.csv.gz!z.csv"}
    assert all(d == CSV for p, (f, d) in paths.items() if p.endswith("users.csv") or p.endswith(("x.csv", "y.csv", "z.csv")))
    assert paths["case.zip!a/users.csv"][0] == "csv"


def test_zip_bomb_ratio():
    bomb = zip_bytes({"big.txt": b"0" * (20 << 20)})
    with pytest.raises(ArchiveError, match="ratio limit"):
        listing(bomb, "zip")


def test_total_and_member_limits_count_real_bytes():
    data = gzip.compress(b"1" * (3 << 20))
    with pytest.raises(ArchiveError, match="member limit"):
        listing(data, "gzip", "a.txt.gz", limits=Limits(max_member_bytes=1 << 20))
    with pytest.raises(ArchiveError, match="total byte limit"):
        listing(data, "gzip", "a.txt.gz", limits=Limits(max_total_bytes=1 << 20))


def test_depth_limit():
    data = zip_bytes({"a.txt": b"x"})
    for i in range(5):
        data = zip_bytes({f"level{i}.zip": data}, zipfile.ZIP_STORED)
    with pytest.raises(ArchiveError, match="nested deeper"):
        listing(data, "zip")


def test_path_traversal_is_reported_not_followed(tmp_path):
    out = listing(zip_bytes({"../../etc/evil.csv": CSV, "/abs/x.csv": CSV}), "zip")
    assert all(w and "path traversal" in w for _, _, _, w in out)
    assert list(tmp_path.iterdir()) == []          # nothing written anywhere


def test_corrupt_and_encrypted():
    with pytest.raises(ArchiveError, match="corrupt"):
        listing(b"PK\x03\x04 not really a zip", "zip")
    z = bytearray(zip_bytes({"a.csv": CSV}, zipfile.ZIP_STORED))
    z[6] |= 0x1                                   # local header: encrypted
    central = z.rfind(b"PK\x01\x02")
    z[central + 8] |= 0x1                         # central directory: encrypted
    with pytest.raises(ArchiveError, match="encrypted"):
        listing(bytes(z), "zip")


# ---- 7z and RAR (libarchive) -------------------------------------------------------------------------

from piguard.scan import archives  # noqa: E402
from piguard.synth import evidence  # noqa: E402

needs_libarchive = pytest.mark.skipif(archives.libarchive is None, reason="libarchive (the C library) is missing")


seven_zip_bytes = evidence.seven_zip
stored_rar = evidence.stored_rar


@needs_libarchive
def test_7z_with_nested_archives_and_rar_inside():
    inner = zip_bytes({"b.csv": CSV})
    rar = stored_rar({"名单/c.csv": CSV})
    data = seven_zip_bytes({"a/用户.csv": CSV, "a/inner.zip": inner, "x.rar": rar, "notes.txt": "备注".encode()})
    out = {p: (f, d) for p, f, d, _ in listing(data, "7z", "case.7z")}
    assert set(out) == {"case.7z!a/用户.csv", "case.7z!a/inner.zip!b.csv", "case.7z!x.rar!名单/c.csv", "case.7z!notes.txt"}
    assert out["case.7z!a/用户.csv"] == ("csv", CSV) and out["case.7z!x.rar!名单/c.csv"] == ("csv", CSV)
    # and a 7z inside a zip
    assert [p for p, *_ in listing(zip_bytes({"in.7z": data}), "zip", "outer.zip")][0].startswith("outer.zip!in.7z!")


@needs_libarchive
def test_rar_members_and_traversal_names():
    out = listing(stored_rar({"list.csv": CSV, "../../etc/evil.csv": CSV}), "rar", "leak.rar")
    assert [(p, f, d) for p, f, d, _ in out] == [("leak.rar!list.csv", "csv", CSV), ("leak.rar!../../etc/evil.csv", "csv", CSV)]
    assert out[0][3] is None and "path traversal" in out[1][3]


@needs_libarchive
def test_7z_and_rar_limits_count_real_bytes():
    data = seven_zip_bytes({"big.txt": b"1" * (3 << 20)})
    with pytest.raises(ArchiveError, match="member limit"):
        listing(data, "7z", limits=Limits(max_member_bytes=1 << 20))
    with pytest.raises(ArchiveError, match="total byte limit"):
        listing(data, "7z", limits=Limits(max_total_bytes=1 << 20))
    bomb = seven_zip_bytes({"zeros.txt": bytes(80 << 20)})
    with pytest.raises(ArchiveError, match="ratio limit"):
        listing(bomb, "7z")
    with pytest.raises(ArchiveError, match="member limit"):
        listing(stored_rar({"a.txt": b"2" * 5000}), "rar", limits=Limits(max_member_bytes=4000))


@needs_libarchive
def test_corrupt_7z_and_rar():
    data = seven_zip_bytes({"a.csv": CSV * 200})
    with pytest.raises(ArchiveError, match="corrupt or unreadable 7z"):
        listing(data[: len(data) // 2], "7z")
    rar = bytearray(stored_rar({"a.csv": CSV}))
    rar[30] ^= 0xFF                          # inside the file header: its CRC no longer holds
    with pytest.raises(ArchiveError, match="corrupt or unreadable rar"):
        listing(bytes(rar), "rar")


@needs_libarchive
def test_a_7z_and_a_rar_are_scanned_and_counted(tmp_path):
    from piguard.count.run import scan
    from piguard.scan.hashing import sha256_file

    rows = "姓名,手机号\n" + "".join(f"张伟{i},1381234{i:04d}\n" for i in range(60))
    (tmp_path / "leak.7z").write_bytes(seven_zip_bytes({"dump/list.csv": rows.encode("gbk")}))
    (tmp_path / "leak.rar").write_bytes(stored_rar({"list.csv": rows.encode("utf-8")}))
    before = {p.name: sha256_file(p) for p in tmp_path.iterdir()}
    result = scan([str(tmp_path)])
    by_path = {r["path"]: r for r in result["inputs"]}
    assert by_path[str(tmp_path / "leak.7z") + "!dump/list.csv"]["records"] == 60
    assert by_path[str(tmp_path / "leak.rar") + "!list.csv"]["encoding"] == "utf-8"
    assert all(not r["errors"] for r in result["inputs"])
    assert result["pieces_total"] == 60                     # the same 60 people in both: duplicates
    assert result["excluded"] == {"duplicate": 60}
    assert {p.name: sha256_file(p) for p in tmp_path.iterdir()} == before


def _renamed(data: bytes, placeholder: str, raw: bytes) -> bytes:
    """An archive whose member ``placeholder`` is named by the bytes ``raw`` (same length) with no encoding
    recorded, as Chinese Windows (GBK) and Info-ZIP on Linux (UTF-8) write zips."""
    assert len(placeholder.encode()) == len(raw) and data.count(placeholder.encode()) >= 1
    return data.replace(placeholder.encode(), raw)


def test_member_names_without_a_recorded_encoding_are_read_as_written():
    import doctest

    from piguard.scan import archives
    assert doctest.testmod(archives).failed == 0
    gbk, utf8 = "客户名单.csv".encode("gbk"), "名单.csv".encode()
    data = _renamed(zip_bytes({"x" * 8 + ".csv": CSV, "y" * 6 + ".csv": CSV, "ok.csv": CSV}), "x" * 8 + ".csv", gbk)
    data = _renamed(data, "y" * 6 + ".csv", utf8)
    with zipfile.ZipFile(io.BytesIO(data)) as zf:         # what Python makes of them
        assert zf.namelist()[0] == gbk.decode("cp437") and not zf.infolist()[0].flag_bits & 0x800
    assert [p for p, *_ in listing(data, "zip", "e.zip")] == ["e.zip!客户名单.csv", "e.zip!名单.csv", "e.zip!ok.csv"]
    flagged = zip_bytes({"名单.csv": CSV})                 # a name flagged UTF-8 stays as it is
    assert [p for p, *_ in listing(flagged, "zip", "f.zip")] == ["f.zip!名单.csv"]
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=tarfile.GNU_FORMAT, encoding="gbk") as tf:
        info = tarfile.TarInfo("导出/客户名单.csv")
        info.size = len(CSV)
        tf.addfile(info, io.BytesIO(CSV))
    assert [p for p, *_ in listing(buf.getvalue(), "tar", "e.tar")] == ["e.tar!导出/客户名单.csv"]
    # bytes that are neither UTF-8 nor GB18030 keep what the archive module read
    odd = _renamed(zip_bytes({"ab.csv": CSV}), "ab.csv", b"\xffa.csv")
    assert listing(odd, "zip", "o.zip")[0][0] == "o.zip!" + b"\xffa.csv".decode("cp437")
