"""Synthetic data generator: determinism, exact and valid labels, keyword context, GBK, hard negatives, tables, rates."""

from __future__ import annotations

import doctest
import hashlib
import os
import re
import subprocess
import sys
from collections import Counter

import pytest

import piguard.synth
from piguard.detect import addresses, names
from piguard.detect.gazetteer import surnames
from piguard.detect.identifiers import InvalidChecksum, bank_card, birth_date, mobile, resident_id
from piguard.synth import IDENTIFIER_TYPES, INVALID, KEYWORD_REQUIRED, KINDS, MASKED, MODULES, STATUSES, TYPES, VALID, Generator, phrases
from piguard.synth.documents import FULL_WIDTH_TYPES, MASKABLE, identifier_shaped

CORPUS_SIZE = 2000
FULL_WIDTH = re.compile(r"[０-９Ｘｘ]")
ALL_COLUMNS = list(TYPES) + list(phrases.NON_PI_HEADERS)


@pytest.fixture(scope="module")
def corpus():
    return Generator(seed=2024).corpus(CORPUS_SIZE)


@pytest.fixture(scope="module")
def spans(corpus):
    """(value as written, span, document) for every label in the corpus."""
    return [(d.text[s.start:s.end], s, d) for d in corpus for s in d.spans]


@pytest.fixture(scope="module")
def full_table():
    return Generator(seed=7).table(rows=400, columns=ALL_COLUMNS)


def by_type(spans, type_, status=None):
    return [v for v, s, _ in spans if s.type == type_ and (status is None or s.status == status)]


def test_doctests():
    assert doctest.testmod(piguard.synth).failed == 0


# -- determinism --------------------------------------------------------------------------------------------

def test_same_seed_same_output():
    a, b = Generator(3), Generator(3)
    assert a.corpus(100) == b.corpus(100)
    assert a.table(30) == b.table(30)
    assert [a.record() for _ in range(5)] == [b.record() for _ in range(5)]
    assert [a.hard_negative() for _ in range(20)] == [b.hard_negative() for _ in range(20)]


def test_different_seeds_differ():
    assert Generator(1).corpus(20) != Generator(2).corpus(20)
    assert Generator(1).table(10) != Generator(2).table(10)


def test_byte_identical_across_processes():
    """Set iteration order varies with the hash seed between processes: output must not."""
    code = ("import hashlib; from piguard.synth import Generator; g = Generator(5); "
            "print(hashlib.sha256(repr((g.corpus(150), g.table(40))).encode()).hexdigest())")
    procs = [subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True,
                              env={**os.environ, "PYTHONHASHSEED": seed}) for seed in ("1", "2")]
    digests = [p.communicate(timeout=60)[0].strip() for p in procs]
    g = Generator(5)
    here = hashlib.sha256(repr((g.corpus(150), g.table(40))).encode()).hexdigest()
    assert digests == [here, here]


# -- values ---------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("type_", IDENTIFIER_TYPES)
def test_value_methods_are_valid(type_):
    g, module = Generator(11), MODULES[type_]
    for _ in range(300):
        value = getattr(g, type_)()
        assert module.is_valid(value) and module.is_valid(module.compact(value)), value


@pytest.mark.parametrize("type_", ["resident_id", "bank_card"])
def test_invalid_values_fail_only_the_check(type_):
    g, module = Generator(12), MODULES[type_]
    for _ in range(200):
        value = getattr(g, type_)(valid=False)
        with pytest.raises(InvalidChecksum):
            module.validate(value)


def test_masked_values():
    g = Generator(13)
    for _ in range(100):
        assert re.fullmatch(r"1[3-9][0-9]\*{4}[0-9]{4}", g.masked("mobile"))
        assert re.fullmatch(r"[1-9][0-9]{5}\*{8}[0-9]{3}[0-9X]", g.masked("resident_id"))
        assert re.fullmatch(r"62[0-9]{2}\*{8,11}[0-9]{4}", g.masked("bank_card"))
        name = g.masked("name")
        assert names.masked_name(name) == name
    for type_ in TYPES:
        assert "*" in g.masked(type_) or "某" in g.masked(type_)
    with pytest.raises(ValueError):
        g.masked("shoe_size")


def test_names():
    g, compound = Generator(14), surnames()[1]
    all_names = [g.name() for _ in range(3000)]
    for n in all_names:
        assert 2 <= len(n) <= 4 and names.split_name(n) == n, n
    share = sum(n[:2] in compound for n in all_names) / len(all_names)
    assert 0.01 <= share <= 0.06


def test_addresses():
    g = Generator(15)
    for _ in range(500):
        a = g.address()
        assert addresses.STREET.search(a) and "号" in a
        assert not any(p in a for p in ("市辖区", "省直辖县级行政区划")), a
        assert addresses.extent(a, 0) == len(a), a        # the detector's address run covers all of it


def test_record_is_one_consistent_person():
    g = Generator(16)
    for _ in range(50):
        r = g.record()
        assert {"name", "mobile", "resident_id", "address", "email", "bank_card", "birth_date"} <= set(r)
        assert resident_id.birth_date(r["resident_id"]) == birth_date.validate(r["birth_date"])
        for t, v in r.items():
            assert t not in MODULES or MODULES[t].is_valid(v), (t, v)


# -- documents --------------------------------------------------------------------------------------------------

def test_spans_exact_in_bounds_and_disjoint(corpus):
    for d in corpus:
        assert d.kind in KINDS
        regions = sorted([(s.start, s.end) for s in d.spans] + list(d.negatives))
        for (_, e0), (s1, _) in zip(regions, regions[1:]):
            assert e0 <= s1, d.text
        for s in d.spans:
            value = d.text[s.start:s.end]
            assert 0 <= s.start < s.end <= len(d.text) and value == value.strip()
            assert s.type in TYPES and s.status in STATUSES


def test_labelled_values_pass_or_fail_their_validators(spans):
    for value, s, _ in spans:
        if s.status == MASKED:
            assert "*" in value or "某" in value, value
        elif s.type == "name":
            assert names.split_name(value) == value, value
        elif s.type == "address":
            assert addresses.STREET.search(value), value
        elif s.status == INVALID:
            with pytest.raises(InvalidChecksum):
                MODULES[s.type].validate(value)
        else:
            module = MODULES[s.type]
            assert module.is_valid(value) and module.is_valid(module.compact(value)), (s.type, value)


def test_keyword_required_types_follow_a_keyword(spans):
    seen = set()
    for _, s, d in spans:
        if s.type in KEYWORD_REQUIRED:
            window = d.text[max(0, s.start - 12):s.start].casefold()      # the longest key and a separator
            after = tuple(w for r in MODULES[s.type].RECOGNIZERS for w in r.keywords_after)
            # or glued before a keyword that may follow the value (1997.05.20出生)
            assert (any(k.casefold() in window for k in MODULES[s.type].KEYWORDS)
                    or d.text.startswith(after, s.end)), (s.type, d.text[s.start - 8:s.end])
            seen.add(s.type)
    assert seen == KEYWORD_REQUIRED


def test_invalid_only_where_allowed(spans):
    invalid = Counter(s.type for _, s, _ in spans if s.status == INVALID)
    assert set(invalid) == {"resident_id", "bank_card"}
    for _, s, d in spans:
        if s.type == "bank_card" and s.status == INVALID:
            window = d.text[max(0, s.start - 12):s.start].casefold()      # the longest key and a separator
            assert any(k in window for k in bank_card.KEYWORDS), d.text[s.start - 8:s.end]


def test_names_never_include_an_honorific(corpus, spans):
    for value, s, _ in spans:
        if s.type == "name":
            assert not value.endswith(names.AFTER)
    # 王女士 alone occurs, unlabelled
    alone = re.compile(r"(?<![\u4e00-\u9fff])([\u4e00-\u9fff]{1,2})(?:先生|女士)")
    unlabelled = [m for d in corpus for m in alone.finditer(d.text)
                  if m.group(1) in surnames()[0] | surnames()[1] and not any(s.start == m.start() for s in d.spans)]
    assert len(unlabelled) > 50


def test_chat_lines_have_a_speaker(corpus):
    for d in corpus:
        if d.kind == "chat":
            for line in d.text.split("\n"):
                assert re.match(r"[\u4e00-\u9fff]{2,4}[：:]", line), line


def test_document_kinds():
    g = Generator(17)
    for kind in KINDS:
        assert g.document(kind).kind == kind
    with pytest.raises(ValueError):
        g.document("poem")


def test_gbk(corpus, full_table):
    g = Generator(18)
    for d in corpus:
        d.text.encode("gbk")
    for row in (full_table.headers, *full_table.rows):
        "".join(row).encode("gbk")
    "".join(g.hard_negative() for _ in range(300)).encode("gbk")


# -- hard negatives ---------------------------------------------------------------------------------------------

def test_hard_negatives_are_not_pi(corpus):
    g = Generator(19)
    negatives = [g.hard_negative() for _ in range(1000)]
    negatives += [d.text[s:e] for d in corpus for s, e in d.negatives]
    for text in negatives:
        assert not identifier_shaped(text), text
        for run in re.findall(r"[0-9]+", text):
            assert not (mobile.is_valid(run) or resident_id.is_valid(run) or bank_card.is_valid(run)), text
    assert any(re.search(r"1[3-9][0-9]{9}", t) and mobile.is_valid(re.search(r"1[3-9][0-9]{9}", t).group())
               for t in negatives)   # some hide a phone-like run inside a longer one


def test_hard_negative_labels_set_no_context():
    words = [w.casefold() for w in phrases.context_words()]
    for labels in phrases.NEGATIVE_LABELS.values():
        for label in labels:
            assert not any(w in label.casefold() for w in words), label


# -- tables -----------------------------------------------------------------------------------------------------

def check_table(t):
    assert len(set(t.headers)) == len(t.headers) and set(t.column_types) == set(t.headers)
    labelled = {(r, c): (type_, status) for r, c, type_, status in t.cells}
    for r, row in enumerate(t.rows):
        assert len(row) == len(t.headers)
        for c, cell in enumerate(row):
            type_ = t.column_types[t.headers[c]]
            if type_ is None or cell == "":
                assert (r, c) not in labelled
                continue
            assert labelled[(r, c)][0] == type_
            status = labelled[(r, c)][1]
            if status == MASKED:
                assert "*" in cell or "某" in cell
            elif status == INVALID:
                with pytest.raises(InvalidChecksum):
                    MODULES[type_].validate(cell)
            elif type_ in MODULES:
                assert MODULES[type_].is_valid(cell), (type_, cell)
            elif type_ == "name":
                assert names.split_name(cell) == cell


def test_table_cells_match_column_types(full_table):
    check_table(full_table)
    assert set(full_table.column_types.values()) == set(TYPES) | {None}
    g = Generator(20)
    for _ in range(20):
        check_table(g.table(rows=30))


def test_table_rates(full_table):
    pi_cells = [(r, c) for r in range(len(full_table.rows)) for c, h in enumerate(full_table.headers)
                if full_table.column_types[h]]
    empty = sum(full_table.rows[r][c] == "" for r, c in pi_cells) / len(pi_cells)
    assert 0.015 <= empty <= 0.05
    status = Counter((type_, s) for _, _, type_, s in full_table.cells)
    for type_ in MASKABLE:
        assert status[(type_, MASKED)] > 0
    assert status[("resident_id", INVALID)] > 0 and status[("bank_card", INVALID)] > 0


def test_table_rejects_bad_columns():
    with pytest.raises(ValueError):
        Generator().table(5, ["name", "shoe_size"])
    with pytest.raises(ValueError):
        Generator().table(5, ["name", "name"])


# -- rates and variety over the corpus -------------------------------------------------------------------------

def test_rates(corpus, spans):
    for type_ in MASKABLE:
        statuses = Counter(s.status for _, s, _ in spans if s.type == type_)
        assert 0.02 <= statuses[MASKED] / sum(statuses.values()) <= 0.10, (type_, statuses)
    ids = Counter(s.status for _, s, _ in spans if s.type == "resident_id")
    assert 0.02 <= ids[INVALID] / sum(ids.values()) <= 0.10
    cards = Counter(s.status for _, s, _ in spans if s.type == "bank_card")
    assert 0 < cards[INVALID] / sum(cards.values()) <= 0.10
    written = [v for v, s, _ in spans if s.type in FULL_WIDTH_TYPES and s.status != MASKED]
    assert 0.02 <= sum(bool(FULL_WIDTH.search(v)) for v in written) / len(written) <= 0.10
    assert 0.22 <= sum(bool(d.negatives) for d in corpus) / len(corpus) <= 0.38
    kinds = Counter(d.kind for d in corpus)
    assert all(kinds[k] > 0.15 * len(corpus) for k in KINDS)


def test_format_variety(spans):
    mobiles = by_type(spans, "mobile", VALID)
    assert any(v.startswith("+86 ") for v in mobiles) and any(v.startswith("0086") for v in mobiles)
    assert any(re.fullmatch(r"1[0-9]{2}-[0-9]{4}-[0-9]{4}", v) for v in mobiles)
    assert any(v.endswith("x") for v in by_type(spans, "resident_id"))
    assert any(len(plate_compact(v)) == 8 for v in by_type(spans, "plate"))
    landlines = by_type(spans, "landline")
    assert any("转" in v for v in landlines) and any(v.startswith("(") for v in landlines)
    assert any(" " in v for v in by_type(spans, "bank_card", VALID))
    assert any(":" in v for v in by_type(spans, "ip_address"))
    assert any("°" in v for v in by_type(spans, "gps"))
    assert any(v.endswith("某") for v in by_type(spans, "name", MASKED))
    assert all(len(set(by_type(spans, t))) > 5 for t in TYPES)


def plate_compact(value: str) -> str:
    return MODULES["plate"].compact(value)
