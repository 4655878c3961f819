"""Binary tabular inputs: SQLite databases (every table), Parquet files and XLSX workbooks (every sheet).

All are opened read-only: SQLite through an ``immutable`` URI so not even a journal file is created
next to the evidence, Parquet and XLSX through read-only handles. Rows come in bounded batches.
"""

from __future__ import annotations

import datetime as dt
import io
import itertools
import sqlite3
from decimal import Decimal
from pathlib import Path
from typing import Iterator, Sequence

from piguard.scan.readers import BATCH, ReadError, group_note, group_row, looks_like_header
from piguard.scan.records import TITLE_ROWS, Batch, Source, listed, title_note, title_rows


# a spreadsheet stores a number as a double and shows 15 significant digits: a longer whole number (an ID or
# a card number typed into a cell as a number) has lost its last digits (110101199003071234 → …071000)
SIGNIFICANT = 1e15
_LONGEST = 1e20                 # beyond any identifier: written as the float it is


def _text(v: object) -> str | None:
    if v is None:
        return None
    if isinstance(v, bytes):
        try:
            return v.decode("utf-8")
        except UnicodeDecodeError:
            return v.hex()
    if isinstance(v, float) and v.is_integer() and abs(v) < _LONGEST:
        if abs(v) < SIGNIFICANT:
            return str(int(v))        # spreadsheets store 13812345678 as 13812345678.0
        # the 15 significant digits the spreadsheet shows (440305199001011000), not the double's own
        # binary expansion (…011008), which nobody ever saw
        return str(int(Decimal(format(v, ".14e"))))
    return str(v)


def _lost_digits(values: Sequence[object]) -> list[int]:
    """Which of a row's cells are whole numbers too long for a spreadsheet's 15 significant digits."""
    return [j for j, v in enumerate(values) if type(v) is float and SIGNIFICANT <= abs(v) < _LONGEST and v.is_integer()]


def lost_digits_note(columns: Sequence[str], rows: Sequence[int], cells: int) -> str:
    """What the input report says of long numbers stored as numbers (numbers as in the input)."""
    return (f"{cells} cell(s) in column(s) {', '.join(columns)} (rows {listed(rows, 5)}) hold whole numbers of 16 digits or "
            f"more stored as numbers: a spreadsheet keeps 15 significant digits, so their last digits were lost when "
            f"they were stored; they are read as stored (an ID or card number among them fails its check)")


def read_sqlite(path: Path, source: Source, batch: int = BATCH) -> Iterator[Batch]:
    uri = f"file:{Path(path).resolve().as_posix()}?mode=ro&immutable=1"
    try:
        con = sqlite3.connect(uri, uri=True)
        tables = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table' "
                                             "AND name NOT LIKE 'sqlite_%' ORDER BY name")]
    except sqlite3.DatabaseError as exc:
        raise ReadError(f"{source.path}: not a readable SQLite database ({exc})") from None
    try:
        for table in tables:
            cur = con.execute(f'SELECT * FROM "{table.replace(chr(34), chr(34) * 2)}"')
            columns = tuple(d[0] for d in cur.description)
            src = Source(f"{source.path}#{table}", "sqlite", None, source.size, source.sha256)
            first = 1
            while rows := cur.fetchmany(batch):
                yield Batch(src, first, columns, [tuple(_text(v) for v in r) for r in rows], locator="row")
                first += len(rows)
    except sqlite3.DatabaseError as exc:
        raise ReadError(f"{source.path}: SQLite read failed ({exc})") from None
    finally:
        con.close()


def read_parquet(path: Path, source: Source, batch: int = BATCH) -> Iterator[Batch]:
    import pyarrow.parquet as pq

    try:
        pf = pq.ParquetFile(path)
    except Exception as exc:  # pyarrow raises several types for corrupt files
        raise ReadError(f"{source.path}: not a readable Parquet file ({exc})") from None
    columns = tuple(pf.schema_arrow.names)
    first = 1
    for rb in pf.iter_batches(batch_size=batch):
        cols = [rb.column(i).to_pylist() for i in range(rb.num_columns)]
        rows = [tuple(_text(c[k]) for c in cols) for k in range(rb.num_rows)]
        yield Batch(source, first, columns, rows, locator="row")
        first += len(rows)


def sheet_batches(src: Source, rows_of_values: Iterator[Sequence[object]], batch: int) -> Iterator[Batch]:
    """One sheet's batches: the first non-empty row is the header (cells that are numbers or empty are
    named _n), unless the first rows are a title (single cells, a row of several under them: see
    ``title_rows``) or a row of column groups (``group_row``), which are noted and the header is the row
    under them; a first row that holds data (``looks_like_header`` says no) is a record, and the columns are
    numbered. Rows longer than the header get extra columns."""
    lost: dict[int, list[int]] = {}           # row number → its cells of too many digits (rare: looked for in numbers only)

    def numbered_rows() -> Iterator[tuple[int, tuple]]:
        for number, values in enumerate(rows_of_values, 1):
            if cut := _lost_digits(values):
                lost[number] = cut
            yield number, tuple(_text(v) for v in values)

    numbered = numbered_rows()
    lead: list[tuple[int, tuple]] = []           # the rows from the first non-empty one, enough to find the header
    full: list[int] = []                          # which of them hold something
    broken: ReadError | None = None              # a sheet damaged within its first rows: they are read, then the error
    try:
        for number, cells in numbered:
            if any(cells):
                full.append(len(lead))
            if full:
                lead.append((number, cells))
                if len(full) > TITLE_ROWS + 2:      # titles, a row of column groups, the header and a row under it
                    break
    except ReadError as exc:
        broken = exc
    if not full:
        if broken:
            raise broken
        return
    shown = [lead[i][1] for i in full]
    k = title_rows(shown)
    grouped = group_row(shown, k)                 # 客户信息 | 订单信息 in merged cells over the header
    at = full[k + 1] if grouped else full[k]      # the header
    notes = (title_note([lead[i][0] for i in full[:k]], lead[at][0]),) if k else ()
    if grouped:
        notes += (group_note(lead[full[k]][0], shown[k], lead[at][0]),)
    number, cells = lead[at]
    under = next((lead[i][1] for i in full if i > at), None)
    if k or grouped or looks_like_header([c or "" for c in cells], under and [c or "" for c in under]):
        columns = tuple(c if c and not c.replace(".", "").isdigit() else f"_{i + 1}" for i, c in enumerate(cells))
        first, data = number + 1, lead[at + 1:]
    else:                                         # 张三 | 13812345678 in the first row: data, no header
        columns = tuple(f"_{i + 1}" for i in range(len(cells)))
        first, data = number, lead[at:]
        notes += (f"row {number} holds data, not a header: the columns are numbered",)
    rows: list[tuple[str | None, ...]] = []

    def made(rows: list) -> Batch:
        """A batch of ``rows`` (from row ``first``), with a note of the cells in it that lost digits."""
        own = notes
        if lost:
            hit = sorted(n for n in lost if first <= n < first + len(rows))
            if hit:
                cols = sorted({j for n in hit for j in lost[n]})
                own = notes + (lost_digits_note([columns[j] for j in cols], hit, sum(len(lost.pop(n)) for n in hit)),)
        return Batch(src, first, columns, rows, locator="row", notes=own)

    try:
        for number, cells in itertools.chain(data, numbered):
            if len(cells) > len(columns):
                columns = columns + tuple(f"_{i + 1}" for i in range(len(columns), len(cells)))
            rows.append(cells + (None,) * (len(columns) - len(cells)))
            if len(rows) >= batch:
                yield made(rows)
                first += len(rows)
                rows = []
    except ReadError:
        if rows:                    # a sheet damaged part way (an XML one cut short): the rows before count
            yield made(rows)
        raise
    if rows:
        yield made(rows)
    if broken:
        raise broken


def read_xlsx(path: Path, source: Source, batch: int = BATCH) -> Iterator[Batch]:
    """Every worksheet of an XLSX workbook (see :func:`sheet_batches` for the header), read by python-calamine, or
    by openpyxl where it is missing: the same rows and values either way (tested)."""
    try:
        from python_calamine import CalamineWorkbook, SheetTypeEnum
    except ImportError:                 # pragma: no cover - installed without the wheel
        yield from read_xlsx_openpyxl(path, source, batch)
        return
    try:
        wb = CalamineWorkbook.from_path(str(path))
        sheets = [m.name for m in wb.sheets_metadata if m.typ == SheetTypeEnum.WorkSheet]
    except Exception as exc:  # zip / xml errors, encrypted workbooks
        raise ReadError(f"{source.path}: not a readable XLSX workbook ({exc})") from None
    try:
        for name in sheets:
            src = Source(f"{source.path}#{name}", "xlsx", None, source.size, source.sha256)
            try:
                sheet = wb.get_sheet_by_name(name)
            except Exception as exc:
                raise ReadError(f"{src.path}: not a readable sheet ({exc})") from None
            yield from sheet_batches(src, _calamine_rows(sheet), batch)
    finally:
        wb.close()


def _calamine_rows(sheet) -> Iterator[list[object]]:
    """A sheet's rows from A1 as openpyxl gives them: the columns left of the used range as empty cells,
    empty cells None, a date as the midnight of it (openpyxl's datetime)."""
    lead = [None] * (sheet.start[1] if sheet.start else 0)
    for row in sheet.iter_rows():
        yield lead + [None if v == "" else dt.datetime.combine(v, dt.time()) if type(v) is dt.date else v for v in row]


def read_xlsx_openpyxl(path: Path, source: Source, batch: int = BATCH) -> Iterator[Batch]:
    """Every sheet of an XLSX workbook read by openpyxl (see :func:`sheet_batches` for the header)."""
    from openpyxl import load_workbook

    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # zipfile / xml errors, encrypted workbooks
        raise ReadError(f"{source.path}: not a readable XLSX workbook ({exc})") from None
    try:
        for ws in wb.worksheets:
            src = Source(f"{source.path}#{ws.title}", "xlsx", None, source.size, source.sha256)
            yield from sheet_batches(src, ws.iter_rows(values_only=True), batch)
    finally:
        wb.close()


def read_xls(path: Path, source: Source, batch: int = BATCH) -> Iterator[Batch]:
    """Every sheet of a legacy Excel 97-2003 (BIFF) workbook, read with xlrd; dates become ISO dates,
    whole numbers lose their ``.0``."""
    import xlrd

    try:
        book = xlrd.open_workbook(str(path), on_demand=True, logfile=io.StringIO())     # its warnings would go to stdout
    except Exception as exc:  # xlrd raises XLRDError, CompDocError, struct errors on damaged or encrypted files
        raise ReadError(f"{source.path}: not a readable XLS workbook ({exc})") from None
    try:
        for k in range(book.nsheets):
            sheet = book.sheet_by_index(k)
            src = Source(f"{source.path}#{sheet.name}", "xls", None, source.size, source.sha256)

            def values(sheet=sheet) -> Iterator[list[object]]:
                for r in range(sheet.nrows):
                    out = []
                    for cell in sheet.row(r):
                        if cell.ctype == xlrd.XL_CELL_DATE:
                            try:
                                out.append(xlrd.xldate_as_datetime(cell.value, book.datemode).isoformat(sep=" "))
                            except (ValueError, OverflowError):
                                out.append(cell.value)
                        elif cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
                            out.append(None)
                        elif cell.ctype == xlrd.XL_CELL_ERROR:
                            out.append(None)
                        else:
                            out.append(cell.value)
                    yield out
            yield from sheet_batches(src, values(), batch)
            book.unload_sheet(k)
    finally:
        book.release_resources()
