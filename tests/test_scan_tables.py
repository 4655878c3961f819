"""SQLite, Parquet and XLSX readers; evidence files stay byte-identical."""

from __future__ import annotations

import hashlib
import sqlite3

import pytest

from piguard.scan.readers import ReadError
from piguard.scan.records import Source
from piguard.scan.tables import read_parquet, read_sqlite, read_xls, read_xlsx

ROWS = [("张伟", "13812345678"), ("李娜", None)]


def digest(p):
    return hashlib.sha256(p.read_bytes()).hexdigest()


def test_sqlite_every_table_read_only(tmp_path):
    db = tmp_path / "evidence.db"
    con = sqlite3.connect(db)
    con.execute("CREATE TABLE users (name TEXT, phone TEXT)")
    con.executemany("INSERT INTO users VALUES (?, ?)", ROWS)
    con.execute("CREATE TABLE blobs (b BLOB)")
    con.execute("INSERT INTO blobs VALUES (?)", (b"\xff\x00",))
    con.commit()
    con.close()
    before = digest(db)
    out = list(read_sqlite(db, Source("evidence.db", "sqlite"), batch=1))
    assert [b.source.path for b in out] == ["evidence.db#blobs", "evidence.db#users", "evidence.db#users"]
    assert out[1].columns == ("name", "phone") and out[1].rows + out[2].rows == ROWS and out[2].first == 2
    assert out[0].rows == [("ff00",)]
    assert digest(db) == before and sorted(p.name for p in tmp_path.iterdir()) == ["evidence.db"]


def test_sqlite_corrupt(tmp_path):
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"SQLite format 3\x00" + b"\x01" * 200)
    with pytest.raises(ReadError, match="bad.db"):
        list(read_sqlite(bad, Source("bad.db", "sqlite")))


def test_parquet(tmp_path):
    import polars as pl
    p = tmp_path / "t.parquet"
    pl.DataFrame({"name": ["张伟", "李娜"], "phone": [13812345678, None]}).write_parquet(p)
    (b,) = list(read_parquet(p, Source("t.parquet", "parquet")))
    assert b.columns == ("name", "phone") and b.rows == ROWS
    (tmp_path / "x.parquet").write_bytes(b"PAR1 nonsense")
    with pytest.raises(ReadError, match="x.parquet"):
        list(read_parquet(tmp_path / "x.parquet", Source("x.parquet", "parquet")))


def test_xlsx_all_sheets_numbers_as_text(tmp_path):
    from openpyxl import Workbook
    wb = Workbook()
    ws = wb.active
    ws.title = "客户"
    ws.append(["姓名", "手机"])
    ws.append(["张伟", 13812345678])
    ws.append(["李娜", None])
    ws2 = wb.create_sheet("空")
    ws2.append([])
    p = tmp_path / "book.xlsx"
    wb.save(p)
    before = digest(p)
    out = list(read_xlsx(p, Source("book.xlsx", "xlsx")))
    assert len(out) == 1 and out[0].source.path == "book.xlsx#客户"
    assert out[0].columns == ("姓名", "手机") and out[0].rows == ROWS and out[0].first == 2
    assert digest(p) == before
    (tmp_path / "bad.xlsx").write_bytes(b"PK\x03\x04 broken")
    with pytest.raises(ReadError, match="bad.xlsx"):
        list(read_xlsx(tmp_path / "bad.xlsx", Source("bad.xlsx", "xlsx")))


def test_long_numbers_stored_as_numbers_are_read_as_stored_and_noted(tmp_path):
    """A spreadsheet keeps 15 significant digits: an ID typed in as a number has lost its last digits. The
    reader gives the digits as stored (not 1.1e+17) and notes which column and rows hold such numbers."""
    from openpyxl import Workbook
    wb = Workbook()
    ws = wb.active
    ws.append(["姓名", "身份证号", "手机"])
    ws.append(["张伟", 110105199003071000, 13812345678])
    ws.append(["李娜", "110105199003071234", 13912345678])
    ws.append(["王芳", 440305199001011000.0, 13712345678])
    p = tmp_path / "ids.xlsx"
    wb.save(p)
    (batch,) = list(read_xlsx(p, Source("ids.xlsx", "xlsx")))
    assert [r[1] for r in batch.rows] == ["110105199003071000", "110105199003071234", "440305199001011000"]
    (note,) = batch.notes
    assert "2 cell(s) in column(s) 身份证号 (rows 2, 4)" in note and "15 significant digits" in note


def test_xls_legacy_workbook_every_sheet_dates_and_numbers(tmp_path):
    import datetime as dt

    import xlwt
    book = xlwt.Workbook(encoding="utf-8")
    ws = book.add_sheet("客户")
    for c, v in enumerate(["姓名", "手机"]):
        ws.write(0, c, v)
    ws.write(1, 0, "张伟")
    ws.write(1, 1, 13812345678)
    ws.write(2, 0, "李娜")
    ws2 = book.add_sheet("入住")
    ws2.write(0, 0, "姓名")
    ws2.write(0, 1, "入住时间")
    ws2.write(1, 0, "王芳")
    ws2.write(1, 1, dt.datetime(2024, 3, 5, 14, 30), xlwt.easyxf(num_format_str="yyyy-mm-dd hh:mm"))
    book.add_sheet("空")
    p = tmp_path / "old.xls"
    book.save(str(p))
    before = digest(p)
    out = list(read_xls(p, Source("old.xls", "xls")))
    assert [b.source.path for b in out] == ["old.xls#客户", "old.xls#入住"]
    assert out[0].columns == ("姓名", "手机") and out[0].rows == ROWS and out[0].first == 2
    assert out[1].rows == [("王芳", "2024-03-05 14:30:00")]
    assert digest(p) == before
    (tmp_path / "bad.xls").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600))
    with pytest.raises(ReadError, match="bad.xls"):
        list(read_xls(tmp_path / "bad.xls", Source("bad.xls", "xls")))


def test_a_sheets_title_row_is_noted_and_the_header_is_the_row_under_it(tmp_path):
    """Exported sheets often open with a title over merged cells (客户名单): it is not the header nor a
    record; the scan says so. A sheet of one column keeps its single-cell header."""
    from openpyxl import Workbook
    wb = Workbook()
    ws = wb.active
    ws.title = "名单"
    ws.append(["某公司客户名单"])
    ws.merge_cells("A1:B1")
    ws.append([])
    ws.append(["导出时间：2023-05-01"])
    ws.append(["姓名", "手机"])
    ws.append(["张伟", 13812345678])
    ws.append(["李娜", None])
    one = wb.create_sheet("手机")
    for v in ("手机号", "13812345678", "13912345678"):
        one.append([v])
    p = tmp_path / "book.xlsx"
    wb.save(p)
    out = list(read_xlsx(p, Source("book.xlsx", "xlsx")))
    assert out[0].columns == ("姓名", "手机") and out[0].rows == ROWS and out[0].first == 5
    assert out[0].notes == ("rows 1, 3 each hold a single cell, the table's title: not a record (the header is row 4)",)
    assert out[1].columns == ("手机号",) and out[1].rows == [("13812345678",), ("13912345678",)] and out[1].notes == ()


def test_xlsx_read_by_calamine_equals_openpyxl(tmp_path):
    """python-calamine (fast) and openpyxl read a workbook into the same batches: leading empty rows and
    columns, a title, numbers stored as floats, dates, times, booleans, empty cells, several sheets."""
    import datetime as dt

    from openpyxl import Workbook

    from piguard.scan.tables import read_xlsx_openpyxl
    pytest.importorskip("python_calamine")
    wb = Workbook()
    ws = wb.active
    ws.title = "客户"
    ws["B2"] = "某公司客户名单"
    for j, h in enumerate(["姓名", "手机", "身份证号", "生日", "时间", "金额", "会员"], start=2):
        ws.cell(row=4, column=j, value=h)
    for i in range(60):
        ws.append([None, f"张{i}", 13812340000 + i, f"11010519491231{i:03d}X", dt.date(1990, 1, 1 + i % 28),
                   dt.time(8, i % 60), 12.5 * i, i % 2 == 0])
    ws.append([])
    ws.append([None, "合计", None, None, None, None, 99.0, None])
    other = wb.create_sheet("备用")
    other.append(["手机号"])
    for i in range(5):
        other.append([f"1391234{i:04d}"])
    wb.create_sheet("空")
    p = tmp_path / "book.xlsx"
    wb.save(p)
    fast = list(read_xlsx(p, Source("book.xlsx", "xlsx"), batch=25))
    slow = list(read_xlsx_openpyxl(p, Source("book.xlsx", "xlsx"), batch=25))
    assert [(b.source.path, b.first, b.columns, b.rows, b.notes) for b in fast] == \
           [(b.source.path, b.first, b.columns, b.rows, b.notes) for b in slow]
    assert fast[0].columns[1:4] == ("姓名", "手机", "身份证号") and fast[0].rows[0][2] == "13812340000"
    assert fast[0].notes and len(fast) == 4


def test_a_row_of_column_groups_over_the_header(tmp_path):
    """客户信息 | 订单信息 in merged cells over 姓名 / 手机号 / …: the header is the row under it, and the
    group row is noted, not read as the header (nor the real header as a record); under a title too."""
    from openpyxl import Workbook
    wb = Workbook()
    ws = wb.active
    ws.append(["某公司客户名单"])
    ws.append(["客户信息", None, "订单信息", None])
    ws.merge_cells("A2:B2")
    ws.merge_cells("C2:D2")
    ws.append(["姓名", "手机号", "订单号", "金额"])
    ws.append(["张伟", "13812345678", "DD001", 9.5])
    ws.append(["李娜", "13912345678", "DD002", 19.5])
    p = tmp_path / "grouped.xlsx"
    wb.save(p)
    (batch,) = list(read_xlsx(p, Source("grouped.xlsx", "xlsx")))
    assert batch.columns == ("姓名", "手机号", "订单号", "金额") and batch.first == 4 and len(batch) == 2
    assert batch.notes == ("row 1 holds a single cell, the table's title: not a record (the header is row 3)",
                           "row 2 groups the columns under it (客户信息, 订单信息): not a record (the header is row 3)")


def test_a_sheet_without_a_header_keeps_its_first_row_as_a_record(tmp_path):
    """张伟 | 13812345678 in row 1 is a person, not a header: it was taken as the columns' names and never
    counted."""
    from openpyxl import Workbook
    wb = Workbook()
    ws = wb.active
    ws.append(["张伟", "13812345678"])
    ws.append(["李娜", "13912345678"])
    p = tmp_path / "noheader.xlsx"
    wb.save(p)
    (batch,) = list(read_xlsx(p, Source("noheader.xlsx", "xlsx")))
    assert batch.columns == ("_1", "_2") and batch.first == 1 and batch.rows[0] == ("张伟", "13812345678")
    assert batch.notes == ("row 1 holds data, not a header: the columns are numbered",)
