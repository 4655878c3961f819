"""What the generator hands out: labelled texts and tables, and the vocabulary of their labels."""

from __future__ import annotations

from dataclasses import dataclass, field

from piguard.detect.identifiers import Status

IDENTIFIER_TYPES = ("resident_id", "mobile", "landline", "bank_card", "uscc", "passport", "travel_permit", "plate", "vin",
                    "email", "ip_address", "mac_address", "imei", "qq", "wechat", "gps", "postal_code", "birth_date",
                    "verification_code", "password", "hmt_id")
TYPES = IDENTIFIER_TYPES + ("name", "address")

VALID, INVALID, MASKED, UNVERIFIED = (s.value for s in (Status.VALID, Status.INVALID, Status.MASKED, Status.UNVERIFIED))
STATUSES = (VALID, INVALID, MASKED, UNVERIFIED)
KINDS = ("kv", "paragraph", "chat")


@dataclass(frozen=True)
class Span:
    """``text[start:end]`` is a value of ``type`` exactly as written (any +86, separators, full-width digits)."""

    start: int
    end: int
    type: str
    status: str       # valid | invalid | masked | unverified


@dataclass(frozen=True)
class LabelledText:
    """A synthetic document and every piece of personal information in it.

    ``negatives`` are the (start, end) offsets of the inserted hard negatives: text that looks like PI
    but is not (order numbers, timestamps, amounts …); a detector should find nothing there.
    """

    text: str
    spans: tuple[Span, ...]
    kind: str         # kv | paragraph | chat
    negatives: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True)
class LabelledTable:
    """A synthetic table. ``cells`` labels non-empty PI cells as (row, column, type, status), the whole cell
    being the value; ``column_types`` maps each header to the type its column holds, None for non-PI columns."""

    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    cells: tuple[tuple[int, int, str, str], ...]
    column_types: dict[str, str | None] = field(default_factory=dict, hash=False)
