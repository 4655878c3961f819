"""Database dumps as text: MySQL ``INSERT … VALUES`` statements and PostgreSQL ``COPY … FROM stdin``.

Rows are read statement by statement (mysqldump writes one long INSERT per batch of rows), so memory is
bounded by the longest statement. Column names come from the INSERT's column list, else from the dump's
own ``CREATE TABLE``, else ``_1, _2 …``. Each table is its own source: ``dump.sql#users``.
"""

from __future__ import annotations

import re
from typing import Iterator, TextIO

from piguard.scan.readers import BATCH, ReadError
from piguard.scan.records import Batch, Source

_CREATE = re.compile(r"CREATE\s+TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?[`\"]?([\w.]+)[`\"]?\s*\(", re.IGNORECASE)
_COLUMN = re.compile(r"^\s*[`\"]?(\w+)[`\"]?\s+\w", re.UNICODE)
_INSERT = re.compile(r"INSERT\s+(?:IGNORE\s+)?INTO\s+[`\"]?([\w.]+)[`\"]?\s*(\(([^)]*)\))?\s*VALUES\s*", re.IGNORECASE)
_COPY = re.compile(r"^COPY\s+([\w.\"]+)\s*(?:\(([^)]*)\))?\s+FROM\s+stdin", re.IGNORECASE)
_NOT_COLUMN = re.compile(r"^\s*(PRIMARY|UNIQUE|KEY|INDEX|CONSTRAINT|FOREIGN|FULLTEXT|CHECK)\b", re.IGNORECASE)
_ESCAPES = {"0": "\0", "b": "\b", "n": "\n", "r": "\r", "t": "\t", "Z": "\x1a", "\\": "\\", "'": "'", '"': '"'}


def _names(text: str) -> tuple[str, ...]:
    return tuple(n.strip().strip("`\"") for n in text.split(","))


def parse_values(text: str, where: str) -> list[tuple[str | None, ...]]:
    """The tuples of an INSERT's VALUES part (up to the closing ``;``).

    >>> parse_values("(1,'张三','138\\\\'5'),(2,NULL,'a''b');", "x")
    [('1', '张三', "138'5"), ('2', None, "a'b")]
    """
    rows: list[tuple[str | None, ...]] = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c in " \t\r\n,":
            i += 1
            continue
        if c == ";":
            break
        if c != "(":
            raise ReadError(f"{where}: expected '(' in VALUES at offset {i}, found {text[i:i + 20]!r}")
        i += 1
        row: list[str | None] = []
        while True:
            while i < n and text[i] in " \t\r\n":
                i += 1
            if i >= n:
                raise ReadError(f"{where}: VALUES tuple not closed")
            if text[i] in "'\"":
                quote, i, buf = text[i], i + 1, []
                while True:
                    if i >= n:
                        raise ReadError(f"{where}: string not closed in VALUES")
                    ch = text[i]
                    if ch == "\\" and i + 1 < n:
                        buf.append(_ESCAPES.get(text[i + 1], text[i + 1]))
                        i += 2
                    elif ch == quote:
                        if i + 1 < n and text[i + 1] == quote:
                            buf.append(quote)
                            i += 2
                        else:
                            i += 1
                            break
                    else:
                        buf.append(ch)
                        i += 1
                row.append("".join(buf))
            else:
                j = i
                while j < n and text[j] not in ",)":
                    j += 1
                token = text[i:j].strip()
                row.append(None if token.upper() == "NULL" else token)
                i = j
            while i < n and text[i] in " \t\r\n":
                i += 1
            if i < n and text[i] == ",":
                i += 1
                continue
            if i < n and text[i] == ")":
                i += 1
                break
            raise ReadError(f"{where}: malformed VALUES tuple near offset {i}")
        rows.append(tuple(row))
    return rows


def _statements(stream: TextIO) -> Iterator[tuple[int, str]]:
    """(line number, statement) for the lines of a dump; INSERTs spanning lines are joined to their ``;``."""
    pending: list[str] = []
    start = 0
    for number, line in enumerate(stream, 1):
        if not pending:
            if not _INSERT.match(line.lstrip()):
                yield number, line
                continue
            start = number
        pending.append(line)
        if line.rstrip().endswith(";"):
            yield start, "".join(pending)
            pending = []
    if pending:
        yield start, "".join(pending)


def read_mysql_dump(stream: TextIO, source: Source, batch: int = BATCH) -> Iterator[Batch]:
    tables: dict[str, tuple[str, ...]] = {}
    creating: str | None = None
    numbers: dict[str, int] = {}
    lines = _statements(stream)
    for number, stmt in lines:
        if creating is not None:
            if stmt.lstrip().startswith(")"):
                creating = None
            elif not _NOT_COLUMN.match(stmt) and (m := _COLUMN.match(stmt)):
                tables[creating] = tables.get(creating, ()) + (m.group(1),)
            continue
        if m := _CREATE.match(stmt.lstrip()):
            creating = m.group(1).split(".")[-1]
            tables[creating] = ()
            continue
        m = _INSERT.match(stmt.lstrip())
        if not m:
            continue
        table = m.group(1).split(".")[-1]
        where = f"{source.path} line {number}"
        rows = parse_values(stmt.lstrip()[m.end():], where)
        width = max((len(r) for r in rows), default=0)
        columns = _names(m.group(3)) if m.group(3) else tables.get(table) or ()
        if len(columns) < width:
            columns = tuple(columns) + tuple(f"_{i + 1}" for i in range(len(columns), width))
        src = Source(f"{source.path}#{table}", "mysql_dump", source.encoding, source.size, source.sha256)
        for k in range(0, len(rows), batch):
            first = numbers.get(table, 0) + 1
            chunk = [r + (None,) * (len(columns) - len(r)) for r in rows[k:k + batch]]
            numbers[table] = first - 1 + len(chunk)
            yield Batch(src, first, tuple(columns), chunk, locator="row")


_COPY_ESCAPES = re.compile(r"\\(.)")
_COPY_MAP = {"t": "\t", "n": "\n", "r": "\r", "b": "\b", "f": "\f", "v": "\v", "\\": "\\"}


def _copy_field(text: str) -> str | None:
    if text == "\\N":
        return None
    return _COPY_ESCAPES.sub(lambda m: _COPY_MAP.get(m.group(1), m.group(1)), text) if "\\" in text else text


def read_pg_dump(stream: TextIO, source: Source, batch: int = BATCH) -> Iterator[Batch]:
    table, columns, rows, first = None, (), [], 1
    numbers: dict[str, int] = {}
    for number, line in enumerate(stream, 1):
        if table is None:
            if m := _COPY.match(line):
                table = m.group(1).strip('"').split(".")[-1]
                columns = _names(m.group(2)) if m.group(2) else ()
                first = numbers.get(table, 0) + 1
            continue
        if line.rstrip("\r\n") == "\\.":
            if rows:
                yield _copy_batch(source, table, columns, rows, first)
            numbers[table] = first - 1 + len(rows)
            table, rows = None, []
            continue
        fields = [_copy_field(f) for f in line.rstrip("\r\n").split("\t")]
        if columns and len(fields) != len(columns):
            raise ReadError(f"{source.path} line {number}: {len(fields)} fields for {len(columns)} columns of {table}")
        rows.append(tuple(fields))
        if len(rows) >= batch:
            yield _copy_batch(source, table, columns, rows, first)
            first += len(rows)
            numbers[table] = first - 1
            rows = []
    if table is not None:
        raise ReadError(f"{source.path}: COPY data for {table} is not terminated by \\.")


def _copy_batch(source: Source, table: str, columns: tuple[str, ...], rows: list, first: int) -> Batch:
    width = max(len(r) for r in rows)
    cols = columns or tuple(f"_{i + 1}" for i in range(width))
    return Batch(Source(f"{source.path}#{table}", "pg_dump", source.encoding, source.size, source.sha256), first, cols,
                 rows, locator="row")
