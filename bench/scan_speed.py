"""End-to-end scan throughput: ``piguard scan`` (read, detect, count) against ``polars.read_csv`` on the
same CSV in the same run, and MB/s on a text dump.

    .venv/bin/python bench/scan_speed.py [--rows 2000000] [--text-mb 200]

The same rows are also written as a plain-text dump delimited by ---- (read as a table) and as key-value
lines (姓名：…，手机：…, read as a table of their keys), the first 200,000 lines of each also scanned as
free text (--text-records line) for comparison.

Rows are synthetic (piguard.synth): 20,000 distinct people repeated with a running order number, so
the detector and the Art. 11 de-duplication both do real work.
"""

from __future__ import annotations

import argparse
import csv
import itertools
import tempfile
import time
from pathlib import Path

import polars as pl

from piguard.count.run import scan
from piguard.count.workers import default_workers
from piguard.synth import Generator

SEED = 4040


def _timed_read(path: Path) -> float:
    t0 = time.perf_counter()
    pl.read_csv(path)
    return time.perf_counter() - t0


def timed_scan(path: Path, workers: int, runs: int = 2) -> tuple[dict, float]:
    """The result of ``piguard scan`` and its fastest of ``runs`` runs (as polars' parse is timed: other
    work on the machine, which varies by a third here between minutes, only ever slows a run down)."""
    best = float("inf")
    for _ in range(runs):
        t0 = time.perf_counter()
        result = scan([str(path)], workers=workers)
        best = min(best, time.perf_counter() - t0)
    return result, best


def as_dump(dump: Path, label: str, how: str, rows: int, workers: int, lines: int = 200_000) -> None:
    """A dump of the rows scanned as it is read by default (a table), and its first ``lines`` lines as free text."""
    dsize = dump.stat().st_size / 1e6
    print(f"{label}: {dsize:.0f} MB")
    result, t_rows = timed_scan(dump, workers)
    print(f"  piguard scan, {workers} worker(s), best of 2, read as {how} ({result['inputs'][0]['unit']}s)  {dsize / t_rows:8.1f} MB/s  "
          f"{rows / t_rows:12,.0f} rows/s (target for a text dump >= 50 MB/s), {result['pieces_total']:,} pieces")
    lines = min(rows, lines)
    part = dump.with_name(dump.stem + "-part.txt")
    with open(dump, encoding="utf-8") as src, open(part, "w", encoding="utf-8") as f:
        f.writelines(itertools.islice(src, lines))
    t0 = time.perf_counter()
    as_lines = scan([str(part)], workers=workers, text_records="line")
    t_lines = time.perf_counter() - t0
    as_rows = scan([str(part)], workers=workers)
    psize = part.stat().st_size / 1e6
    print(f"  the first {lines:,} of them as free text (--text-records line)  {psize / t_lines:8.1f} MB/s  "
          f"= {psize / t_lines / (dsize / t_rows):.1%} of the default reading; pieces {as_lines['pieces_total']:,} "
          f"as lines, {as_rows['pieces_total']:,} by default")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=2_000_000)
    ap.add_argument("--text-mb", type=float, default=200)
    ap.add_argument("--workers", type=int, default=default_workers(), help="also time this many workers (default: cores)")
    args = ap.parse_args()
    g = Generator(SEED)
    people = [g.record() for _ in range(20_000)]
    with tempfile.TemporaryDirectory() as tmp:
        csv_path = Path(tmp) / "leak.csv"
        with open(csv_path, "w", encoding="utf-8", newline="") as f:
            w = csv.writer(f)
            w.writerow(("订单号", "姓名", "手机号", "身份证号", "地址"))
            for i in range(args.rows):
                p = people[i % len(people)]
                w.writerow((f"2024{i:012d}", p["name"], p["mobile"], p["resident_id"], p["address"]))
        size = csv_path.stat().st_size / 1e6
        t_polars = min(_timed_read(csv_path) for _ in range(3))      # the machine only ever slows a run down
        print(f"CSV: {args.rows:,} rows, {size:.0f} MB")
        print(f"  polars.read_csv (parse only, best of 3) {size / t_polars:8.1f} MB/s  {args.rows / t_polars:12,.0f} rows/s")
        for workers in sorted({1, args.workers}):
            result, t_scan = timed_scan(csv_path, workers)
            print(f"  piguard scan, {workers} worker(s), best of 2  {size / t_scan:6.1f} MB/s  {args.rows / t_scan:12,.0f} rows/s"
                  f"  = {t_polars / t_scan:.1%} of polars (target >= 40%)")
        print(f"  counted {result['pieces_total']:,} pieces, excluded {result['excluded']}")

        # the same rows as a plain-text dump delimited by ---- (read as a table), and as key-value lines
        # (订单号：…，姓名：…), the way many seized dumps are written (read as a table of their keys); the first
        # 200,000 lines of each also line by line as free text
        keys = ("订单号", "姓名", "手机号", "身份证号", "地址")
        for label, how, name, write in (
                ("text dump of rows (----)", "a table", "dump-rows.txt", lambda line: line.replace(",", "----")),
                ("key-value dump of the rows", "key-value records", "dump-kv.txt",
                 lambda line: "，".join(f"{k}：{v}" for k, v in zip(keys, line.rstrip("\n").split(","))) + "\n")):
            dump = Path(tmp) / name
            with open(csv_path, encoding="utf-8") as src, open(dump, "w", encoding="utf-8") as f:
                next(src)
                for line in src:
                    f.write(write(line))
            as_dump(dump, label, how, args.rows, args.workers)
        # the text dump: 2,000 synthetic documents (reports, chats, cards, forms) repeated to --text-mb, as a
        # dump repeats its records; each distinct record is detected once, so the same documents without
        # repeats are timed as well: that figure is what text that never repeats gets
        docs = [d.text for d in g.corpus(2000)]
        unit = "\n\n".join(docs) + "\n"
        reps = max(1, int(args.text_mb * 1e6 / len(unit.encode())))
        txt = Path(tmp) / "dump.txt"
        with open(txt, "w", encoding="utf-8") as f:
            for _ in range(reps):
                f.write(unit)
        once = Path(tmp) / "dump-once.txt"
        once.write_text(unit, encoding="utf-8")
        tsize, osize = txt.stat().st_size / 1e6, once.stat().st_size / 1e6
        print(f"text dump: {tsize:.0f} MB, {reps} copies of {osize:.1f} MB of documents")
        for workers in sorted({1, args.workers}):
            result, t_text = timed_scan(txt, workers)
            print(f"  piguard scan, {workers} worker(s), best of 2  {tsize / t_text:8.1f} MB/s (target >= 50), "
                  f"{result['records']:,} records ({result['inputs'][0]['unit']}s), {result['excluded'].get('duplicate', 0):,} duplicates")
            result, t_once = timed_scan(once, workers, runs=1)
            print(f"    the documents once (no record repeated)  {osize / t_once:8.1f} MB/s, {result['records']:,} records")


if __name__ == "__main__":
    main()
