"""The detector on hand-written sentences (tests/data/handwritten.txt): judgments, police records, shop and
clinic records, chats and forms that piguard.synth did not write, with hard negatives."""

from __future__ import annotations

import doctest
from pathlib import Path

import pytest

from piguard.detect import ner as ner_model
from piguard.detect.detector import Detector, default_detector
from piguard.synth import markup
from piguard.synth.scoring import rates, score_text

DOCS = markup.read(Path(__file__).parent / "data" / "handwritten.txt")


def test_markup_doctests():
    assert doctest.testmod(markup).failed == 0


def test_markup_errors_name_the_problem():
    with pytest.raises(ValueError, match="unknown type 'phone'"):
        markup.parse("[phone:13812345678]")
    with pytest.raises(ValueError, match="check character"):
        markup.parse("[mobile:1381234567?]")
    with pytest.raises(ValueError, match="unknown status"):
        markup.parse("[name/fake:张三]")


def test_the_corpus_is_big_enough_to_mean_something():
    assert len(DOCS) >= 100 and sum(len(d.spans) for d in DOCS) >= 130
    assert sum(1 for d in DOCS if not d.spans) >= 15            # lines with nothing to find


def _rates(tp, fp, fn, kind=None):
    t, f, n = (c[kind] for c in (tp, fp, fn)) if kind else (sum(c.values()) for c in (tp, fp, fn))
    return rates(t, f, n)[:2]


def test_precision_and_recall_on_hand_written_sentences():
    tp, fp, fn, same, _, misses = score_text(DOCS, default_detector())
    precision, recall = _rates(tp, fp, fn)
    assert precision >= 0.99 and recall >= 0.9, misses
    # the hard part: names in running text with no word that announces them (钟汉林在朋友圈发文…); 0.9 until the
    # fourth to twelfth blocks came, written to find the rules' blind spots (515 of 589 with them)
    assert _rates(tp, fp, fn, "name")[1] >= 0.86, misses
    # every validated identifier is found, with the status it was written with
    for kind in ("resident_id", "mobile", "bank_card", "uscc", "plate", "email"):
        assert fn[kind] == 0 and same[kind] == tp[kind], (kind, misses)


def test_the_held_out_sentences_stay_as_good_as_when_they_were_written():
    """tests/data/handwritten-heldout.txt is never tuned on (its header says why): precision stays, and names
    found do not fall below what the detector found when the block was written (14 of 31, none false)."""
    held = markup.read(Path(__file__).parent / "data" / "handwritten-heldout.txt")
    tp, fp, fn, *_ = score_text(held, default_detector())
    assert sum(fp.values()) <= 1 and fp["name"] == 0 and tp["name"] >= 14
    for kind in ("resident_id", "mobile", "bank_card", "email"):
        assert fn[kind] == 0, kind


@pytest.mark.skipif(not ner_model.available(), reason="piguard[ner] is not installed")
def test_names_in_running_text_with_the_ner_model():
    tp, fp, fn, _, _, misses = score_text(DOCS, Detector(ner=True))
    precision, recall = _rates(tp, fp, fn, "name")
    # 0.98 until the fourth to sixth blocks came (written to find the rules' blind spots): 352 of 361 with them,
    # two of the misses masked names (杨*, *晓明) that no model reads as names
    assert precision >= 0.98 and recall >= 0.97, misses
