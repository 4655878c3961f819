"""Scoring a detector against labelled texts: a finding is a true positive when it has the labelled type and
overlaps a not yet matched labelled span by at least half of their union (IoU >= 0.5); every other finding
is a false positive and every unmatched span a false negative. Used by ``bench/detect_quality.py`` and by
the tests of the hand-written corpus.
"""

from __future__ import annotations

from collections import Counter
from typing import Callable, Sequence

from piguard.synth.model import LabelledText, Span


def iou(a: tuple[int, int], b: tuple[int, int]) -> float:
    inter = max(0, min(a[1], b[1]) - max(a[0], b[0]))
    union = max(a[1], b[1]) - min(a[0], b[0])
    return inter / union if union else 0.0


def rates(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    """Precision, recall and F1 of counts of true positives, false positives and false negatives (0 where a
    ratio has nothing to divide by).

    >>> rates(3, 1, 1), rates(0, 0, 0)
    ((0.75, 0.75, 0.75), (0.0, 0.0, 0.0))
    """
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def match(found: Sequence, truth: Sequence[Span], label_of: Callable[[str], str | None] = lambda t: t):
    """Each finding paired with the not yet matched labelled span of its label (``label_of`` its type; None:
    the finding is not scored) that it overlaps most, by at least half of their union. Returns the pairs,
    the findings left over (false positives) and the spans left over (false negatives)."""
    used = [False] * len(truth)
    pairs, extra = [], []
    for f in found:
        label = label_of(f.type)
        if label is None:
            continue
        best, j = 0.0, -1
        for i, s in enumerate(truth):
            if not used[i] and s.type == label:
                v = iou((f.start, f.end), (s.start, s.end))
                if v > best:
                    best, j = v, i
        if best >= 0.5:
            used[j] = True
            pairs.append((f, truth[j]))
        else:
            extra.append(f)
    return pairs, extra, [s for i, s in enumerate(truth) if not used[i]]


def score_text(docs: Sequence[LabelledText], det) -> tuple[Counter, Counter, Counter, Counter, Counter, list]:
    """Per type: true positives, false positives, false negatives, matches whose status agrees; labelled spans
    per kind of document; and the first 40 errors with some context (synthetic or invented people only)."""
    tp, fp, fn, same_status, by_kind = Counter(), Counter(), Counter(), Counter(), Counter()
    misses: list = []
    for doc in docs:
        pairs, extra, missed = match(det.detect(doc.text), doc.spans)
        for f, s in pairs:
            tp[f.type] += 1
            same_status[f.type] += f.status.value == s.status
        for f in extra:
            fp[f.type] += 1
            if len(misses) < 40:
                misses.append(("FP", f.type, doc.kind, doc.text[max(0, f.start - 12):f.end + 6]))
        by_kind[doc.kind] += len(doc.spans)
        for s in missed:
            fn[s.type] += 1
            if len(misses) < 40:
                misses.append(("FN", s.type, doc.kind, doc.text[max(0, s.start - 12):s.end + 6]))
    return tp, fp, fn, same_status, by_kind, misses
