"""The column-wise judge of table batches gives exactly the verdicts of the row-by-row path."""

from __future__ import annotations

import random

import polars as pl
import pytest

from piguard.count.columnar import judge_table, repeated, status_codes
from piguard.count.pieces import Tally, batch_findings, column_scans, record_text
from piguard.detect.detector import default_detector
from piguard.scan.records import Batch, Source
from piguard.synth import Generator

D = default_detector()


def _rows(seed: int, n: int) -> list[tuple]:
    """People with every status a fast column can give, repeats (duplicates), two mobile columns, and a
    free-text column the text detector must read for some rows."""
    g = Generator(seed)
    rng = random.Random(seed)
    people = [g.record() for _ in range(n // 3)]
    rows = []
    for i in range(n):
        p = rng.choice(people)
        mobile, rid, name = p["mobile"], p["resident_id"], p["name"]
        r = rng.random()
        if r < 0.05:
            mobile, rid, name = "13800000000", "", ""                  # listed placeholder
        elif r < 0.08:
            mobile = mobile[:3] + "****" + mobile[7:]                   # masked
        elif r < 0.11:
            rid, mobile, name = rid[:17] + ("0" if rid[17] != "0" else "1"), "", ""  # bad check
        elif r < 0.13:
            rid, mobile, name = "1" * 18, "", ""                       # repeated character
        elif r < 0.16:
            name, rid, mobile = "", "", ""                               # empty
        elif r < 0.18:
            rid = rid[:6] + "********" + rid[14:]
        second = g.record()["mobile"] if rng.random() < 0.1 else ""
        note = f"另联系 {g.record()['mobile']}" if rng.random() < 0.05 else rng.choice(["", "已发货", "退款"])
        rows.append((f"SO{i:08d}" if rng.random() < 0.5 else "", name, mobile, second, rid, p["address"], note))
    return rows


COLUMNS = ("订单号", "姓名", "手机号", "备用手机", "身份证号", "收货地址", "备注")


def _row_by_row(batches, buyer=None):
    tally = Tally()
    verdicts = []
    for b in batches:
        for i, found in enumerate(batch_findings(b, D)):
            verdicts.append(tally.judge(found, b.columns, b.where(i), record_text(b, i), buyer))
    return tally, verdicts


def _columnar(batches, buyer=None):
    tally = Tally()
    verdicts = []
    for b in batches:
        judge_table(b, column_scans(b, D), tally, buyer, lambda i, v, found: verdicts.append(v))
    return tally, verdicts


@pytest.mark.parametrize("columns", [COLUMNS, COLUMNS[1:6], ("姓名", "手机号", "身份证号")])
def test_columnar_equals_row_by_row(columns):
    rows = _rows(7, 1200)
    keep = [COLUMNS.index(c) for c in columns]
    rows = [tuple(r[k] for k in keep) for r in rows]
    src = Source("t.csv", "csv")
    batches = [Batch(src, 1 + k, columns, rows[k:k + 400]) for k in range(0, len(rows), 400)]
    for buyer in (None, "甲"):
        t1, v1 = _row_by_row(batches, buyer)
        t2, v2 = _columnar(batches, buyer)
        assert v1 == v2
        assert (t1.pieces, t1.excluded, t1.types, t1.contested, t1.samples, t1.persons) == \
            (t2.pieces, t2.excluded, t2.types, t2.contested, t2.samples, t2.persons)
        assert t1.excluded["duplicate"] > 0 and t1.excluded["invalid"] > 0 and t1.pieces


def test_columnar_without_emit_counts_the_same():
    rows = _rows(11, 600)
    batch = Batch(Source("t.csv", "csv"), 1, COLUMNS, rows)
    t1, _ = _row_by_row([batch])
    t2 = Tally()
    judge_table(batch, column_scans(batch, D), t2)
    assert (t1.pieces, t1.excluded, t1.types, t1.persons) == (t2.pieces, t2.excluded, t2.types, t2.persons)


def test_placeholder_codes():
    batch = Batch(Source("t.csv", "csv"), 1, ("手机号",), [("13800000000",), ("13812345678",), ("138****5678",)] * 400)
    (col,) = column_scans(batch, D)
    assert status_codes(col)[:3].tolist() == [4, 1, 3]
    values = pl.Series(["1111111", "111111", "11111", "1111112", "", None, "张张张张张张"])
    assert repeated(values).tolist() == [True, True, False, False, False, False, True]


def test_scan_digests_are_the_same_in_every_process():
    import subprocess
    import sys

    from piguard.count.pieces import digests
    keys = ["general\x1ename=张三\x1fmobile=13812345678", "general\x1ename=张三", "", "transaction\x1e\x1e订单"]
    here = digests(keys)
    assert here.shape == (4, 16) and len({bytes(r) for r in here}) == 4
    assert (digests(pl.Series(keys)) == here).all() and (digests(keys[1:2]) == here[1]).all()
    code = f"from piguard.count.pieces import digests; print(digests({keys!r}).tobytes().hex())"
    other = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert other == here.tobytes().hex()
