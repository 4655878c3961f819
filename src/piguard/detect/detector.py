"""The detector: one scan, validators on candidates only, context, confidence, overlaps resolved.

>>> d = default_detector()
>>> [str(f) for f in d.detect('客户姓名：张三，手机：１３８-１２３４-５６７８，身份证号11010519491231002X')]
['name[5:7] 张* (valid, high)', 'mobile[11:24] 138****5678 (valid, high)', 'resident_id[29:47] 110105********002X (valid, high)']
"""

from __future__ import annotations

import bisect
import gc
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterator, Sequence

import numpy as np

from piguard import native
from piguard.detect import addresses, lexicon, names
from piguard.detect import ner as ner_model
from piguard.detect.engine import ALNUM_CHARS as _ALNUM
from piguard.detect.engine import make_scanner
from piguard.detect.findings import HIGH, LOW, MEDIUM, Finding
from piguard.detect.gazetteer import place_names, surnames
from piguard.detect.identifiers import RECOGNIZERS, Recognizer, Status
from piguard.detect.normalize import normalize

KEYWORD_BEFORE = 12     # a context word may end up to this many characters before a value
KEYWORD_AFTER = 4       # or start this close after it (13812345678（手机）)
TRIGGER_WINDOW = 32     # a keyword-required value must follow its keyword within this window
_SEP = re.compile(r"[ \t:：=＝是为号码#（(\"'>]{0,4}")      # also "qq":"123", <qq>123 (JSON, XML)
_LETTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
TEXT_ABBREVIATIONS = frozenset({"qq", "ip", "wx", "vx"})   # short ASCII keywords that do occur in running text
# single characters that are surnames but far more often function words: not the start of a 3-character name
# found only by the honorific after it (和李明先生 is 李明)
FUNCTION_CHARS = frozenset("和从与经有那第在给对把被让请叫是也都还就又及同跟位将为由以等这哪")
# common surnames that are also prepositions (于, 向, 时): a name start only right after a break
AMBIGUOUS_SURNAMES = frozenset("于向时於")
_HAN_RUN = re.compile(r"[\u4e00-\u9fff]{2,6}")   # a name of up to 4 and the start of what follows it
_NAME_BREAKS = frozenset("。，,；;、！？!?:：\n \t（(“\"")
# what may stand right before a name that opens a clause: a break, a preposition (据, 由, 让 …), or the 的 of whose
# it is (隔壁的宁海涛, 三班的卓一凡)
_CLAUSE_HEADS = _NAME_BREAKS | names.PERSON_PREPOSITIONS | {"的"}
# a name that opens a field right before one of these values (张三 13812345678) is a name
_NAME_NEIGHBOURS = {"mobile": "mobile number", "resident_id": "resident ID number"}
_BEFORE_VALUE = re.compile(r"([\u4e00-\u9fff]{2,4})[ \t,，、/|;；(（]{1,3}$")
_FIELD_OPENERS = frozenset("|/；;、")
_UNIT_ENDS = frozenset("部科处组室队班")          # how the name of a unit ends (市场部, 财务科, 一班)
_FIELD_KEY_ENDS = frozenset("号码址证件期型类额率数籍别")      # how field keys end (门牌号, 户籍, 性别), never a name
_CLAUSE_START = frozenset({"detail after", "action after"})       # found only where a clause starts
_FIELD_BREAK = re.compile(r"[，,；;、。|\n\t]|[ ]{2}|[:：]")
# a unit of money or measure right after a run of digits: the digits are an amount
_UNIT_AFTER = re.compile(r"[元万亿块角米吨斤克%‰]|美元|港元|公里|平方")
# after 某 or 某某 these start a word (某些, 某种, 某天, 某公司), not end a party's name
_MOU_WORDS = frozenset("些种个天人位项处地时日年月次件一方样事物段类公单银医学小市省县区镇村部店平网款家群科個種樣項類處")
# a name written into a form's box with spaces between its characters (张　三, 李 小 明, 王 小明); a gender is
# no given name (张 男)
_SPACED_NAME = re.compile(r"[\u4e00-\u9fff](?:[ \u3000]{1,2}[\u4e00-\u9fff]){1,2}(?![\u4e00-\u9fff])"
                          r"|[\u4e00-\u9fff][ \u3000]{1,2}[\u4e00-\u9fff]{2}(?![\u4e00-\u9fff])"
                          r"|[\u4e00-\u9fff]{2}[ \u3000]{1,2}[\u4e00-\u9fff]{1,2}(?![\u4e00-\u9fff])")   # 欧阳 娜娜
_SPEAKER = re.compile(r"[ \t]*([\u4e00-\u9fff]{2,4})")
# who a chat message is addressed to (@田晓东 明天…): a run of Han characters after @ that ends there
_MENTION = re.compile(r"@([\u4e00-\u9fff]{2,4})(?![\u4e00-\u9fff])")
# a count of people after a list of them (names.COUNT_AFTER, found by the scan; the longest word at a hit)
_COUNTED = re.compile(names.COUNT_DIGITS.pattern + "|" + "|".join(sorted(names.COUNT_AFTER, key=len, reverse=True)))
_LIST_JOINS = "和及与"
# keys ending in 人 or 者 that are no person's role (个人：, 他人：, 多人：)
_NOT_PERSON_KEYS = frozenset(("个人", "他人", "多人", "众人", "外人", "私人", "人人", "成人", "或者", "再者", "前者", "后者"))
_BREAKS_FOLDED = frozenset(normalize(names.STANDALONE_BREAKS))
_ALONE_BREAKS = re.escape("".join(sorted(set(names.STANDALONE_BREAKS) | _BREAKS_FOLDED)))
_SURNAME_STARTS = "".join(sorted(set(surnames()[0]) | {c[0] for c in surnames()[1]}))
# (a break opens the match, so that re's search skips ahead to breaks; the one closing it is left for the next)
_ALONE = re.compile(f"(?:^|[{_ALONE_BREAKS}])([{_SURNAME_STARTS}][\u4e00-\u9fff]{{1,3}})(?=[{_ALONE_BREAKS}]|$)", re.M)
# a surname and one or two given-name characters that are the whole value of a field (after a colon, before no
# other Han character or colon)
_GIVEN = "".join(sorted(names.given_chars()))
_FIELD_VALUE = re.compile(f"[：:][ \t\u3000]*((?:{'|'.join(sorted(surnames()[1]))}|[{''.join(sorted(surnames()[0]))}])"
                          f"[{_GIVEN}]{{1,2}})(?![\u4e00-\u9fff：:])")
WEAK_NAME = 50          # the priority of a name found by its look alone: an address or a number over it wins
LINE_REACH = 200        # how far a name on its own looks along its line for other personal information
# words that end the name of a building or an estate (恒隆广场, 阳光花园), never a person's
_PLACE_WORD = re.compile("广场|大厦|花园|公寓|小区|社区|胡同|单元|商场|中心")
STATUS_RANK = {Status.VALID: 3, Status.UNVERIFIED: 2, Status.MASKED: 2, Status.INVALID: 1}
_VALIDATOR = {s: f"validator: {s.value}" for s in Status}


def _speaker_labels(t: str) -> Iterator[tuple[int, int]]:
    r"""Spans of 2-4 Han characters that open a line (after spaces or tabs) and end at a colon (张三：…),
    in text order: found from the colons, so a long text is not walked line by line in Python.

    >>> list(_speaker_labels("张三：你好\n  李四:嗯 王五：好\n说明文字：无\n\t赵六 ：不算"))
    [(0, 2), (8, 10), (18, 22)]
    """
    colons = sorted(_positions(t, "：") + _positions(t, ":"))
    line = prev = 0
    for pos in colons:
        nl = t.rfind("\n", prev, pos)          # the line start moves only forward: linear in the text
        if nl >= 0:
            line = nl + 1
        prev = pos
        m = _SPEAKER.fullmatch(t, line, pos)
        if m:
            yield m.start(1), m.end(1)


def _han_start(t: str, end: int, most: int = 4) -> int:
    """Where the run of Han characters that ends at ``end`` starts, looking back at most ``most`` of them.

    >>> _han_start("经办人：尹志平，你好", 7), _han_start("abc张伟", 5), _han_start("甲乙丙丁戊己", 6)
    (4, 3, 2)
    """
    lo = end
    while lo > 0 and end - lo < most and "\u4e00" <= t[lo - 1] <= "\u9fff":
        lo -= 1
    return lo


def _whole_name(t: str, pos: int, name: str) -> bool:
    """After 我是 or 本人, which other words follow too (我是来问…, 本人承诺…): the name at ``pos`` ends the run
    of Han characters, or only 的 follows it (我是李娜的朋友).

    >>> _whole_name("我是李娜，", 2, "李娜"), _whole_name("我是李娜的朋友", 2, "李娜"), _whole_name("我是来问一下", 2, "来问")
    (True, True, False)
    """
    end = pos + len(name)
    return name[-1] not in names.SINGLE_FOLLOWERS and (end == len(t) or not "\u4e00" <= t[end] <= "\u9fff" or t[end] == "的"
                                                       or t[end] in names.NON_NAME_CHARS and names.plausible(name))


def _opens_line(t: str, pos: int) -> bool:
    r"""Only spaces or tabs stand between the start of ``pos``'s line and ``pos``.

    >>> _opens_line("x\n  卖家：好", 4), _opens_line("说卖家：好", 1)
    (True, False)
    """
    start = t.rfind("\n", 0, pos) + 1
    return not t[start:pos].strip(" \t")


def _clause_surnames() -> frozenset[str]:
    """The surnames a name that opens a clause may start with: not those that are mostly function words there
    (于, 向, 和, 在 …: no context tells them apart)."""
    return frozenset(surnames()[0]) - FUNCTION_CHARS - AMBIGUOUS_SURNAMES


@lru_cache(maxsize=1)
def _clause_name_flags() -> np.ndarray:
    """Per BMP code point, what it may be in a name that opens a clause (see ``_native.c``, clause_names): 1 a
    clause's start before it (a break, a preposition), 2 a surname, 4 a given-name character, 8 the end of a
    two-character word a clause may open with (names.CLAUSE_OPENERS)."""
    flags = np.zeros(0x10000, dtype=np.uint8)
    for bit, chars in ((1, _CLAUSE_HEADS), (2, _clause_surnames()), (4, names.given_chars()),
                       (8, {w[-1] for w in names.CLAUSE_OPENERS})):
        flags[[ord(c) for c in chars if ord(c) < 0x10000]] |= bit
    return flags


@lru_cache(maxsize=1)
def _clause_name_re() -> re.Pattern:
    """The same search for Python's ``re`` (where the compiled kernels are missing)."""
    given = _re_class(names.given_chars())
    starts = f"(?<![\\s\\S])|(?<={_re_class(_CLAUSE_HEADS)})|(?<={'|'.join(names.CLAUSE_OPENERS)})"
    return re.compile(f"(?:{starts}){_re_class(_clause_surnames())}{given}{given}(?=[\u4e00-\u9fff])")


def _clause_name_ends(t: str) -> Sequence[int]:
    """Where a surname and two given-name characters that open a clause (after a break, a preposition, the 的 of
    whose it is, or a word of names.CLAUSE_OPENERS) end before a Han character: one pass of the compiled kernel
    (a pattern of three large character classes has no literal for Hyperscan to start from, and slows its whole
    scan by a fifth)."""
    if native.available():
        return native.clause_names(t, _clause_name_flags(), names.CLAUSE_OPENERS).tolist()
    return [m.end() for m in _clause_name_re().finditer(t)]


def _hs_class(chars) -> str:
    """A Hyperscan character class (UTF-8 mode) of ``chars``, every one written as ``\\x{…}``."""
    return "[" + "".join(f"\\x{{{ord(c):x}}}" for c in sorted(chars)) + "]"


def _re_class(chars) -> str:
    """The same class for Python's ``re``."""
    return "[" + "".join(re.escape(c) for c in sorted(chars)) + "]"


def _positions(t: str, char: str) -> list[int]:
    out, pos = [], t.find(char)
    while pos >= 0:
        out.append(pos)
        pos = t.find(char, pos + 1)
    return out


NAME_LABEL, ADDRESS_LABEL = "姓名", "地址"


def _keep(value: str) -> str:
    return value


# a given-name character after a masked middle (李*华), ending the name
_MASKED_MIDDLE = re.compile(r"[\u4e00-\u9fff](?![\u4e00-\u9fff])")
# a name with its surname masked (*晓明, **明), ending at a non-Han character
_MASKED_SURNAME = re.compile(r"[*＊]{1,2}[\u4e00-\u9fff]{1,2}(?![\u4e00-\u9fff])")
_NOTE = re.compile(r"[(（\[【<《][^)）\]】>》]*[)）\]】>》]|[*＊]")


def _header_key(header: str) -> str:
    return re.sub(r"[\s_\-:：()（）]", "", normalize(header)).casefold()


@dataclass(slots=True)
class _Candidate:
    rec: Recognizer | None
    type: str
    start: int
    end: int
    value: str
    status: Status
    reasons: list[str]
    context: bool
    label: str
    priority: int
    mask: object            # the masking function, applied only to the chosen candidates

    def score(self) -> tuple:
        return (self.context, STATUS_RANK[self.status], self.priority, self.end - self.start)


def _after_key(t: str, s: int) -> int:
    """Where a value starts after the keyword ending at ``s``: past its separator, and past 在 or 于 after a
    word of living (家住在…, 现居住于…)."""
    e = names._SEP.match(t, s).end()
    return e + 1 if t[e:e + 1] in ("在", "于") else e


def _spaced_name(t: str, pos: int, compound) -> tuple[str, int] | None:
    """The name written with spaces inside at ``pos`` (张 三, 李 小 明, 欧阳 娜娜) and where it ends, without a
    gender written after it the same way (张 三 男); None when there is none."""
    m = _SPACED_NAME.match(t, pos)
    if not m:
        return None
    span = m.group()
    # a last character that is a gender, or the start of the next label spaced the same way (林　晓　性　别：)
    if span[-2] in " \u3000" and (span[-1] in "男女" or re.match(r"[ \u3000]{1,2}[\u4e00-\u9fff][:：]", t[pos + len(span):])):
        span = span[:-1].rstrip(" \u3000")
    joined = re.sub("[ \u3000]", "", span)
    if (len(joined) < 2 or joined[1] in "男女" or names.split_name(joined) != joined
            or not (span[1] in " \u3000" or joined[:2] in compound)):
        return None
    return joined, pos + len(span)


def _name_candidate(s: int, name: str, reasons: list[str], status: Status = Status.VALID, priority: int = 60,
                    context: bool = True, end: int | None = None) -> "_Candidate":
    """A name found at ``s`` (ending at ``end`` when written with spaces inside, 张　三). A surname with mask
    characters (周某某, 吴某: how judgments and case files write a party's name) is masked whichever rule
    found it, never a valid name."""
    if status is Status.VALID and "某" in name and names.masked_name(name):       # a Han run holds no * or X
        status = Status.MASKED
    return _Candidate(None, "name", s, s + len(name) if end is None else end, name, status, reasons, context, NAME_LABEL,
                      priority, _keep if status is Status.MASKED else names.mask)



HEX = frozenset("0123456789abcdefABCDEF")
HEX_LETTERS = frozenset("abcdefABCDEF")
DIGEST_MIN = 32                 # hex characters of the shortest digest written out (MD5); SHA-1 has 40, SHA-256 64


def in_hex_digest(t: str, s: int, e: int) -> bool:
    """Does ``t[s:e]`` (digits) stand inside a run of at least ``DIGEST_MIN`` hex characters with a letter
    next to it — a hash or key written in hex, where any run of digits is chance?

    >>> t = "sha256 9f86d" + "13812345678" + "a2b0b822cd15d6c15b0f00a08e3b"
    >>> in_hex_digest(t, 12, 23), in_hex_digest(t[:30], 12, 23)
    (True, False)
    >>> in_hex_digest("手机号abc13812345678", 9, 20)
    False
    """
    if not ((s > 0 and t[s - 1] in HEX_LETTERS) or (e < len(t) and t[e] in HEX_LETTERS)):
        return False
    a, b = s, e
    while a > 0 and t[a - 1] in HEX:
        a -= 1
    while b < len(t) and t[b] in HEX:
        b += 1
    return b - a >= DIGEST_MIN


class Detector:
    """Finds personal information in text. Build once (compiling the scanner takes a moment), reuse."""

    def __init__(self, recognizers: Sequence[Recognizer] = RECOGNIZERS, engine: str = "auto",
                 find_names: bool = True, find_addresses: bool = True, ner: bool = False):
        self.recognizers = tuple(recognizers)
        self.find_names, self.find_addresses = find_names, find_addresses
        if ner and not ner_model.available():
            raise RuntimeError("ner=True needs the optional extra: pip install 'piguard[ner]'")
        self.ner = ner
        patterns: list[str] = []
        self._pid_rec: list[Recognizer] = []
        for r in self.recognizers:
            if not r.keyword_required:
                for p in r.patterns:
                    patterns.append(p)
                    self._pid_rec.append(r)
        # keyword-required kinds are matched after their keyword, one pattern at a time, longest first
        self._triggered = {r: [re.compile(p) for p in r.patterns] for r in self.recognizers if r.keyword_required}
        # and a value glued before a keyword that may follow it (1980年1月1日出生): one pattern ending where the keyword starts
        self._triggered_before = {r: re.compile(f"(?:{'|'.join(r.patterns)})$") for r in self._triggered if r.keywords_after}
        roles: dict[str, list[tuple[str, object]]] = defaultdict(list)
        for r in self.recognizers:
            for kw in r.keywords:
                roles[kw.casefold()].append(("kw", r))
        if find_names:
            for kw in names.BEFORE:
                roles[kw.casefold()].append(("name_before", None))
            for kw in names.AFTER:
                roles[kw.casefold()].append(("name_after", "honorific after"))
            # these words hold full-width punctuation, which a text may hold as it is or folded (normalize)
            for why, words in (("gender after", names.GENDER_AFTER), ("detail after", names.DETAIL_AFTER),
                               ("action after", names.ACTION_AFTER)):
                for word in sorted({w for kw in words for w in (kw, normalize(kw))}):
                    roles[word.casefold()].append(("name_after", why))
            for word in names.COUNT_AFTER:
                roles[word].append(("name_after", "count after"))
            for word in ("，你", "，您", ",你", ",您"):
                roles[word].append(("name_after", "spoken to"))
            for word in ("人：", "人:", "者：", "者:"):
                roles[word].append(("name_after", "field key"))
        if find_addresses:
            for kw in addresses.KEYWORDS:
                roles[kw.casefold()].append(("addr_kw", None))
            for place, level in place_names().items():
                roles[place.casefold()].append(("place", level))
        # very short ASCII keywords (dh, xm, kh …) are column-header words: in running text they are noise
        self._literals = [k for k in roles if not (k.isascii() and len(k) <= 2) or k in TEXT_ABBREVIATIONS]
        self._roles = [roles[k] for k in self._literals]
        self._keyword_set = frozenset(k for k, rs in roles.items() if any(role != "place" for role, _ in rs))
        # identifier keywords that end in a name keyword (用户名 in 户名, username in name): there, no name follows
        self._id_over_name = {w: tuple(k for k in self._keyword_set if len(k) > len(w) and k.endswith(w)
                                       and any(role == "kw" for role, _ in roles[k]) and not any(role == "name_before" for role, _ in roles[k]))
                              for w in (kw.casefold() for kw in names.BEFORE)}
        self._dispatch = _RoleTable(self._literals, self._roles)
        # a word found only after a name at a clause start (表示, 的手机) is reported by the scan only where a
        # name start follows an opening character 2-4 characters back: in prose most of its hits are not
        # (Hyperscan; the re engine reports every hit, and _name_candidates tests each in full either way)
        single, compound = surnames()
        ctx = (f"(?:^|{_hs_class(_NAME_BREAKS | names.PERSON_PREPOSITIONS)}){_hs_class(single | {c[0] for c in compound})}"
               f"[\\x{{4e00}}-\\x{{9fff}}]{{1,3}}")
        contexts = [ctx if roles and all(r == "name_after" and why in _CLAUSE_START for r, why in roles) else None
                    for roles in self._roles]
        self._scanner_args = (patterns, self._literals, engine, [r.boundary for r in self._pid_rec])
        self._contexts = contexts
        self.scanner = make_scanner(*self._scanner_args, contexts=contexts)
        self._column_scanner = None
        # header words (normalised once) → the kinds a column so headed holds
        by_word: dict[str, set[str]] = defaultdict(set)
        for r in self.recognizers:
            for h in r.column_headers:
                by_word[_header_key(h)].add(r.type)
        for kind, words in (("name", names.COLUMN), ("address", addresses.COLUMN)):
            for w in words:
                by_word[_header_key(w)].add(kind)
        self._column_words = [(w, frozenset(kinds)) for w, kinds in by_word.items() if w]
        self._column_types: dict[str, frozenset[str]] = {}       # header → kinds (headers repeat across inputs)

    # -- context ---------------------------------------------------------------------------------

    def column_types(self, header: str | None) -> set[str]:
        """Which kinds a column header names (手机号 → mobile; 姓名 → name; 收货地址 → address)."""
        if not header:
            return set()
        if header not in self._column_types:
            if len(self._column_types) > 4096:
                self._column_types.clear()
            self._column_types[header] = frozenset(self._header_types(header))
        return set(self._column_types[header])

    def _header_types(self, header: str) -> set[str]:
        # a form's note on a field (姓名(必填), 手机号【选填】, 地址*) says nothing of its kind, unless nothing else does
        bare = _NOTE.sub("", header)
        if bare != header and bare.strip() and (kinds := self._header_key_types(_header_key(bare))):
            return kinds
        return self._header_key_types(_header_key(header))

    def _header_key_types(self, key: str) -> set[str]:
        out: set[str] = set()
        last = 0
        for word, kinds in self._column_words:
            if word == key or len(word) > 2 and word in key:
                out |= kinds
            if len(word) >= 2 and key.endswith(word) and len(word) >= last:
                last = len(word)
        # a compound header names its kind last (收货人手机 is a phone, 紧急联系人电话 too, not a name): the
        # longest header word that ends it decides, when there is one
        if last and len(key) > last:
            ends = set().union(*(kinds for word, kinds in self._column_words if len(word) == last and key.endswith(word)))
            return ends
        return out

    # -- detection -------------------------------------------------------------------------------

    def detect(self, text: str, column: str | None = None) -> list[Finding]:
        """Findings in ``text`` (offsets into ``text``). ``column`` is the table header, if any."""
        return self._run(normalize(text), column, [(0, len(text))], self.scanner)[0]

    def detect_cells(self, cells: Sequence[str | None], column: str | None = None) -> list[list[Finding]]:
        """Findings per cell of one table column, from a single scan of the whole column.

        Cells are joined with line breaks (a break inside a cell is read as a space); every finding's
        offsets are relative to its own cell. ``None`` cells give no findings.
        """
        parts = ["" if c is None else str(c).replace("\n", " ").replace("\r", " ") for c in cells]
        bounds, pos = [], 0
        for p in parts:
            bounds.append((pos, pos + len(p)))
            pos += len(p) + 1
        if self._column_scanner is None:           # table columns are digit-heavy: anchor match starts too
            self._column_scanner = make_scanner(*self._scanner_args, anchor_starts=True, contexts=self._contexts)
        return self._run(normalize("\n".join(parts)), column, bounds, self._column_scanner)

    def _run(self, t: str, column: str | None, bounds: list[tuple[int, int]], scanner) -> list[list[Finding]]:
        # the hot path makes many short-lived objects and no reference cycles: the cyclic collector only
        # re-walks the match lists (about a third of the run time), so it is paused for the run
        enabled = gc.isenabled()
        gc.disable()
        try:
            return self._run_unguarded(t, column, bounds, scanner)
        finally:
            if enabled:
                gc.enable()

    def _run_unguarded(self, t: str, column: str | None, bounds: list[tuple[int, int]], scanner) -> list[list[Finding]]:
        m = scanner.scan(t)
        col_types = self.column_types(column)
        kw_ends, kw_starts, triggers, name_before, name_after, addr_starts = self._dispatch.split(t, m.literals)

        def context(kind: str, start: int, end: int) -> str | None:
            if kind in col_types:
                return f"column '{column}'"
            ends = kw_ends.get(kind)
            if ends:
                i = bisect.bisect_right(ends, start)
                if i and ends[i - 1] >= start - KEYWORD_BEFORE:
                    return "keyword before"
                starts = kw_starts[kind]
                j = bisect.bisect_left(starts, end)
                # a keyword after the value names it only when glued or bracketed (13812345678（手机）), not
                # when it is the next field's key (…6064，证件号码：…)
                if j < len(starts) and starts[j] <= end + KEYWORD_AFTER and not _FIELD_BREAK.search(t, end, starts[j]):
                    return "keyword after"
            return None

        cands: list[_Candidate] = []
        cells = [(s, e, t[s:e].strip()) for s, e in bounds] if col_types else []
        self._pattern_candidates(t, m.patterns, context, cands)
        self._triggered_candidates(t, triggers, col_types, context, cands)
        if col_types & {r.type for r in self._triggered}:
            self._column_cell_candidates(t, cells, col_types, column, cands)
        if self.find_names:
            self._name_candidates(t, name_before, name_after, cells if "name" in col_types else [], column, cands)
            self._names_next_to_identifiers(t, cands)
            self._names_after_any_key(t, cands)
            self._names_listed_before(t, cands)
            self._names_listed_after(t, cands)
            self._names_counted(t, [s for s, why in name_after if why == "count after"], cands)
            self._names_mentioned(t, cands)
            # the model reads running text: a whole text, or the records of a text file (not a table's cells)
            if self.ner and (len(bounds) == 1 or column is None):
                for s, e in ner_model.person_names(t):
                    cands.append(_name_candidate(s, t[s:e], ["surname", "NER (LAC) PER"], priority=59, context=False))
        if self.find_addresses:
            self._address_candidates(t, addr_starts, cells if "address" in col_types else [], column, cands)
        if self.find_names and not col_types:
            self._names_on_their_own(t, cands)
        return self._resolve(cands, [s for s, _ in bounds])

    def _pattern_candidates(self, t, matches, context, cands) -> None:
        # both scanners return fitted matches: one end per (pattern, start), never glued to a longer run
        for pid, s, e in matches:
            rec = self._pid_rec[pid]
            raw = t[s:e]
            status = rec.check(raw)
            if status is None:
                continue
            ctx = context(rec.type, s, e)
            if status is Status.INVALID and rec.invalid_needs_context and not ctx:
                continue
            if not ctx and rec.boundary == "digit" and _UNIT_AFTER.match(t, e):
                continue            # 金额：13812345678元 is an amount, not a number to call or a card
            if rec.boundary == "digit" and in_hex_digest(t, s, e):
                continue            # digits inside a SHA-256, an MD5, a key: a digest, never a number
            cands.append(self._candidate(rec, s, e, raw, status, ctx, "pattern"))

    def _triggered_candidates(self, t, triggers, col_types, context, cands) -> None:
        for rec, ks, e, lit in triggers:
            if lit in rec.keywords_after:
                self._triggered_before_candidate(t, rec, ks, lit, cands)
            window = t[e:e + TRIGGER_WINDOW]
            pos = _SEP.match(window).end()
            best = None
            for rx in self._triggered[rec]:
                mm = rx.match(window, pos)
                if mm and (best is None or mm.end() > best[1]):
                    s0, e0 = e + mm.start(), e + mm.end()
                    if not ((e0 < len(t) and t[e0] in _ALNUM) or (s0 > 0 and t[s0 - 1] in _ALNUM)):
                        best = (s0, e0)
            if best is None:
                continue
            raw = t[best[0]:best[1]]
            status = rec.check(raw)
            if status is not None:
                cands.append(self._candidate(rec, best[0], best[1], raw, status, f"keyword '{lit}'",
                                             "pattern after keyword"))

    def _triggered_before_candidate(self, t, rec, ks, lit, cands) -> None:
        """A keyword-required value glued before its keyword (男，1980年1月1日出生)."""
        m = self._triggered_before[rec].search(t, max(0, ks - TRIGGER_WINDOW), ks)
        if not m or (m.start() > 0 and t[m.start() - 1] in _ALNUM):
            return
        raw = m.group()
        status = rec.check(raw)
        if status is not None:
            cands.append(self._candidate(rec, m.start(), m.end(), raw, status, f"keyword '{lit}' after",
                                         "pattern before keyword"))

    def _column_cell_candidates(self, t, cells, col_types, column, cands) -> None:
        """In a column that names a keyword-required kind (QQ, 邮编 …), the whole cell is the value."""
        recs = [(rec, rxs) for rec, rxs in self._triggered.items() if rec.type in col_types]
        for start, _, cell in cells:
            if not cell:
                continue
            s = t.find(cell, start)
            for rec, rxs in recs:
                if any(rx.fullmatch(cell) for rx in rxs):
                    status = rec.check(cell)
                    if status is not None:
                        cands.append(self._candidate(rec, s, s + len(cell), cell, status, f"column '{column}'", "cell"))

    def _candidate(self, rec, s, e, raw, status, ctx, how) -> _Candidate:
        value = rec.normalize(raw)
        reasons = [how, rec.label_zh, _VALIDATOR[status]]
        if ctx:
            reasons.append(ctx)
        return _Candidate(rec, rec.type, s, e, value, status, reasons, bool(ctx), rec.label_zh, rec.priority,
                          _keep if status is Status.MASKED else rec.mask)

    def _name_candidates(self, t, before, after, cells, column, cands) -> None:
        single, compound = surnames()
        def add(s: int, name: str, why: str, status: Status = Status.VALID, end: int | None = None) -> None:
            cands.append(_name_candidate(s, name, ["surname", why], status, end=end))

        def at(pos: int, why: str, sure: bool, whole: bool = False, keyword_end: int = -1) -> None:
            run = _HAN_RUN.match(t, pos)
            masked = names.masked_name(t[pos:pos + 4].split("，")[0].split(",")[0][:4])
            if masked is None:
                mm = re.match(r"[\u4e00-\u9fff]{1,2}[*某X]{1,2}", t[pos:pos + 4])
                masked = names.masked_name(mm.group()) if mm else None
                # the middle masked (李*华) or, after a sure keyword, the surname (*晓明, as payment apps show it)
                if masked and (mm := _MASKED_MIDDLE.match(t, pos + len(masked))) and len(masked) < 4:
                    masked += mm.group()
            if masked is None and sure and (mm := _MASKED_SURNAME.match(t, pos)):
                masked = mm.group()
            if masked:
                add(pos, masked, why, Status.MASKED)
            elif sure and (dotted := names.transliterated_name(t, pos)):
                add(pos, dotted, why + "; a transliterated name (parts joined by ·)")
            elif sure and (spaced := _spaced_name(t, pos, compound)):
                add(pos, spaced[0], why + "; written with a space inside, as in a form's box", end=spaced[1])
            elif run:
                name = names.split_name(run.group())
                if (name and pos == keyword_end and name[:2] not in compound and (name[0] in FUNCTION_CHARS or name[0] in "时於")
                        and not names.plausible(name)):
                    return          # glued to its keyword, a function word and more words: 用户和密码, 用户时停止
                if name and pos == keyword_end and names.starts_with_word(name) and not names.plausible(name):
                    return          # glued to its keyword, a common word no one is called: 名字空间, 名字关联
                if name and not sure and names.ends_word(t, pos) and names.common_given_word(name):
                    return          # words on both sides: 员工|程安全 is 工程 and 安全
                if (name and (sure or not names.is_common_word(name)
                              and (names.plausible(name) if len(name) == 2 else names.NON_NAME_CHARS.isdisjoint(name[1:])))
                        and not (whole and not _whole_name(t, pos, name))
                        and not names.surname_and_title(name)):
                    add(pos, name, why)

        for e, word in before:
            if any(t[e - len(k):e].casefold() == k for k in self._id_over_name.get(word.casefold(), ())):
                continue            # 用户名和口令: 户名 ends an account's keyword here, no name's
            sep = names._SEP.match(t, e)
            if word in names.SPEAKERS and any(c in "：:" for c in sep.group()) and _opens_line(t, e - len(word)):
                continue            # 卖家：辛苦了 — a speaker and what was said
            # a field key (姓名, 我叫) or a keyword with a separator (客户：) is followed by a name, whatever word it is
            at(sep.end(), "keyword before", word in names.FIELD_KEYS or any(c in "：:=" for c in sep.group()), word in names.WHOLE_RUN,
               keyword_end=e)
        # a form's field whose key names a person by what they do (审核人：, 被访人：, 受检者：, 签发人：): keys
        # ending in 人 or 者 before a colon (found by the scan), those not among the keywords too
        keyed = {e for e, _ in before}
        for e, why in after:
            if why == "field key":
                key = t[_han_start(t, e + 1, 5):e + 1]
                if len(key) >= 2 and e + 1 not in keyed and key not in _NOT_PERSON_KEYS:
                    at(names._SEP.match(t, e + 1).end(), f"field key '{key}'", False)
        # 史志坚曾说过…, 贲志远排在第一位: a surname and two given-name characters that open a clause before a word a
        # clause goes on with, or before a word of the lexicon that the name's last character is not part of
        # (the search gives only a surname of _clause_surnames and given-name characters after a clause's start)
        for e in _clause_name_ends(t):
            after_time = t[e - 5:e - 3] in names.CLAUSE_OPENERS
            # after 的 (隔壁的宁海涛一家…), only before a word of the lexicon or a character a clause goes on with,
            # where the name is no word's part (the checks of the lexicon's path)
            owned = e > 3 and t[e - 4] == "的"
            run = t[e - 3:e]
            # (a surname that is mostly a function word never starts one: 请于明天…, see _clause_surnames)
            if (e > 3 and not after_time and names.is_common_word(t[e - 4:e - 2])) or names.is_common_word(run[:2]):
                continue            # 同时设定…: no context to tell a word from a surname
            if t[e] in names.FREE_AFTER or t[e] in names.MORE_FREE_AFTER:
                if not names.opens_clause_before_char(t, e - 3, e, strict=owned):
                    continue
                why = f"opens a clause before {t[e]}"
            elif (k := lexicon.word_at(t, e)) and names.opens_clause_before_word(t, e - 3, e, k):
                why = f"opens a clause before the word {t[e:e + k]}"
            else:
                continue
            if not names.surname_and_title(run) and self._whole_name_word(run):
                cands.append(_name_candidate(e - 3, run, ["surname", "given-name characters", why], context=False,
                                             priority=WEAK_NAME))
        spoken = [s for s, why in after if why == "spoken to"]
        for s, why in after:
            if why in ("count after", "spoken to", "field key"):
                continue            # a list before a count of people (_names_counted); a name spoken to (below)
            for n in (4, 3, 2):
                if s - n < 0 or (t[s - n] not in single and t[s - n:s - n + 2] not in compound):
                    continue            # no surname starts it (the cheap test first: most words before 表示 are not names)
                chunk = t[s - n:s]
                # 和李明先生 is 李明, but 。向博秀女士 is 向博秀: a function-word surname starts a name only after a break
                if not _HAN_RUN.fullmatch(chunk) or n == 3 and (
                        chunk[0] in FUNCTION_CHARS
                        or chunk[0] in AMBIGUOUS_SURNAMES and s - n > 0 and t[s - n - 1] not in _NAME_BREAKS):
                    continue
                # a detail (的手机, （身份证) or an action (表示) names its owner only at the start of a clause (or after
                # 据, 由 …): 请将张伟的手机… is not sure
                if (why in _CLAUSE_START and s - n > 0 and t[s - n - 1] not in _NAME_BREAKS
                        and not (why == "action after" and t[s - n - 1] in names.PERSON_PREPOSITIONS)):
                    continue
                if why == "action after" and chunk in place_names():
                    continue            # 张家界表示…: a place speaks through its people, but it is not one
                if _PLACE_WORD.search(chunk):
                    continue            # 恒隆广场律师事务所: a building's name ends in 广场, a person's does not
                if chunk[-1] in names.NON_NAME_CHARS:
                    continue            # 牛建华的妈妈: 华的 ends in a function word, no name does
                if why != "honorific after" and chunk.endswith(names.AFTER):
                    continue            # 王老师的电话, 张先生，男，: a surname and an honorific, not a name
                if names.ends_word(t, s - n) or chunk[:2] in names.JOINED:
                    continue            # 感谢刘备先生, 谢谢夏先生: 谢 ends 感谢 and 谢谢 (and 谢谢夏 starts with one)
                if lexicon.word_across(t, s, names.JOINED_FREQUENCY):
                    break               # 来源专业主题: 业主 is no title where 专业 is a word
                if s - n > 0 and t[s - n - 1] + chunk[0] in place_names():
                    continue            # 浙江某某律师事务所: 江 ends a place's name
                name = names.split_name(chunk)
                # four characters only with a compound surname (欧阳娜娜); never split one (及欧阳娜娜 ≠ 阳娜娜)
                if (name == chunk and (n < 4 or chunk[:2] in compound) and not (n < 4 and t[max(s - n - 1, 0):s - n + 1] in compound)
                        and not names.is_common_word(name)
                        # a courtesy title or a gender says a person is meant, whatever the name (刘备先生); a post
                        # or a kinship (经理, 老师, 妈妈, 总) only after a plausible one (公司总经理, 总数, 总是)
                        and (names.plausible(name) or why == "gender after"
                             or why == "honorific after" and t.startswith(names.COURTESY, s))
                        and (why == "honorific after" or not self._is_keyword(name))):
                    add(s - n, name, why)
                    break
        # 尹志平，你的快递到了: a whole name that opens a line (or what a chat speaker says) and is then spoken to
        # (the scan finds the ，你 after it: a pass of str.find over a long text costs a third of the prose floor)
        for e in spoken:
            lo = _han_start(t, e)
            run = t[lo:e]
            if (len(run) <= 3 and (lo == 0 or t[lo - 1] in "\n：:") and self._whole_name_word(run)
                    and not names.surname_and_title(run) and run[0] not in FUNCTION_CHARS):
                cands.append(_name_candidate(lo, run, ["surname", "spoken to at the start of a line (…，你)"],
                                             context=False))
        # 郑某, 欧阳某某: a surname and 某 is how case files write a party anywhere in the text, no word needed
        # (str.find, not a regular expression: the search costs next to nothing on a long text without 某)
        e = t.find("某")
        while e >= 0:
            end = e
            while end < len(t) and t[end] == "某":
                end += 1
            if end - e <= 2 and not (end < len(t) and t[end] in _MOU_WORDS):
                s = e - 2 if e >= 2 and t[e - 2:e] in compound else e - 1 if e >= 1 and t[e - 1] in single else -1
                # 就职于某公司: a surname that is also a preposition (于, 向, 时) starts a party only after a break
                if s > 0 and (t[s] in AMBIGUOUS_SURNAMES or t[s] in FUNCTION_CHARS) and e - s == 1 and t[s - 1] not in _NAME_BREAKS:
                    s = -1          # and one that is mostly a function word (资料库和某个…, 属于某…)
                if s >= 0 and (s == 0 or (not names.ends_word(t, s) and t[s - 1] + t[s] not in place_names())):
                    add(s, t[s:end], "a surname and 某, as case files write a party", Status.MASKED)
            e = t.find("某", end)
        if "\n" in t or t[:8].find("：") > 0 or t[:8].find(":") > 0:
            ordinary: list[tuple[int, str]] = []
            speakers = 0
            for start, end in _speaker_labels(t):
                label = t[start:end]
                # a field key (经纬度：, 户主：, 单据：12345, 门牌号：) is not a speaker: a speaker says something in words
                said = t[end + 1:end + 3].lstrip()
                if (names.split_name(label) == label and not self._is_keyword(label) and label[-1] not in _FIELD_KEY_ENDS
                        and said[:1] and not said[:1].isdigit() and said[:1] != "*"):
                    if names.is_common_word(label) or not names.plausible(label):
                        ordinary.append((start, label))
                    else:
                        add(start, label, "chat speaker label")
                        speakers += 1
            # nor is a form's label that is an ordinary word (单位：, 籍贯：, 时间：), unless it speaks in a chat: it
            # opens two lines or more where another speaker, a name, speaks too (黎明：… 王佳：… 黎明：…)
            if speakers and ordinary:
                times = Counter(label for _, label in ordinary)
                for start, label in ordinary:
                    if times[label] >= 2:
                        add(start, label, "chat speaker label (an ordinary word that speaks more than once)")
        for start, _, cell in cells:
            if not cell:
                continue
            s = t.find(cell, start)
            if names.masked_name(cell):
                add(s, cell, f"column '{column}'", Status.MASKED)
            elif _HAN_RUN.fullmatch(cell) and names.split_name(cell) == cell:
                add(s, cell, f"column '{column}'")
            elif names.TRANSLITERATED.fullmatch(cell):
                add(s, cell, f"column '{column}'; a transliterated name (parts joined by ·)")
            elif (spaced := _spaced_name(t, s, compound)) and spaced[1] == s + len(cell):
                add(s, spaced[0], f"column '{column}'; written with a space inside, as in a form's box", end=spaced[1])

    def _names_listed_before(self, t, cands) -> None:
        """Names listed with 、 before a name the rules found (郭靖、黄蓉夫妇; 王某、李某、张某三人): each run of two to
        four Han characters between breaks before it that is a whole name, and no ordinary word."""
        todo = [c for c in cands if c.type == "name" and c.start > 0 and t[c.start - 1] == "、"]
        seen = {c.start for c in cands if c.type == "name"}
        while todo:
            c = todo.pop()
            end = c.start - 1
            begin = _han_start(t, end)
            run = t[begin:end]
            if (begin in seen or (begin > 0 and t[begin - 1] not in _NAME_BREAKS and t[begin - 1] != "、")
                    or not self._whole_name_word(run, masked=True)):
                continue
            new = _name_candidate(begin, run, ["surname", "listed with 、 before a name"])
            cands.append(new)
            seen.add(begin)
            if begin > 0 and t[begin - 1] == "、":
                todo.append(new)

    def _names_listed_after(self, t, cands) -> None:
        """Names listed after a name the rules found: with 、 (出席人员：钱立新、贝晓丹、计明), each run of two to four
        Han characters between 、 and the next break that is a whole name, and no ordinary word; with 和, 与 or 及
        (黎文静和单志伟，), a plausible name that ends its words."""
        todo = [c for c in cands if c.type == "name" and c.end < len(t) and t[c.end] in "、" + _LIST_JOINS]
        seen = {c.start for c in cands if c.type == "name"}
        while todo:
            c = todo.pop()
            begin = c.end + 1
            run = _HAN_RUN.match(t, begin)
            if not run or begin in seen:
                continue
            name, end = run.group(), run.end()
            if t[c.end] != "、":
                # joined by 和, 与, 及 (黎文静和单志伟，江涛和孟佳在…): a plausible name that ends its words
                name = names.split_name(name) or ""
                end = begin + len(name)
                if not name or not names.plausible(name) or not self._whole_name_word(name):
                    continue
            elif len(name) > 4 or not self._whole_name_word(name, masked=True) or (
                    end < len(t) and (t[end] not in _NAME_BREAKS and t[end] not in "、；;。")):
                continue
            new = _name_candidate(begin, name, ["surname", f"listed with {t[c.end]} after a name"])
            cands.append(new)
            seen.add(begin)
            if end < len(t) and t[end] in "、" + _LIST_JOINS:
                todo.append(new)

    def _names_on_their_own(self, t, cands) -> None:
        """Names written on their own between breaks, as a list's items or a record's fields (一组 申屠浩、冉冬梅；
        行政部 翟佳 分机8012), looked for only on the lines (LINE_REACH characters either side at most) that hold
        something else found: a list of people or a record, not a list of countries or a menu. Given-name
        characters only, and for a two-character name one of the commonest surnames."""
        known = {c.start for c in cands if c.type == "name"}
        found: list[_Candidate] = []
        cands.sort(key=_start)                      # (in place: the resolution sorts them so as well)
        anchored = _line_spans(t, [(c.start, c.end) for c in cands])
        for lo, hi in anchored:
            found += self._alone_in(t, lo, hi, known, "with other personal information on its line")
        # and a list of two or more of them (一组 申屠浩、冉冬梅、幸子健), whatever else its line holds (the lines
        # searched already are not searched again)
        if "、" in t:
            ends = [hi for _, hi in anchored]
            lists = [p for p in _positions(t, "、") if not ((i := bisect.bisect_left(ends, p)) < len(ends) and anchored[i][0] <= p)]
            for lo, hi in _line_spans(t, [(p, p + 1) for p in lists]):
                listed = self._alone_in(t, lo, hi, known, "in a list of names")
                if len(listed) >= 2:
                    found += listed
        cands += found

    def _alone_in(self, t: str, lo: int, hi: int, known: set[int], why: str) -> list[_Candidate]:
        """The names on their own between breaks in ``t[lo:hi]`` not found already (their starts in ``known``,
        which the new ones join)."""
        single, compound = surnames()
        given = names.given_chars()
        out = []
        for m in _ALONE.finditer(t, lo, hi):
            run, s = m.group(1), m.start(1)
            n = 2 if run[:2] in compound else 1
            if (s in known or len(run) - n not in (1, 2) or run[0] in FUNCTION_CHARS or run[0] in AMBIGUOUS_SURNAMES
                    or not (n == 2 or run[0] in single) or (len(run) == 2 and run[0] not in names.COMMON_SURNAMES)
                    or not given.issuperset(run[n:]) or names.is_common_word(run[:2]) or not self._whole_name_word(run)
                    or names.surname_and_title(run)):
                continue
            known.add(s)
            out.append(_name_candidate(s, run, ["surname", "given-name characters", "written on its own between breaks", why],
                                       context=False, priority=WEAK_NAME))
        return out

    def _names_after_any_key(self, t, cands) -> None:
        """A whole name as the value of any field (出席人员：钱立新, 列席：伍军。, 纳税人名称：岳红梅，): after a colon, a
        run of Han characters that ends there (not the next key), is a surname and a given name of given-name
        characters, and no ordinary word, place, keyword or surname with a title. Without a key that names a
        person, the name is taken with medium confidence."""
        if "：" not in t and ":" not in t:
            return                  # (a search for a character is far quicker than re's for a class of two)
        # (a longer run, or the next field's key after it (姓名：性别：), is no such value)
        known = None
        for pos in sorted(_positions(t, "：") + _positions(t, ":")):       # (str.find outruns re's search here)
            m = _FIELD_VALUE.match(t, pos)
            if not m:
                continue
            name, v = m.group(1), m.start(1)
            if known is None:
                known = {c.start for c in cands if c.type == "name"}
            if v in known:
                continue            # found by a keyword already (姓名：张三)
            if not self._whole_name_word(name) or names.surname_and_title(name):
                continue
            cands.append(_name_candidate(v, name, ["surname", "given-name characters", "the whole value of a field"],
                                         context=False, priority=WEAK_NAME))

    def _whole_name_word(self, run: str, masked: bool = False) -> bool:
        """``run`` is a whole name (it starts with a surname, nothing follows it; or, with ``masked``, a masked
        name such as 王某) and no ordinary word, context keyword or place name."""
        return (2 <= len(run) <= 4 and (names.split_name(run) == run or masked and names.masked_name(run) is not None)
                and not names.is_common_word(run) and not self._is_keyword(run) and run not in place_names())

    def _names_counted(self, t, counts: list[int], cands) -> None:
        """Names listed before a count of people (这批数据里有彭国华、崔丽萍和鲁振宇三人; 张伟等人): the list is cut at
        、 and at 和 / 及 / 与 between two whole names; every part must be a whole name (the first one is the
        name that ends the words before it), or nothing is taken. One name alone is taken only before 等."""
        for start in counts:
            m = _COUNTED.match(t, start)
            if not m or (start > 0 and t[start - 1] == "等" and m.group()[0] != "等"):
                continue            # 等三人 is also found as 三人
            lo = m.start()
            while lo > 0 and m.start() - lo < 40 and (t[lo - 1] == "、" or "\u4e00" <= t[lo - 1] <= "\u9fff"):
                lo -= 1
            parts = t[lo:m.start()].split("、")
            last = parts.pop()
            if not self._whole_name_word(last):
                cut = [i for i, c in enumerate(last) if c in _LIST_JOINS and self._whole_name_word(last[:i])
                       and self._whole_name_word(last[i + 1:])]
                if not cut:
                    continue
                parts += [last[:cut[0]], last[cut[0] + 1:]]
            else:
                parts.append(last)
            first = parts[0]
            if not self._whole_name_word(first):
                tails = [first[-n:] for n in (3, 2) if len(first) > n and first[-n] not in FUNCTION_CHARS
                         and self._whole_name_word(first[-n:])]
                if not tails:
                    continue
                lo += len(first) - len(tails[0])
                parts[0] = tails[0]
            if len(parts) == 1 and not m.group().startswith("等"):
                continue            # 王芳三人 is not said; 三人 after one run is mostly a phrase (一行三人)
            pos = lo
            for part in parts:
                pos = t.index(part, pos)
                cands.append(_name_candidate(pos, part, ["surname", f"listed before a count of people ({m.group()})"],
                                             context=False))
                pos += len(part)

    def _names_mentioned(self, t, cands) -> None:
        """Who a chat message is addressed to: @ and a whole name (@田晓东 明天的会改了)."""
        if "@" not in t:
            return
        for m in _MENTION.finditer(t):
            if self._whole_name_word(m.group(1)):
                cands.append(_name_candidate(m.start(1), m.group(1), ["surname", "addressed with @ in a chat"],
                                             context=False))

    def _names_next_to_identifiers(self, t, cands) -> None:
        """A name that opens a field right before a valid mobile or ID number (张三 13812345678, 赵敏，158…):
        the way records are written in lists and dumps."""
        for c in [c for c in cands if c.type in _NAME_NEIGHBOURS and c.status is Status.VALID]:
            lo = max(0, c.start - 8)
            m = _BEFORE_VALUE.search(t, lo, c.start)
            if not m:
                continue
            s, run = m.start(1), m.group(1)
            numbered = s > 1 and t[s - 1] in ".．" and t[s - 2].isdigit()       # 1.庞博 13712340001
            # a contact list's unit before the name (市场部习晓燕 137…): the name is the run's tail after it
            unit = next((k for k in (3, 2) if len(run) > k and run[-k - 1] in _UNIT_ENDS and names.split_name(run[-k:]) == run[-k:]
                         and names.plausible(run[-k:])), 0)
            if unit:
                s, run = s + len(run) - unit, run[-unit:]
            elif s > 0 and t[s - 1] not in _NAME_BREAKS and t[s - 1] not in _FIELD_OPENERS and not numbered:
                continue
            if (names.split_name(run) != run or names.is_common_word(run) or run.endswith(names.AFTER) or self._is_keyword(run)
                    or run in place_names()):
                continue
            cands.append(_name_candidate(s, run, ["surname", f"right before a {_NAME_NEIGHBOURS[c.type]}"]))

    def _address_candidates(self, t, starts, cells, column, cands) -> None:
        for start, _, cell in cells:
            if cell:
                starts.append((t.find(cell, start), True, f"column '{column}'"))
        # a keyword's address starts after its separator (住址：…)
        starts = [(_after_key(t, s) if keyword else s, keyword, lit) for s, keyword, lit in starts]
        # most place names in prose have no street part in the run of address characters after them
        # (an address is at most that run): reject them cheaply, all at once where the kernel is built
        # (the run may have spaces between parts, as shops write them: 浙江省 杭州市 西湖区 文三路 478号)
        checked = native.available() and len(starts) > 1
        if checked:
            keep = native.street_within(t, [s for s, _, _ in starts], addresses.MAX_LEN, addresses.words(addresses.STREET))
            starts = [x for x, k in zip(starts, keep.tolist()) if k]
        last_end = -1
        for s, keyword, lit in sorted(starts, key=lambda x: (x[0], not x[1])):
            if s < last_end:
                continue
            if not checked:
                body = addresses.BODY.match(t, s)
                reach = min(addresses.spaced_end(t, body.end()), s + addresses.MAX_LEN) if body else s
                if reach - s < 4 or not addresses.STREET.search(t, s, reach):
                    continue
            e = addresses.extent(t, s)
            span = t[s:e]
            # (a column of addresses is taken as it is, as the column kernel takes it: a shop's crossing there
            # is the address the record gives)
            if (e - s < 4 or not addresses.is_street_level(span) or (not keyword and addresses.road_only(span))
                    or (addresses.crossing_only(span) and not lit.startswith("column "))):
                continue
            reasons = [f"keyword '{lit}'" if keyword else f"place name '{lit}' (GB/T 2260 gazetteer)",
                       "street-level part"]
            # XX省XX市XX路1号, 某某小区3栋: a template or a pseudonymised address, no door anyone can find
            masked = addresses.is_masked(span)
            if masked:
                reasons.append("masked (XX, *, 某)")
            value = re.sub("[ \u3000]", "", span)          # written with spaces between parts, the same address
            cands.append(_Candidate(None, "address", s, e, value, Status.MASKED if masked else Status.VALID, reasons, keyword,
                                    ADDRESS_LABEL, 55, _keep if masked else addresses.mask))
            last_end = e

    def _is_keyword(self, word: str) -> bool:
        """Does ``word`` contain a context keyword (经纬度, 户主, 通讯地址 …)?"""
        w = word.casefold()
        return any(w[i:j] in self._keyword_set for i in range(len(w)) for j in range(i + 2, len(w) + 1))

    # -- resolution --------------------------------------------------------------------------------

    @staticmethod
    def _confidence(c: _Candidate) -> str | None:
        rec = c.rec
        if c.status is Status.VALID:
            if c.type in ("address", "name"):
                return HIGH if c.context else MEDIUM
            return HIGH if c.context or rec is None or rec.high_without_context else MEDIUM
        if c.status is Status.UNVERIFIED:
            return MEDIUM if c.context else LOW
        if c.status is Status.MASKED:
            return HIGH if c.context else MEDIUM
        return MEDIUM if c.context else LOW

    def _resolve(self, cands: list[_Candidate], starts: list[int]) -> list[list[Finding]]:
        """Best candidate first (context, status, priority, length) within each cluster of overlapping
        candidates; a span already taken is not reused. Clusters keep this O(n log n) on long texts.
        The findings of each part of the text (``starts``: where each begins) with offsets into it."""
        out: list[list[Finding]] = [[] for _ in starts]
        if not cands:
            return out
        cands.sort(key=_start)
        n = len(cands)
        # clusters: a candidate starting before every earlier one has ended belongs to their cluster
        begin = np.fromiter((c.start for c in cands), dtype=np.int64, count=n)
        reach = np.maximum.accumulate(np.fromiter((c.end for c in cands), dtype=np.int64, count=n))
        first = np.ones(n, dtype=bool)
        first[1:] = begin[1:] >= reach[:-1]
        edges = np.flatnonzero(first).tolist() + [n]
        chosen: list[_Candidate] = []
        for i, j in zip(edges, edges[1:]):
            if j == i + 1:
                chosen.append(cands[i])
                continue
            taken: list[tuple[int, int]] = []
            kept = []
            for c in sorted(cands[i:j], key=_Candidate.score, reverse=True):
                if all(c.end <= s or e <= c.start for s, e in taken):
                    taken.append((c.start, c.end))
                    kept.append(c)
            chosen += sorted(kept, key=_start)        # clusters do not interleave: in text order
        part, here, following = 0, starts[0], starts[1] if len(starts) > 1 else None
        for c in chosen:
            if following is not None and c.start >= following:
                part = bisect.bisect_right(starts, c.start) - 1
                here, following = starts[part], starts[part + 1] if part + 1 < len(starts) else None
            out[part].append(Finding(c.type, c.start - here, c.end - here, c.value, c.mask(c.value), c.status,
                                     self._confidence(c), tuple(c.reasons), c.label, c.priority))
        return out


def _line_spans(t: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The lines (as far as LINE_REACH characters either side) around spans given in text order, merged where
    they meet."""
    out: list[tuple[int, int]] = []
    for s, e in spans:
        if out and e <= out[-1][1]:
            continue                # inside the span so far (its line's end is that span's, or within its reach)
        lo = max(t.rfind("\n", max(0, s - LINE_REACH), s) + 1, s - LINE_REACH)
        hi = t.find("\n", e, e + LINE_REACH)
        hi = min(len(t), e + LINE_REACH) if hi < 0 else hi
        if out and lo <= out[-1][1] + 1:          # overlapping or on the next line: one span
            out[-1] = (out[-1][0], max(hi, out[-1][1]))
        else:
            out.append((lo, hi))
    return out


def _start(c: _Candidate) -> int:
    return c.start


class _RoleTable:
    """What each literal (keyword, place name) found in a text is for, dispatched for all of a text's
    literal hits at once with numpy: per literal id, its roles in order (a context keyword of some kinds,
    the keyword of a keyword-required kind, a word before or after a name, an address keyword, a place
    name), as flat tables."""

    def __init__(self, words: list[str], roles: list):
        self.words = words
        self.ascii = np.array([w.isascii() for w in words], dtype=bool)
        self.types: list[str] = []
        self.after_why: dict[int, str] = {}     # a word after a name: what it is (honorific, gender, detail, action)
        kw_type, kw_ptr, addr_kw, addr_ptr, trig = [], [0], [], [0], []
        before = np.zeros(len(roles), dtype=np.int64)
        for lid, rs in enumerate(roles):
            trig.append([payload for role, payload in rs if role == "kw" and payload.keyword_required])
            for role, payload in rs:
                if role == "kw":
                    if payload.type not in self.types:
                        self.types.append(payload.type)
                    kw_type.append(self.types.index(payload.type))
                elif role in ("addr_kw", "place"):
                    addr_kw.append(role == "addr_kw")
                before[lid] += role == "name_before"
                if role == "name_after":
                    self.after_why.setdefault(lid, payload)      # a word with two such roles keeps its first
            kw_ptr.append(len(kw_type))
            addr_ptr.append(len(addr_kw))
        self.kw_type, self.kw_ptr = np.array(kw_type, dtype=np.int64), np.array(kw_ptr, dtype=np.int64)
        self.addr_kw, self.addr_ptr = np.array(addr_kw, dtype=bool), np.array(addr_ptr, dtype=np.int64)
        self.before = before
        self.after = np.array([lid in self.after_why for lid in range(len(roles))], dtype=bool)
        self.triggers = trig
        self.has_trigger = np.array([bool(t) for t in trig], dtype=bool)

    @staticmethod
    def _expand(ptr: np.ndarray, lids: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """For hits of literals ``lids``: each (hit, role entry) pair, in hit order, then role order."""
        counts = ptr[lids + 1] - ptr[lids]
        hit = np.repeat(np.arange(len(lids)), counts)
        within = np.arange(len(hit)) - np.repeat(np.cumsum(counts) - counts, counts)
        return hit, ptr[lids[hit]] + within

    def split(self, t: str, literals):
        """The roles of a text's literal hits (``[lid, start, end]`` rows, in the scanner's order): context
        keyword ends and starts per kind (sorted), triggers of keyword-required kinds, name keyword ends
        (with the keyword), starts of the words after a name (with what they are: honorific, gender,
        detail, action) and address starts, each in hit order."""
        hits = np.asarray(literals, dtype=np.int64).reshape(-1, 3)
        lids, starts, ends = hits[:, 0], hits[:, 1], hits[:, 2]
        asc = np.flatnonzero(self.ascii[lids])
        if len(asc):
            # an ASCII keyword is a word, not part of one (ip in "ship", code in "barcode")
            n = len(t)
            glued = [i for i, s, e in zip(asc.tolist(), starts[asc].tolist(), ends[asc].tolist())
                     if (s > 0 and t[s - 1] in _LETTERS) or (e < n and t[e] in _LETTERS)]
            if glued:
                keep = np.ones(len(lids), dtype=bool)
                keep[glued] = False
                lids, starts, ends = lids[keep], starts[keep], ends[keep]
        hit, entry = self._expand(self.kw_ptr, lids)
        kind = self.kw_type[entry]
        kw_ends: dict[str, list[int]] = {}
        kw_starts: dict[str, list[int]] = {}
        for k in np.unique(kind).tolist():
            at = hit[kind == k]
            kw_ends[self.types[k]] = np.sort(ends[at]).tolist()
            kw_starts[self.types[k]] = np.sort(starts[at]).tolist()
        words = self.words
        triggers = [(rec, int(starts[i]), int(ends[i]), words[int(lids[i])]) for i in np.flatnonzero(self.has_trigger[lids]).tolist()
                    for rec in self.triggers[int(lids[i])]]
        at = np.flatnonzero(self.before[lids])
        name_before = [(e, words[lid]) for e, lid in zip(ends[at].tolist(), lids[at].tolist())]
        at = np.flatnonzero(self.after[lids])
        name_after = [(s, self.after_why[lid]) for s, lid in zip(starts[at].tolist(), lids[at].tolist())]
        hit, entry = self._expand(self.addr_ptr, lids)
        is_kw = self.addr_kw[entry]
        pos = np.where(is_kw, ends[hit], starts[hit])
        addr_starts = [(p, k, words[lid]) for p, k, lid in zip(pos.tolist(), is_kw.tolist(), lids[hit].tolist())]
        return kw_ends, kw_starts, triggers, name_before, name_after, addr_starts


@lru_cache(maxsize=4)
def default_detector(engine: str = "auto") -> Detector:
    return Detector(engine=engine)


def detect(text: str, column: str | None = None) -> list[Finding]:
    """Findings in one text with the default detector."""
    return default_detector().detect(text, column)
