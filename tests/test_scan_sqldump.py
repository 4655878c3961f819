"""SQL dumps: MySQL INSERT statements and PostgreSQL COPY blocks."""

from __future__ import annotations

import doctest
import io

import pytest

from piguard.scan import sqldump
from piguard.scan.readers import ReadError
from piguard.scan.records import Source

MYSQL = """-- MySQL dump
CREATE TABLE `users` (
  `id` int NOT NULL,
  `name` varchar(20) DEFAULT NULL,
  `phone` varchar(20) DEFAULT NULL,
  PRIMARY KEY (`id`)
);
INSERT INTO `users` VALUES (1,'张伟','13812345678'),(2,'李\\'娜',NULL);
INSERT INTO `orders` (`id`,`addr`) VALUES (1,'广东省深圳市南山区科技园路1号'),
(2,'北京市朝阳区建国路88号');
INSERT INTO `users` VALUES (3,'王芳','13912345678');
"""

PG = """COPY public.users (id, name, phone) FROM stdin;
1\t张伟\t13812345678
2\t李娜\t\\N
3\t王\\t芳\t13912345678
\\.
"""


def run(reader, text, **kw):
    return list(reader(io.StringIO(text), Source("dump.sql", "sql"), **kw))


def test_doctests():
    assert doctest.testmod(sqldump).failed == 0


def test_mysql_insert_with_create_table_columns():
    out = run(sqldump.read_mysql_dump, MYSQL)
    users = [b for b in out if b.source.path == "dump.sql#users"]
    assert users[0].columns == ("id", "name", "phone")
    assert users[0].rows == [("1", "张伟", "13812345678"), ("2", "李'娜", None)]
    assert users[1].first == 3 and users[1].rows == [("3", "王芳", "13912345678")]
    orders = [b for b in out if b.source.path == "dump.sql#orders"][0]
    assert orders.columns == ("id", "addr") and len(orders.rows) == 2


def test_mysql_malformed_values_name_the_line():
    with pytest.raises(ReadError, match="dump.sql line 1"):
        run(sqldump.read_mysql_dump, "INSERT INTO t VALUES (1,'unterminated);\n")


def test_pg_copy():
    (b,) = run(sqldump.read_pg_dump, PG)
    assert b.source.path == "dump.sql#users" and b.columns == ("id", "name", "phone")
    assert b.rows == [("1", "张伟", "13812345678"), ("2", "李娜", None), ("3", "王\t芳", "13912345678")]


def test_pg_copy_errors():
    with pytest.raises(ReadError, match="not terminated"):
        run(sqldump.read_pg_dump, PG.replace("\\.\n", ""))
    with pytest.raises(ReadError, match="line 2: 2 fields for 3 columns"):
        run(sqldump.read_pg_dump, "COPY users (id, name, phone) FROM stdin;\n1\t张伟\n\\.\n")


def test_quoted_and_qualified_names_replace_and_a_statement_a_row():
    """A table's name may hold any character when quoted, and carry its database; REPLACE and INSERT IGNORE
    statements hold rows too; a dump written a statement per row is read in batches, not a batch a row."""
    text = ("CREATE TABLE `crm`.`用户-2023` (\n  `姓名` varchar(20),\n  `手机` varchar(20)\n);\n"
            + "".join(f"INSERT INTO `crm`.`用户-2023` VALUES ('张{i}','1391{i:07d}');\n" for i in range(2500))
            + "REPLACE INTO `用户-2023` VALUES ('李娜','13712345678');\n"
            + "INSERT IGNORE INTO \"order items\" (\"单号\", \"电话\") VALUES ('A1','13612345678');\n"
            + "INSERT LOW_PRIORITY INTO t VALUES ('王五','13512345678');\n")
    batches = run(sqldump.read_mysql_dump, text, batch=1000)
    by: dict = {}
    for b in batches:
        by.setdefault(b.source.path, []).append(b)
    assert list(by) == ["dump.sql#用户-2023", "dump.sql#order items", "dump.sql#t"]
    people = by["dump.sql#用户-2023"]
    assert [len(b) for b in people] == [1000, 1000, 501] and people[0].columns == ("姓名", "手机")
    assert [b.first for b in people] == [1, 1001, 2001] and people[-1].rows[-1] == ("李娜", "13712345678")
    assert by["dump.sql#order items"][0].columns == ("单号", "电话") and by["dump.sql#t"][0].rows == [("王五", "13512345678")]
