"""Labelled documents (kv records, paragraphs, chats), tables and hard negatives, built from synth values.

A document is assembled from pieces: plain text, labelled values and hard negatives. Offsets are counted as
the pieces are joined, so every span is exact by construction. How often a value is masked, invalid or
written in full-width digits is decided in one place, :meth:`Generator._occurrence`, at the rates below.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Sequence

from piguard.detect import identifiers as ids
from piguard.synth import phrases
from piguard.synth.model import INVALID, KINDS, MASKED, TYPES, UNVERIFIED, VALID, LabelledTable, LabelledText, Span
from piguard.synth.values import MOBILE_BLOCKS, MODULES, UPPER, Values, to_full_width

MASKED_RATE = 0.05           # of mobile, resident_id, bank_card and name occurrences
INVALID_RATE = 0.05          # of resident_id occurrences, and of bank_card occurrences right after a card keyword
FULL_WIDTH_RATE = 0.05       # of mobile, landline, resident_id and bank_card occurrences that are not masked
OCR_SPACE_RATE = 0.02        # of mobile, resident_id and bank_card occurrences: one or two stray spaces, as OCR leaves them
SPACED_ADDRESS_RATE = 0.05   # of addresses after a keyword or in a column: a space between levels, as shops export them
HARD_NEGATIVE_RATE = 0.30    # of documents (one, sometimes two, per document)
EMPTY_CELL_RATE = 0.03       # of cells in PI columns
HONORIFIC_ONLY_RATE = 0.15   # of paragraphs and chats: a 王女士 that is not a name and is not labelled
ROLE_WORD_RATE = 0.15        # of paragraphs: a 客户信息 (a role word and an ordinary word) that is not a name

MASKABLE = frozenset({"mobile", "resident_id", "bank_card", "name"})
FULL_WIDTH_TYPES = frozenset({"mobile", "landline", "resident_id", "bank_card"})
OCR_TYPES = frozenset({"mobile", "resident_id", "bank_card"})
INVALID_NEEDS_KEYWORD = {"resident_id": False, "bank_card": True}
UNVERIFIED_TYPES = frozenset({"qq", "wechat", "password"})    # no validator exists: the detector reports them unverified
# types that are PI only right after one of their keywords
KEYWORD_REQUIRED = frozenset(t for t, m in MODULES.items() if all(r.keyword_required for r in m.RECOGNIZERS))
# modules that find values without a keyword: a hard negative must not be shaped like any of them
SHAPE_MODULES = tuple(m for m in ids.MODULES if any(not r.keyword_required for r in m.RECOGNIZERS))

KIND_WEIGHTS = {"kv": 35, "paragraph": 40, "chat": 25}
NAME_RATE = 0.9              # of field sets (kv lines, paragraph sentences, table columns) that include a name
FIELD_WEIGHTS = {"mobile": 9, "resident_id": 7, "address": 7, "email": 4, "bank_card": 4, "birth_date": 3, "landline": 2,
                 "postal_code": 2, "qq": 2, "wechat": 2, "plate": 2, "passport": 1, "travel_permit": 1, "hmt_id": 1, "vin": 1,
                 "uscc": 1, "ip_address": 1, "mac_address": 1, "imei": 1, "gps": 1, "verification_code": 1, "password": 1}
CHAT_CONTENT = {"pi": 45, "line": 30, "filler": 15, "honorific": 10}
RECORD_FIELDS = ("name", "mobile", "resident_id", "birth_date", "address", "postal_code", "email", "bank_card", "qq",
                 "wechat", "plate")
SAME_COUNTY_RATE = 0.7       # a person's address lies in the county of their ID number
NEGATIVE = "hard_negative"   # piece type of an inserted hard negative
MIN_IDENTIFIER_LENGTH = 6    # the shortest value found without a keyword (an e-mail address such as a@b.cn)


@dataclass(frozen=True)
class _Piece:
    text: str
    type: str | None = None      # a PI type, NEGATIVE, or None for plain text
    status: str | None = None


Pieces = list[str | _Piece]


def _assemble(pieces: Pieces, kind: str) -> LabelledText:
    """Join pieces into a text, recording the offsets of labelled values and hard negatives."""
    parts, spans, negatives, pos = [], [], [], 0
    for p in pieces:
        piece = p if isinstance(p, _Piece) else _Piece(p)
        end = pos + len(piece.text)
        if piece.type == NEGATIVE:
            negatives.append((pos, end))
        elif piece.type:
            spans.append(Span(pos, end, piece.type, piece.status))
        parts.append(piece.text)
        pos = end
    return LabelledText("".join(parts), tuple(spans), kind, tuple(negatives))


def _join(groups: Sequence[Pieces], sep: str) -> Pieces:
    out: Pieces = []
    for i, group in enumerate(groups):
        if i:
            out.append(sep)
        out.extend(group)
    return out


def _keyed(type_: str, before: str) -> bool:
    """Whether the text before a value ends with one of its type's keywords (separators aside)."""
    head = before.rstrip(" ：:为是").casefold()
    return any(head.endswith(k.casefold()) for k in MODULES[type_].KEYWORDS)


def identifier_shaped(text: str) -> bool:
    """Whether ``text`` or any digit or letter-digit run in it is, or fails only the check of, an identifier
    that is found without a keyword (mobile, landline, ID number, bank card, IMEI, VIN, e-mail …)."""
    tokens = {text, *re.findall(r"[0-9]+", text), *re.findall(r"[0-9A-Za-z]+", text)}
    for token in (t for t in tokens if len(t) >= MIN_IDENTIFIER_LENGTH):
        for module in SHAPE_MODULES:
            try:
                module.validate(token)
            except ids.InvalidChecksum:
                return True
            except ValueError:
                continue
            return True
    return False


class Generator(Values):
    """Deterministic synthetic labelled data: values, person records, documents, tables and hard negatives.

    The same seed gives byte-identical output; all randomness comes from one ``random.Random(seed)`` and a
    Faker seeded from it.
    """

    # -- public API -----------------------------------------------------------------------------------

    def record(self) -> dict[str, str]:
        """One person: name, mobile, ID number, birth date (that of the ID), address, e-mail, bank card …"""
        return self._person(RECORD_FIELDS)

    def document(self, kind: str | None = None) -> LabelledText:
        """A kv record, a paragraph or a chat (random kind when None); ~30% carry hard negatives."""
        kind = kind or self._weighted(KIND_WEIGHTS)
        builders = {"kv": self._kv, "paragraph": self._paragraph, "chat": self._chat}
        if kind not in builders:
            raise ValueError(f"unknown document kind {kind!r}; expected one of {', '.join(KINDS)}")
        negatives = [self._negative() for _ in range(self._negative_count())]
        return _assemble(builders[kind](negatives), kind)

    def corpus(self, n: int) -> list[LabelledText]:
        """``n`` documents of mixed kinds."""
        return [self.document() for _ in range(n)]

    def hard_negative(self) -> str:
        """One unlabelled distractor: an order or tracking number, timestamp, amount, version, product code …"""
        label, value = self._negative()
        return label + self._weighted({"": 50, "：": 50}) + value

    def table(self, rows: int = 100, columns: list[str] | None = None) -> LabelledTable:
        """A table of ``rows`` people. ``columns`` lists PI types and non-PI kinds (order_no, amount, order_time,
        note, status, product); by default a random mix. Headers mix Chinese and pinyin abbreviations."""
        kinds = list(columns) if columns is not None else self._table_columns()
        unknown = [k for k in kinds if k not in TYPES and k not in phrases.NON_PI_HEADERS]
        if unknown or len(set(kinds)) != len(kinds):
            raise ValueError(f"columns must be distinct PI types or non-PI kinds; got {kinds}")
        headers = tuple(self.rng.choice(phrases.HEADERS.get(k) or phrases.NON_PI_HEADERS[k]) for k in kinds)
        pi_types = [k for k in kinds if k in TYPES]
        body, cells = [], []
        for r in range(rows):
            person = self._person(pi_types)
            row = []
            for c, kind in enumerate(kinds):
                if kind not in TYPES:
                    row.append(self._non_pi_cell(kind))
                elif self._chance(EMPTY_CELL_RATE):
                    row.append("")
                else:
                    text, status = self._occurrence(kind, person[kind])
                    row.append(text)
                    cells.append((r, c, kind, status))
            body.append(tuple(row))
        column_types = {h: (k if k in TYPES else None) for h, k in zip(headers, kinds)}
        return LabelledTable(headers, tuple(body), tuple(cells), column_types)

    # -- values as they occur ---------------------------------------------------------------------------

    def _occurrence(self, type_: str, value: str, keyed: bool = True, maskable: bool = True) -> tuple[str, str]:
        """How ``value`` is written this time, and its status: masked, invalid (a wrong check character; for bank
        cards only right after a card keyword), full-width, or as it is."""
        r = self.rng.random()
        if maskable and type_ in MASKABLE and r < MASKED_RATE:
            return self._mask(type_, value), MASKED
        status = UNVERIFIED if type_ in UNVERIFIED_TYPES else VALID
        needs_keyword = INVALID_NEEDS_KEYWORD.get(type_)
        if needs_keyword is not None and (keyed or not needs_keyword) and r >= 1 - INVALID_RATE:
            value, status = self._with_wrong_check(type_, value), INVALID
        if type_ in FULL_WIDTH_TYPES and self._chance(FULL_WIDTH_RATE):
            value = to_full_width(value)
        elif type_ in OCR_TYPES and self._chance(OCR_SPACE_RATE):
            value = self._ocr_spaces(value)
        elif type_ == "address" and keyed and status == VALID and self._chance(SPACED_ADDRESS_RATE):
            value = spaced_levels(value)
        return value, status

    def _ocr_spaces(self, value: str) -> str:
        """One or two single spaces at inner positions of a value written without separators (OCR output)."""
        compact = value.replace(" ", "").replace("-", "")
        if not compact.isalnum():
            return value
        cuts = sorted(self.rng.sample(range(2, len(compact) - 1), self.rng.randint(1, 2)))
        if len(cuts) == 2 and cuts[1] - cuts[0] < 2:
            cuts = cuts[:1]
        for i, cut in enumerate(cuts):
            compact = compact[:cut + i] + " " + compact[cut + i:]
        return compact

    def _labelled(self, type_: str, value: str, keyed: bool = True, maskable: bool = True) -> _Piece:
        text, status = self._occurrence(type_, value, keyed, maskable)
        return _Piece(text, type_, status)

    def _person(self, types: Sequence[str]) -> dict[str, str]:
        """Values of ``types`` for one person: the ID number carries the birth date and (mostly) the county."""
        place, born = self._place(), self._born()
        out = {}
        for t in types:
            if t == "resident_id":
                out[t] = self._resident_id(place, born)
            elif t == "birth_date":
                out[t] = self._birth_date(born)
            elif t == "address":
                out[t] = self._address(place if self._chance(SAME_COUNTY_RATE) else self._place())
            else:
                out[t] = getattr(self, t)()
        return out

    def _weighted_sample(self, weights: dict[str, float], k: int) -> list[str]:
        pool, out = dict(weights), []
        for _ in range(min(k, len(pool))):
            out.append(self._weighted(pool))
            del pool[out[-1]]
        return out

    def _field_types(self, low: int, high: int) -> list[str]:
        """``low``-``high`` distinct types, a name among them (first, mostly) in NAME_RATE of sets."""
        n = self.rng.randint(low, high)
        if not self._chance(NAME_RATE):
            return self._weighted_sample(FIELD_WEIGHTS, n)
        types = self._weighted_sample(FIELD_WEIGHTS, n - 1)
        types.insert(0 if self._chance(0.7) else self.rng.randint(0, len(types)), "name")
        return types

    def _key(self, type_: str, value: str) -> str:
        """A field key for ``type_``; a travel permit's names its kind."""
        keys = phrases.PERMIT_KEYS[ids.travel_permit.kind(value)] if type_ == "travel_permit" else phrases.KV_KEYS[type_]
        return self.rng.choice(keys)

    def _fill(self, template: str) -> str:
        if "{date}" not in template:
            return template
        day = self._day()
        text = f"{day.month}月{day.day}日" if self._chance(0.5) else f"{day.year}年{day.month}月{day.day}日"
        return template.replace("{date}", text)

    def _day(self) -> dt.date:
        return dt.date(2022, 1, 1) + dt.timedelta(days=self.rng.randrange(1277))

    # -- clauses --------------------------------------------------------------------------------------

    def _clause(self, type_: str, value: str) -> Pieces:
        """``value`` in a clause of running text: context before it, the value, text after it."""
        if type_ == "name":
            return self._name_clause(value)
        if type_ == "travel_permit":
            key = self._key(type_, value)
            links = [x for x in phrases.PERMIT_CLAUSE_LINKS if not (x.startswith("号") and key.endswith(("号", "号码")))]
            before, after = key + self.rng.choice(links), ""
        else:
            before, after = self.rng.choice(phrases.CLAUSES[type_])
        keyed = _keyed(type_, before) if type_ in MODULES else True
        return [before, self._labelled(type_, value, keyed), self._fill(after)]

    def _name_clause(self, name: str) -> Pieces:
        """A name after a context word (客户, 患者 …) or, unmasked, before an honorific (先生, 女士)."""
        piece = self._labelled("name", name)
        templates = phrases.NAME_BEFORE if piece.status == MASKED else phrases.NAME_BEFORE + phrases.NAME_AFTER
        before, after = self.rng.choice(templates)
        return [before, piece, self._fill(after)]

    def _honorific_only(self) -> str:
        """王女士 and the like: a surname with an honorific is not a name."""
        return self.fake.last_name() + self.rng.choice(phrases.HONORIFICS)

    def prose(self, chars: int) -> str:
        """About ``chars`` characters of text without personal information or context words (filler for
        benchmarks that need realistic densities)."""
        out: list[str] = []
        size = 0
        while size < chars:
            out.append(self._filler())
            size += len(out[-1])
        return "".join(out)

    def _filler(self) -> str:
        """A Faker zh_CN sentence over words that set no context."""
        sentence = self.fake.sentence(nb_words=self.rng.randint(4, 10), ext_word_list=phrases.filler_words())
        return sentence.rstrip(".") + "。"

    # -- documents --------------------------------------------------------------------------------------

    def _kv(self, negatives: list[tuple[str, str]]) -> Pieces:
        """1-3 lines of 3-8 ``key：value`` fields, one person a line, in mixed order and separators."""
        kv_sep, field_sep = self._weighted(phrases.KV_SEPARATORS), self._weighted(phrases.FIELD_SEPARATORS)
        lines = []
        for _ in range(self.rng.randint(1, 3)):
            person = self._person(self._field_types(3, 8))
            lines.append([[self._key(t, v) + self._kv_separator(kv_sep), self._labelled(t, v)] for t, v in person.items()])
        for label, value in negatives:
            line = self.rng.choice(lines)
            line.insert(self.rng.randint(0, len(line)), [label + kv_sep, _Piece(value, NEGATIVE)])
        return _join([_join(line, field_sep) for line in lines], "\n\n" if field_sep == "\n" else "\n")

    def _kv_separator(self, usual: str) -> str:
        return self._weighted(phrases.KV_SEPARATORS) if self._chance(0.1) else usual

    def _paragraph(self, negatives: list[tuple[str, str]]) -> Pieces:
        """2-5 filler sentences with 1-3 sentences of PI clauses (a person and 1-3 of their details) among them."""
        sentences: list[Pieces] = [[self._filler()] for _ in range(self.rng.randint(2, 5))]
        extra = [self._pi_sentence() for _ in range(self.rng.randint(1, 3))]
        extra += [[label + self._weighted({"": 50, "：": 50}), _Piece(value, NEGATIVE),
                   self._weighted(phrases.NEGATIVE_TAILS)] for label, value in negatives]
        if self._chance(HONORIFIC_ONLY_RATE):
            extra.append([self._honorific_only() + self.rng.choice(phrases.HONORIFIC_TAILS) + "。"])
        if self._chance(ROLE_WORD_RATE):
            extra.append([self.rng.choice(phrases.ROLE_WORDS) + self.rng.choice(phrases.name_shaped_words())
                          + self.rng.choice(phrases.ROLE_WORD_TAILS)])
        for sentence in extra:
            sentences.insert(self.rng.randint(0, len(sentences)), sentence)
        return [p for s in sentences for p in s]

    def _pi_sentence(self) -> Pieces:
        person = self._person(self._field_types(1, 4))
        return _join([self._clause(t, v) for t, v in person.items()], "，") + ["。"]

    def _chat(self, negatives: list[tuple[str, str]]) -> Pieces:
        """4-10 lines ``说话人：内容`` between a customer and staff (or two people); PI inside the content."""
        speakers = [self.name(), self.rng.choice(phrases.CHAT_ROLES)]
        if self._chance(0.3):
            speakers[1] = self.name()
        if self._chance(0.3):
            speakers.reverse()
        n = self.rng.randint(4, 10)
        at = dict(zip(self.rng.sample(range(n), len(negatives)), negatives))
        lines = []
        for i in range(n):
            speaker = speakers[(i + self._chance(0.15)) % 2]
            head = [speaker if speaker in phrases.CHAT_ROLES else _Piece(speaker, "name", VALID),
                    self._weighted({"：": 80, ":": 20})]
            if i in at:
                label, value = at[i]
                lines.append(head + [label, _Piece(value, NEGATIVE), self._weighted(phrases.NEGATIVE_TAILS)])
            else:
                lines.append(head + self._chat_content())
        return _join(lines, "\n")

    def _chat_content(self) -> Pieces:
        kind = self._weighted(CHAT_CONTENT)
        if kind == "pi":
            type_ = self._field_types(1, 1)[0]
            clause = self._clause(type_, self._person([type_])[type_])
            return [self._weighted(phrases.CHAT_LEADS), *clause, self._weighted(phrases.CHAT_ENDS)]
        if kind == "line":
            return [self.rng.choice(phrases.CHAT_LINES)]
        if kind == "filler":
            return [self._filler()]
        return [self._honorific_only() + "您好，" + self.rng.choice(phrases.CHAT_REPLIES)]

    # -- tables -----------------------------------------------------------------------------------------

    def _table_columns(self) -> list[str]:
        pi = self._field_types(3, 7)
        other = self.rng.sample(list(phrases.NON_PI_HEADERS), self.rng.randint(1, 3))
        rest = pi[1:] + other if pi[0] == "name" else pi + other
        self.rng.shuffle(rest)
        return ["name", *rest] if pi[0] == "name" else rest

    def _non_pi_cell(self, kind: str) -> str:
        if kind == "order_no":
            return self._negative_order()
        if kind == "amount":
            return f"{self.rng.uniform(1, 5000):.2f}"
        if kind == "order_time":
            return f"{self._day()} {self.rng.randint(0, 23):02d}:{self.rng.randint(0, 59):02d}:{self.rng.randint(0, 59):02d}"
        if kind == "note":
            return "" if self._chance(0.4) else self._filler()
        if kind == "status":
            return self.rng.choice(phrases.ORDER_STATUSES)
        return self.rng.choice(phrases.PRODUCTS)

    # -- hard negatives ---------------------------------------------------------------------------------

    def _negative_count(self) -> int:
        return (1 + self._chance(0.3)) if self._chance(HARD_NEGATIVE_RATE) else 0

    def _negative(self) -> tuple[str, str]:
        """(label, value) of a hard negative, regenerated until nothing in it is shaped like an identifier."""
        makers = {"order": self._negative_order, "tracking": self._negative_tracking,
                  "timestamp": self._negative_timestamp, "amount": self._negative_amount,
                  "serial": self._negative_serial, "embedded_phone": self._negative_embedded_phone,
                  "version": self._negative_version, "product": self._negative_product}
        while True:
            kind = self.rng.choice(list(makers))
            value = makers[kind]()
            if not identifier_shaped(value):
                return self.rng.choice(phrases.NEGATIVE_LABELS[kind]), value

    def _negative_order(self) -> str:
        """17-20 digits: the order date and a sequence number."""
        return self._day().strftime("%Y%m%d") + self._digits(self.rng.randint(9, 12))

    def _negative_tracking(self) -> str:
        return self._weighted({f"SF{self._digits(13)}": 35, f"YT{self._digits(13)}": 25, f"JD{self._digits(13)}": 20,
                               f"7{self._digits(11)}": 20})

    def _negative_timestamp(self) -> str:
        return self._day().strftime("%Y%m%d") + f"{self.rng.randint(0, 23):02d}{self.rng.randint(0, 59):02d}{self.rng.randint(0, 59):02d}"

    def _negative_amount(self) -> str:
        amount = self.rng.uniform(1, 20000)
        return self._weighted({f"￥{amount:,.2f}": 50, f"{amount:.2f}元": 50})

    def _negative_serial(self) -> str:
        """18 digits whose 'birth date' has a month of 13-19: never an ID number."""
        return (f"{self.rng.randint(1, 9)}{self._digits(5)}{self.rng.randint(1950, 2020)}{self.rng.randint(13, 19)}"
                f"{self.rng.randint(1, 28):02d}{self._digits(4)}")

    def _negative_embedded_phone(self) -> str:
        """A mobile-looking 11 digits inside a longer run of digits (订单13812345678901)."""
        phone = self.rng.choice(MOBILE_BLOCKS) + self._digits(8)
        return self._digits(self.rng.randint(0, 2)) + phone + self._digits(self.rng.randint(2, 4))

    def _negative_version(self) -> str:
        return f"{self.rng.choice('vV')}{self.rng.randint(1, 12)}.{self.rng.randint(0, 20)}.{self.rng.randint(0, 30)}"

    def _negative_product(self) -> str:
        letters = "".join(self.rng.choices(UPPER, k=2))
        return self._weighted({f"{letters}-{self._digits(4)}{self.rng.choice(UPPER)}": 40, f"{letters}{self._digits(5)}": 30,
                               f"SKU{self._digits(8)}": 30})


def spaced_levels(address: str) -> str:
    """An address with a space after each administrative level before its street, as shops export them.

    >>> spaced_levels("浙江省杭州市西湖区文三路478号")
    '浙江省 杭州市 西湖区 文三路478号'
    """
    out, i = [], 0
    for m in re.finditer(r"(?:自治区|特别行政区|省|自治州|市|区|县|旗|镇|乡|街道)(?=[^省市区县旗镇乡])", address):
        if re.search(r"[路街巷道号]", address[i:m.start()]):
            break
        out.append(address[i:m.end()])
        i = m.end()
    return " ".join(out + [address[i:]]) if out and address[i:] else address
