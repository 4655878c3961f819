"""How fast is the liability engine? Prints assessments per second against a parse-only baseline.

    .venv/bin/python bench/assess_throughput.py [N]

The baseline (validating the facts) runs in the same process, so the ratio is comparable across machines.
"""

from __future__ import annotations

import random
import sys
import time

from piguard import assess, parse_facts
from piguard.law.provisions import load_law

CATEGORIES = ["whereabouts", "communication_content", "credit", "property", "accommodation",
              "communication_records", "health", "transaction", "other_safety", "general"]


def synthetic_facts(rng: random.Random) -> dict:
    pieces = {c: rng.choice([0, 0, 0, int(10 ** rng.uniform(0, 4.8))]) for c in CATEGORIES}
    some = next(c for c in CATEGORIES if pieces[c]) if any(pieces.values()) else "general"
    return {"acts": rng.sample(["obtain", "sell", "provide"], rng.randint(1, 3)), "pieces": pieces,
            "illegal_income": int(10 ** rng.uniform(0, 5)),
            "offender": {"duty_or_service": rng.random() < 0.4, "surrender": rng.random() < 0.2,
                         "role": rng.choice(["principal", "accomplice"])},
            "contested": [{"count": pieces[some], "from": some, "to": "general" if some != "general" else "excluded"}]
            if pieces[some] else []}


def main(n: int) -> None:
    rng = random.Random(20171001)
    raw = [synthetic_facts(rng) for _ in range(n)]
    load_law()                                   # data loading is a one-off, not part of the per-case cost
    t0 = time.perf_counter()
    parsed = [parse_facts(d) for d in raw]
    t1 = time.perf_counter()
    tiers: dict[str, int] = {}
    for f in parsed:
        a = assess(f)
        tiers[a.circumstance] = tiers.get(a.circumstance, 0) + 1
    t2 = time.perf_counter()
    parse_rate, assess_rate = n / (t1 - t0), n / (t2 - t1)
    print(f"cases                 {n}")
    print(f"parse facts (baseline) {parse_rate:,.0f} /s")
    print(f"assess (full, incl. contested readings and trace) {assess_rate:,.0f} /s "
          f"({(t2 - t1) / n * 1000:.2f} ms per case)")
    print(f"ratio assess/parse     {parse_rate / assess_rate:.1f}x slower than validation alone")
    print(f"tiers                  {dict(sorted(tiers.items()))}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 2000)
