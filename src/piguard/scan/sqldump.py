"""Database dumps as text: MySQL ``INSERT … VALUES`` statements and PostgreSQL ``COPY … FROM stdin``.

Rows are read statement by statement (mysqldump writes one long INSERT per batch of rows), so memory is
bounded by the longest statement; the rows of consecutive statements into one table (a dump written with a
statement per row) are batched together. ``INSERT`` (with ``IGNORE``, ``LOW_PRIORITY`` …) and ``REPLACE``
statements are read; a table's name may be quoted with any characters in it (`用户-2023`) and qualified by its
database. Column names come from the statement's column list, else from the dump's own ``CREATE TABLE``, else
``_1, _2 …``. Each table is its own source: ``dump.sql#users``.
"""

from __future__ import annotations

import re
from typing import Iterator, TextIO

from piguard.scan.readers import BATCH, ReadError
from piguard.scan.records import Batch, Source

# a table's name: quoted with backquotes or double quotes (a quote doubled inside), or a bare word; with its database
_NAME = r"(?:`(?:[^`]|``)+`|\"(?:[^\"]|\"\")+\"|[\w$]+)"
_TABLE = rf"({_NAME}(?:\s*\.\s*{_NAME})?)"
_CREATE = re.compile(rf"CREATE\s+(?:TEMPORARY\s+)?TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?{_TABLE}\s*\(", re.IGNORECASE)
_COLUMN = re.compile(r"^\s*[`\"]?(\w+)[`\"]?\s+\w", re.UNICODE)
_INSERT = re.compile(rf"(?:INSERT|REPLACE)\s+(?:(?:LOW_PRIORITY|DELAYED|HIGH_PRIORITY|IGNORE)\s+)*(?:INTO\s+)?{_TABLE}\s*"
                     r"(\(([^)]*)\))?\s*VALUES?\s*", re.IGNORECASE)
_PART = re.compile(_NAME)
_COPY = re.compile(r"^COPY\s+([\w.\"]+)\s*(?:\(([^)]*)\))?\s+FROM\s+stdin", re.IGNORECASE)
_NOT_COLUMN = re.compile(r"^\s*(PRIMARY|UNIQUE|KEY|INDEX|CONSTRAINT|FOREIGN|FULLTEXT|CHECK)\b", re.IGNORECASE)
_ESCAPES = {"0": "\0", "b": "\b", "n": "\n", "r": "\r", "t": "\t", "Z": "\x1a", "\\": "\\", "'": "'", '"': '"'}


def _names(text: str) -> tuple[str, ...]:
    return tuple(n.strip().strip("`\"") for n in text.split(","))


def table_name(text: str) -> str:
    """A table's own name, without its database and quotes.

    >>> table_name("`crm`.`用户-2023`"), table_name('"public"."a""b"'), table_name("users")
    ('用户-2023', 'a"b', 'users')
    """
    last = _PART.findall(text)[-1]
    if last[:1] in ("`", '"'):
        last = last[1:-1].replace(last[0] * 2, last[0])
    return last


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
    pending: list[tuple] = []                   # rows of the statements read into the table below, not yet sent
    into: tuple[str, tuple[str, ...]] | None = None

    def sent() -> Iterator[Batch]:
        """The pending rows as batches of their table (numbered on from its rows sent before)."""
        nonlocal pending
        table, columns = into
        src = Source(f"{source.path}#{table}", "mysql_dump", source.encoding, source.size, source.sha256)
        for k in range(0, len(pending), batch):
            first = numbers.get(table, 0) + 1
            chunk = [r + (None,) * (len(columns) - len(r)) for r in pending[k:k + batch]]
            numbers[table] = first - 1 + len(chunk)
            yield Batch(src, first, columns, chunk, locator="row")
        pending = []

    for number, stmt in _statements(stream):
        if creating is not None:
            if stmt.lstrip().startswith(")"):
                creating = None
            elif not _NOT_COLUMN.match(stmt) and (m := _COLUMN.match(stmt)):
                tables[creating] = tables.get(creating, ()) + (m.group(1),)
            continue
        if m := _CREATE.match(stmt.lstrip()):
            creating = table_name(m.group(1))
            tables[creating] = ()
            continue
        m = _INSERT.match(stmt.lstrip())
        if not m:
            continue
        table = table_name(m.group(1))
        rows = parse_values(stmt.lstrip()[m.end():], f"{source.path} line {number}")
        width = max((len(r) for r in rows), default=0)
        columns = _names(m.group(3)) if m.group(3) else tables.get(table) or ()
        if len(columns) < width:
            columns = tuple(columns) + tuple(f"_{i + 1}" for i in range(len(columns), width))
        if into != (table, tuple(columns)) and pending:
            yield from sent()
        into = (table, tuple(columns))
        pending += rows
        if len(pending) >= batch:
            yield from sent()
    if pending:
        yield from sent()


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
