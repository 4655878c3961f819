"""A whole scan: inputs → records → pieces, as schema ``piguard.scan/1`` (with a ``facts`` block that
``piguard assess`` accepts), optionally writing the evidence table of every record's verdict."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict
from typing import Callable, Sequence, TextIO

from piguard.count.evidence import CsvEvidence, ParquetEvidence
from piguard.count.pieces import MAX_BUYERS, Tally
from piguard.count.schema import SCHEMA
from piguard.count.workers import default_workers, detected
from piguard.detect.detector import Detector, default_detector
from piguard.scan.inputs import InputReport, Meter, input_bytes, read_inputs
from piguard.scan.records import Batch

AUTO_WORKERS_BYTES = 32 * 2**20     # below this, starting worker processes costs more than it saves


def check_buyers(labelled: Sequence[tuple[str | None, str]]) -> None:
    """At most ``MAX_BUYERS`` different buyers among parsed labels (each is a bit of the de-duplication mask)."""
    buyers = {b for b, _ in labelled if b is not None}
    if len(buyers) > MAX_BUYERS:
        raise ValueError(f"{len(buyers)} buyers labelled; piguard tells apart at most {MAX_BUYERS} in one scan")


def parse_label(text: str) -> tuple[str | None, str]:
    """``obtained=DIR`` → (None, DIR); ``sold:buyerA=DIR`` or ``provided:buyerA=DIR`` → ("buyerA", DIR).

    >>> parse_label("sold:甲公司=evidence/to_a"), parse_label("obtained=evidence/in")
    (('甲公司', 'evidence/to_a'), (None, 'evidence/in'))
    """
    act, sep, path = text.partition("=")
    kind, _, buyer = act.partition(":")
    if not sep or not path or kind not in ("obtained", "sold", "provided") or (kind == "obtained") == bool(buyer):
        raise ValueError(f"label {text!r}: expected obtained=PATH, sold:BUYER=PATH or provided:BUYER=PATH")
    return (buyer or None), path


def scan(paths: Sequence[str], encoding: str | None = None, evidence: TextIO | CsvEvidence | ParquetEvidence | None = None,
         detector: Detector | None = None, progress: Callable[[int, int, int], None] | None = None,
         labels: Sequence[str] = (), reveal: bool = False, workers: int = 1, text_records: str = "auto") -> dict:
    """Scan ``paths`` (and labelled paths) and count pieces. ``progress(records, bytes_read, bytes_total)`` is
    called after each batch. ``evidence`` receives a row per record (masked values only): a text stream gets
    CSV, or give a table from :func:`piguard.count.evidence.open_evidence` (CSV or Parquet; the caller
    closes it). ``labels`` say what happened to the data under a path (see :func:`parse_label`).
    ``reveal`` keeps the unmasked values of the samples as well (``revealed``), for a report made with --reveal.
    ``workers`` processes detect (see :mod:`piguard.count.workers`); the result does not depend on their number
    (0: one per core when the inputs exceed ``AUTO_WORKERS_BYTES``, else one). ``text_records``: line,
    paragraph or auto, what a record of a plain-text file is (see :func:`piguard.scan.readers.text_unit`)."""
    labelled = sorted((parse_label(lb) for lb in labels), key=lambda bp: -len(bp[1]))
    check_buyers(labelled)
    paths = list(paths) + [p for _, p in labelled if p not in paths]

    def buyer_of(source_path: str) -> str | None:
        for buyer, prefix in labelled:
            if source_path == prefix or source_path.startswith(prefix.rstrip("/") + "/"):
                return buyer
        return None

    d = detector or default_detector()
    if workers <= 0:
        workers = default_workers() if input_bytes(paths) > AUTO_WORKERS_BYTES else 1
    tally = Tally(reveal=reveal)
    inputs: list[InputReport] = []
    writer = None if evidence is None else evidence if hasattr(evidence, "writerow") else CsvEvidence(evidence)
    try:
        meter = Meter()
        _consume(read_inputs(paths, encoding, meter=meter, text_records=text_records), d, tally, inputs, writer, buyer_of,
                 progress and (lambda n: progress(n, meter.position, meter.total)), workers)
    finally:
        tally.close()
    return _result(tally, inputs, bool(getattr(d, "ner", False)))


def _consume(items, d, tally, inputs, writer, buyer_of, progress, workers: int = 1) -> None:
    records = 0
    crowded: list[tuple[str, str, str, int]] = []      # (source path, locator, kind, values) of an input still read
    for item, detection in detected(items, d, tally.profiles, workers):
        if isinstance(item, InputReport):
            mine = [c for c in crowded if c[0] == item.path or c[0].startswith(item.path + "#")]
            if mine:
                item.warnings.append(crowded_note(mine))
                crowded = [c for c in crowded if c not in mine]
            inputs.append(item)
            continue
        batch: Batch = item
        crowded += [(batch.source.path, batch.locate(i), kind, n) for i, kind, n in detection.crowded]
        buyer = buyer_of(batch.source.path)

        def emit(i, v, found, batch=batch):
            writer.writerow((batch.source.path, batch.locate(i),
                             "counted" if v.counted else "excluded", v.category or v.reason, v.alternative or "",
                             v.person or "", " ".join(f.masked for f in found), "; ".join(v.why)))

        tally.take(detection, batch.where, buyer, emit if writer else None)
        records += len(batch)
        tally.records = records
        if progress:
            progress(records)


def crowded_note(records: list[tuple[str, str, str, int]]) -> str:
    """What the input report says of records that hold many people's values (see ``pieces.crowded``)."""
    where = "; ".join(f"{path} {loc}: {n} {kind}" for path, loc, kind, n in records[:3]) + ("; …" if len(records) > 3 else "")
    return (f"{len(records)} record(s) each hold the values of many people ({where}): a record counts as one piece "
            f"(Interp. Art. 11), so if each holds many people's records the count is too low — read the file in "
            f"another unit (--text-records) or convert it to a table")


def _result(tally: Tally, inputs: list, ner: bool = False) -> dict:
    partial = any(r.errors for r in inputs)
    contested = [{"count": n, "from": c, "to": a} for (c, a), n in sorted(tally.contested.items())]
    return {
        "schema": SCHEMA,
        "created": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "partial": partial,
        "revealed": tally.reveal,
        "inputs": [asdict(r) for r in inputs],
        "records": tally.records,
        "pieces": dict(sorted(tally.pieces.items())),
        "pieces_total": sum(tally.pieces.values()),
        "persons": tally.persons,
        "excluded": dict(sorted(tally.excluded.items())),
        "types": {f"{k}/{s}": n for (k, s), n in sorted(tally.types.items())},
        "detector": {"ner": ner},
        "contested": contested,
        "samples": tally.samples,
        "facts": {"schema": "piguard.facts/1", "acts": ["obtain"], "pieces": dict(sorted(tally.pieces.items())),
                  "contested": [c for c in contested if c["count"] > 0]},
    }

