"""Memory at scale: peak RSS of ``piguard scan`` over N generated records, streamed to a temporary CSV.

    .venv/bin/python bench/scan_scale.py [--records 100000000] [--tmp DIR]

The generator writes rows in chunks (never holding them in memory); the scan runs in a child process so
its peak RSS (ru_maxrss) is measured alone. Also prints bytes of RSS per record, to extrapolate from a
smaller run. Target: 100 million records under 4 GB.
"""

from __future__ import annotations

import argparse
import csv
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from piguard.count.keyindex import MEMORY, RUN_MAX
from piguard.count.workers import default_workers
from piguard.synth import Generator

CHILD = """
import resource, sys, time
from piguard.count.run import scan
t0 = time.perf_counter()
r = scan([sys.argv[1]], workers=int(sys.argv[2]))
dt = time.perf_counter() - t0
print(r["records"], r["pieces_total"], dt, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
      resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""


def write_rows(path: Path, n: int) -> None:
    g = Generator(777)
    people = [g.record() for _ in range(5000)]
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(("编号", "姓名", "手机号", "身份证号"))
        for i in range(n):
            p = people[i % len(people)]
            # a distinct mobile per record keeps every record a new piece: the de-duplication set grows with n
            mobile = f"1{3 + i % 7}{i % 10}{i % 100_000_000:08d}"
            w.writerow((i, p["name"], mobile, p["resident_id"] if i % 3 == 0 else ""))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--records", type=int, default=100_000_000)
    ap.add_argument("--tmp", default=None)
    ap.add_argument("--workers", type=int, default=default_workers())
    ap.add_argument("--keep", type=Path, default=None, help="write the generated CSV here and keep it; when it exists "
                    "already (from a run with the same --records), scan it without generating it again")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(dir=args.tmp) as tmp:
        path = args.keep or Path(tmp) / "scale.csv"
        if path.exists() and args.keep:
            print(f"reusing {path} ({path.stat().st_size / 1e9:.2f} GB)")
        else:
            t0 = time.perf_counter()
            write_rows(path, args.records)
            print(f"generated {args.records:,} records ({path.stat().st_size / 1e9:.2f} GB) in "
                  f"{time.perf_counter() - t0:.0f} s")
        base = subprocess.run([sys.executable, "-c", "import resource, piguard.count.run; "
                               "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)"],
                              capture_output=True, text=True, check=True)
        out = subprocess.run([sys.executable, "-c", CHILD, str(path), str(args.workers)], capture_output=True, text=True,
                             check=True)
        records, pieces, seconds, rss_kb, workers_kb = out.stdout.split()
        rss, floor, worker = int(rss_kb) * 1024, int(base.stdout) * 1024, int(workers_kb) * 1024
        print(f"scan: {int(records):,} records, {int(pieces):,} pieces in {float(seconds):.0f} s "
              f"({int(records) / float(seconds):,.0f} records/s)")
        total = rss + worker * (args.workers if args.workers > 1 else 0)
        # a table is detected in threads of the scanning process; worker processes start only for text
        helpers = (f"{worker / 1e9:.2f} GB in the largest of {args.workers} worker process(es)" if worker
                   else f"no worker process (the table was detected in {args.workers} thread(s) of the scanning process)")
        print(f"peak RSS {rss / 1e9:.2f} GB in the scanning process (import floor {floor / 1e9:.2f} GB), {helpers}; "
              f"all together at most {total / 1e9:.2f} GB; target < 4 GB: {'met' if total < 4e9 else 'NOT met'} for this run")
        print(f"de-duplication: the newest {RUN_MAX:,} keys in a hash table, then sorted runs; past {MEMORY / 2**20:,.0f} MiB "
              "of runs they move to memory-mapped files (a Bloom filter of 10-20 bits a key stays in memory)")


if __name__ == "__main__":
    main()
