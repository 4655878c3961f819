"""A finding: what was found where, how sure, and why. Its value is never shown unmasked by default."""

from __future__ import annotations

from dataclasses import dataclass, field

from piguard.detect.identifiers._base import Status

HIGH, MEDIUM, LOW = "high", "medium", "low"
CONFIDENCE_ORDER = {LOW: 0, MEDIUM: 1, HIGH: 2}


@dataclass(frozen=True, slots=True)
class Finding:
    """One piece of personal information located in a text.

    ``value`` is the normalised value (digits half-width, separators dropped). It is evidence: ``repr``,
    ``str`` and :meth:`explain` show only ``masked``; read ``value`` explicitly when you must.
    """

    type: str
    start: int                      # character offsets in the scanned text, end exclusive
    end: int
    value: str = field(repr=False)
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

    def __str__(self) -> str:
        return f"{self.type}[{self.start}:{self.end}] {self.masked} ({self.status.value}, {self.confidence})"

    def explain(self, reveal: bool = False) -> dict:
        return {"type": self.type, "label_zh": self.label_zh, "span": [self.start, self.end],
                "value": self.value if reveal else self.masked, "status": self.status.value,
                "confidence": self.confidence, "reasons": list(self.reasons)}
