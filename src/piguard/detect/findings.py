"""A finding: what was found where, how sure, and why. Its value is never shown unmasked by default."""

from __future__ import annotations

from typing import NamedTuple

from piguard.detect.identifiers._base import Status

HIGH, MEDIUM, LOW = "high", "medium", "low"
CONFIDENCE_ORDER = {LOW: 0, MEDIUM: 1, HIGH: 2}


class Finding(NamedTuple):
    """One piece of personal information located in a text.

    ``value`` is the normalised value (digits half-width, separators dropped). It is evidence: ``repr``,
    ``str`` and :meth:`explain` show only ``masked``; read ``value`` explicitly when you must.

    Immutable, and a tuple underneath: a dense text makes one for every forty bytes or so, and a tuple is
    made four times faster than a frozen dataclass (whose fields are set one by one through
    ``object.__setattr__``). Being a tuple, it holds ``value`` among its items: write a finding out only
    through :meth:`explain` (or its ``masked``), never as the tuple it is.

    >>> f = Finding("mobile", 0, 11, "13812345678", "138****5678", Status.VALID, HIGH)
    >>> repr(f)
    "Finding(type='mobile', start=0, end=11, masked='138****5678', status='valid', confidence='high')"
    """

    type: str
    start: int                      # character offsets in the scanned text, end exclusive
    end: int
    value: str
    masked: str
    status: Status
    confidence: str
    reasons: tuple[str, ...] = ()
    label_zh: str = ""
    priority: int = 0

    @property
    def identifying(self) -> bool:
        """Counts as identifying information: not masked, and not failing its own check."""
        return self.status in (Status.VALID, Status.UNVERIFIED)

    def __repr__(self) -> str:              # never the value
        return (f"Finding(type={self.type!r}, start={self.start}, end={self.end}, masked={self.masked!r}, "
                f"status={self.status.value!r}, confidence={self.confidence!r})")

    def __str__(self) -> str:
        return f"{self.type}[{self.start}:{self.end}] {self.masked} ({self.status.value}, {self.confidence})"

    def explain(self, reveal: bool = False) -> dict:
        return {"type": self.type, "label_zh": self.label_zh, "span": [self.start, self.end],
                "value": self.value if reveal else self.masked, "status": self.status.value,
                "confidence": self.confidence, "reasons": list(self.reasons)}
