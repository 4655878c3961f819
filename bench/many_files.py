"""A folder of many small files (a phone's export, a system's file a day): ``piguard scan`` files/s and rows/s
against reading each file with ``polars.read_csv`` in the same run. Per-file costs dominate here, not
per-row ones.

    .venv/bin/python bench/many_files.py [--files 2000] [--rows 20] [--workers 1]

Rows are synthetic (piguard.synth): name, mobile, resident ID and address, 5,000 distinct people.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import polars as pl

from piguard.count.run import scan
from piguard.synth import Generator

SEED = 9


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--files", type=int, default=2000)
    ap.add_argument("--rows", type=int, default=20)
    ap.add_argument("--workers", type=int, default=1)
    args = ap.parse_args()
    g = Generator(SEED)
    people = [g.record() for _ in range(5000)]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for k in range(args.files):
            with open(folder / f"{k:06d}.csv", "w", encoding="utf-8") as f:
                f.write("姓名,手机号,身份证号,地址\n")
                for i in range(args.rows):
                    p = people[(k * args.rows + i) % len(people)]
                    f.write(f"{p['name']},{p['mobile']},{p['resident_id']},{p['address']}\n")
        files = sorted(folder.iterdir())
        t0 = time.perf_counter()
        for path in files:
            pl.read_csv(path)
        t_polars = time.perf_counter() - t0
        t0 = time.perf_counter()
        result = scan([str(folder)], workers=args.workers)
        t_scan = time.perf_counter() - t0
        n = args.files * args.rows
        print(f"{args.files:,} files of {args.rows} rows")
        print(f"  polars.read_csv, file by file   {args.files / t_polars:8,.0f} files/s  {n / t_polars:10,.0f} rows/s")
        print(f"  piguard scan, {args.workers} worker(s)        {args.files / t_scan:8,.0f} files/s  {n / t_scan:10,.0f} rows/s"
              f"  = {t_polars / t_scan:.1%} of polars' reading; {result['pieces_total']:,} pieces")


if __name__ == "__main__":
    main()
