"""Three-valued, cited results and the trace that every explanation is rendered from."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import Any, Iterable


class Tri(str, Enum):
    """met / not met / undetermined (a fact the rule needs is unknown, or the point is for the court)."""

    MET = "met"
    NOT_MET = "not_met"
    UNDETERMINED = "undetermined"

    @staticmethod
    def of(value: bool | None) -> "Tri":
        if value is None:
            return Tri.UNDETERMINED
        return Tri.MET if value else Tri.NOT_MET

    @staticmethod
    def any(values: Iterable["Tri"]) -> "Tri":
        """Three-valued OR: met if one is met, else undetermined if one is undetermined."""
        vals = list(values)
        if Tri.MET in vals:
            return Tri.MET
        return Tri.UNDETERMINED if Tri.UNDETERMINED in vals else Tri.NOT_MET

    @staticmethod
    def all(values: Iterable["Tri"]) -> "Tri":
        """Three-valued AND."""
        vals = list(values)
        if Tri.NOT_MET in vals:
            return Tri.NOT_MET
        return Tri.UNDETERMINED if Tri.UNDETERMINED in vals else Tri.MET


@dataclass(frozen=True)
class Finding:
    """One rule's answer, carrying the provision it applies and why (in English and Chinese)."""

    rule: str                      # the function that decided, e.g. art5_p1_i3_sensitive_50
    provision: str                 # provision id, e.g. interp2017.art5.p1.i3
    met: Tri
    en: str
    zh: str
    kind: str = "ground"           # ground | element | factor | frame | flag | note
    values: dict[str, Any] = field(default_factory=dict)
    params: tuple[str, ...] = ()   # parameter ids the rule read
    catch_all: bool = False        # a 兜底 item: never fires by itself, reserved for the court

    def text(self, lang: str) -> str:
        return self.zh if lang == "zh" else self.en


class Trace(list):
    """The run's record: every rule considered, in order, including those that did not fire."""

    def add(self, finding: Finding) -> Finding:
        self.append(finding)
        return finding

    def of_kind(self, kind: str) -> list[Finding]:
        return [f for f in self if f.kind == kind]
