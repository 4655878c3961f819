"""What every identifier module shares: the exceptions ``validate()`` raises, check algorithms, and the
:class:`Recognizer` record through which the detector finds a module's values in text.

A module is self-contained (python-stdnum shape): ``compact()``, ``validate()``, ``is_valid()``,
``format()``, ``mask()`` and, where the identifier has one, ``calc_check_digit()``; doctests show use.
A new identifier is a new file here that defines ``RECOGNIZER``; nothing else needs to change.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import Enum
from typing import Callable

FULL_TO_HALF = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}
_SEPARATORS = re.compile(r"[\s\-·.]")


class ValidationError(ValueError):
    """The value is not a valid identifier of this kind."""


class InvalidFormat(ValidationError):
    """Wrong characters or structure."""


class InvalidLength(ValidationError):
    """Wrong number of characters."""


class InvalidChecksum(ValidationError):
    """The structure is right but the check digit is wrong (untrue information, Interp. Art. 11 ¶3)."""


class InvalidComponent(ValidationError):
    """A part of the value is impossible (a region code, a date, an unallocated prefix)."""


class Status(str, Enum):
    VALID = "valid"            # passes the validator
    INVALID = "invalid"        # right structure, fails the check: located, but untrue information
    MASKED = "masked"          # already masked (138****5678): never identifying
    UNVERIFIED = "unverified"  # no validator exists for this kind (QQ number, WeChat ID)

    # a status equals its value ("valid"), so it hashes as its value does; and str's hash is in C, where
    # Enum's is a Python call on every dict lookup of the hot path
    __hash__ = str.__hash__


def compact(value: str, strip: str = " -") -> str:
    """Full-width to half-width and drop separators.

    >>> compact('１３８ １２３４-５６７８')
    '13812345678'
    """
    if not value.isascii():
        value = value.translate(FULL_TO_HALF)
    for ch in strip:
        if ch in value:
            value = value.replace(ch, "")
    return value.strip()


def luhn_checksum(digits: str) -> int:
    """ISO/IEC 7812 Luhn: 0 for a valid number.

    >>> luhn_checksum('79927398713')
    0
    """
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = ord(ch) - 48
        if i % 2:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10


def luhn_check_digit(partial: str) -> str:
    """The Luhn digit to append to ``partial``.

    >>> luhn_check_digit('7992739871')
    '3'
    """
    return str((10 - luhn_checksum(partial + "0")) % 10)


def mask_middle(value: str, keep_head: int, keep_tail: int, char: str = "*") -> str:
    """``13812345678`` → ``138****5678``; never reveals more than head + tail.

    >>> mask_middle('13812345678', 3, 4)
    '138****5678'
    >>> mask_middle('abc', 3, 4)
    '***'
    """
    if len(value) <= keep_head + keep_tail:
        return char * len(value)
    return value[:keep_head] + char * (len(value) - keep_head - keep_tail) + value[len(value) - keep_tail:]


def checker(validate: Callable[[str], object]) -> Callable[[str], Status | None]:
    """A recognizer's check from a module's ``validate``: VALID, INVALID when only the check digit is
    wrong (located, but untrue information), None when the candidate is not this kind at all."""
    def check(candidate: str) -> Status | None:
        try:
            validate(candidate)
        except InvalidChecksum:
            return Status.INVALID
        except ValueError:
            return None
        return Status.VALID
    return check


def validity(validate: Callable[[str], object]) -> Callable[[str], bool]:
    """A module's ``is_valid``: does a value pass its ``validate`` (which raises a ValueError when not)?

    >>> is_valid = validity(int)
    >>> is_valid("12"), is_valid("x")
    (True, False)
    """
    def is_valid(value: str) -> bool:
        try:
            return bool(validate(value))
        except ValueError:
            return False
    is_valid.__doc__ = f"Does a value pass ``{getattr(validate, '__name__', 'validate')}``?"
    return is_valid


def valid_only(is_valid: Callable[[str], bool], status: Status = Status.VALID) -> Callable[[str], Status | None]:
    """A recognizer's check for kinds without a check digit: ``status`` when the value is well-formed."""
    return lambda candidate: status if is_valid(candidate) else None


MAX_OCR_SPACES = 3


def ocr_tolerant(check: Callable[[str], Status | None]) -> Callable[[str], Status | None]:
    """For the OCR variant of a pattern (single stray spaces anywhere): only candidates that do have one
    to three spaces — clean values are the plain pattern's — then the kind's own check."""
    def with_spaces(candidate: str) -> Status | None:
        n = candidate.count(" ")
        return check(candidate) if 0 < n <= MAX_OCR_SPACES else None
    with_spaces.needs_space = True          # a text without a space holds no such value (the cell filter's cue)
    return with_spaces


@dataclass(frozen=True)
class Recognizer:
    """How the detector finds one kind of identifier.

    ``patterns`` are candidate regexes portable across Python ``re`` and Hyperscan: ASCII classes
    (``[0-9]``, never ``\\d``), no look-arounds, no ``\\b``; boundaries are checked after matching
    (``boundary``). ``check`` decides the status of a compacted candidate, or returns None when the
    candidate is not this kind at all. ``keywords`` are context words (Chinese, English, pinyin
    abbreviations); with ``keyword_required`` a candidate counts only near one of them.
    """

    type: str
    label_zh: str
    patterns: tuple[str, ...]
    check: Callable[[str], Status | None]
    mask: Callable[[str], str]
    keywords: tuple[str, ...] = ()
    keyword_required: bool = False
    priority: int = 50                      # higher wins an overlap
    boundary: str = "alnum"                 # alnum: neighbours must not be [0-9A-Za-z]; digit: not [0-9]; none
    normalize: Callable[[str], str] = compact
    high_without_context: bool = True       # a VALID value is high confidence even without a keyword
    invalid_needs_context: bool = False     # an INVALID value is reported only near a keyword or in its column
    column_headers: tuple[str, ...] = field(default=())   # header words that name this kind (the strongest context)
    # keywords (of ``keywords``) that may also follow a keyword-required value, glued to it (1980年1月1日出生)
    keywords_after: tuple[str, ...] = field(default=())

    def __post_init__(self) -> None:
        if not set(self.keywords_after) <= set(self.keywords):
            raise ValueError(f"{self.type}: keywords_after must be among the keywords")
        for p in self.patterns:
            if "\\d" in p or "\\b" in p or "(?<" in p or "(?=" in p or "(?!" in p:
                raise ValueError(f"{self.type}: pattern must be portable (no \\d, \\b or look-arounds): {p}")
