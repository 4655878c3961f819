"""piguard eval: the detector scored on a labelled corpus of one's own, in the formats labelling tools write."""

from __future__ import annotations

import doctest
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from piguard import evaluate
from piguard.cli import app
from piguard.detect.detector import default_detector
from piguard.synth import markup
from piguard.synth.scoring import score_text

DATA = Path(__file__).parent / "data"
TEXT = "客户张晓明的手机是13812345678，住在杭州市西湖区文三路478号。"   # an invented person


def test_doctests():
    from piguard.synth import scoring
    assert doctest.testmod(evaluate).failed == 0 and doctest.testmod(scoring).failed == 0


def test_markup_is_scored_as_the_hand_written_tests_score_it():
    held = DATA / "handwritten-heldout.txt"
    result = evaluate.score(evaluate.read_corpus(held), default_detector())
    tp, fp, fn, *_ = score_text(markup.read(held), default_detector())
    for label in result.types:
        assert (result.tp[label], result.fp[label], result.fn[label]) == (tp[label], fp[label], fn[label]), label


def _write(tmp_path, name: str, rows) -> Path:
    path = tmp_path / name
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", encoding="utf-8")
    return path


def test_doccano_prodigy_and_cluener_spans_with_their_labels_mapped(tmp_path):
    name, phone, addr = (2, 5), (TEXT.index("138"), TEXT.index("138") + 11), (TEXT.index("杭州"), TEXT.index("。"))
    rows = [
        {"text": TEXT, "label": [[*name, "PER"], [*phone, "PHONE"], [*addr, "ADDRESS"]]},                  # doccano
        {"text": "客户张晓明来过。", "spans": [{"start": 2, "end": 5, "label": "PERSON"}]},                      # Prodigy
        {"text": "客户张晓明在杭州工作", "label": {"name": {"张晓明": [[2, 4]]}, "company": {"杭州": [[6, 7]]}}},  # CLUENER
        {"content": "订单号202405310012345678，无个人信息", "entities": []},
    ]
    result = evaluate.score(evaluate.read_corpus(_write(tmp_path, "c.jsonl", rows)), default_detector())
    # labels the same types answer are one row: PER, PERSON and CLUENER's name are names
    assert result.types == {"name / per / person": ("name",), "phone": ("mobile", "landline"), "address": ("address",)}
    assert result.tp == {"name / per / person": 3, "phone": 1, "address": 1} and sum(result.fp.values()) == 0
    assert result.unmapped == {"company": 1} and result.texts == 4


def test_labels_of_overlapping_types_must_be_mapped_alike(tmp_path):
    rows = [{"text": TEXT, "label": [[9, 20, "PHONE"], [9, 20, "MOBILE"]]}]
    with pytest.raises(evaluate.CorpusError, match="mobile to rows of different types"):
        evaluate.score(evaluate.read_corpus(_write(tmp_path, "c.jsonl", rows)), default_detector())
    fine = evaluate.score(evaluate.read_corpus(_write(tmp_path, "c.jsonl", rows)), default_detector(),
                          evaluate.parse_mapping(["mobile=mobile,landline"]))
    assert fine.support == {"mobile / phone": 2} and fine.tp == {"mobile / phone": 1} and fine.fn == {"mobile / phone": 1}


def test_a_label_no_type_answers_is_reported_and_map_scores_it(tmp_path):
    rows = [{"text": TEXT, "label": [[9, 20, "HOTLINE"], [2, 5, "CUSTOMER"]]}]
    docs = evaluate.read_corpus(_write(tmp_path, "c.jsonl", rows))
    plain = evaluate.score(docs, default_detector())
    assert plain.unmapped == {"hotline": 1, "customer": 1} and not plain.types
    assert plain.unscored == {"name": 1, "mobile": 1, "address": 1}       # found, but the corpus does not say
    mapped = evaluate.score(docs, default_detector(), evaluate.parse_mapping(["HOTLINE=mobile", "customer=name"]))
    assert mapped.tp == {"hotline": 1, "customer": 1} and mapped.unscored == {"address": 1}


@pytest.mark.parametrize("row,message", [
    ({"text": "张三", "label": [[0, 9, "PER"]]}, "lies outside the text"),
    ({"text": "张三来了", "spans": [{"start": 0, "end": 2, "label": "PER", "text": "李四"}]}, "does not hold its value"),
    ({"label": []}, "no text"),
    ({"text": "张三", "label": [["0", 2, "PER"]]}, "must be integers"),
    ({"text": "张三", "label": "PER"}, "must be a list"),
])
def test_bad_spans_are_errors_naming_the_file_and_line(tmp_path, row, message):
    path = _write(tmp_path, "bad.jsonl", [{"text": "好", "label": []}, row])
    with pytest.raises(evaluate.CorpusError, match=message) as exc:
        evaluate.read_corpus(path)
    assert "bad.jsonl:2" in str(exc.value)


def test_other_bad_input_names_itself(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "x", "label": []}\n{oops\n', encoding="utf-8")
    with pytest.raises(evaluate.CorpusError, match="bad.jsonl:2: not a JSON object"):
        evaluate.read_corpus(bad)
    gbk = tmp_path / "gbk.txt"
    gbk.write_bytes("[name:张三]来了".encode("gbk"))
    with pytest.raises(evaluate.CorpusError, match="not UTF-8"):
        evaluate.read_corpus(gbk)
    with pytest.raises(evaluate.CorpusError, match="no piguard type"):
        evaluate.parse_mapping(["X=telephone"])
    with pytest.raises(evaluate.CorpusError, match="LABEL=TYPE"):
        evaluate.parse_mapping(["X"])
    arr = tmp_path / "a.json"
    arr.write_text(json.dumps([{"text": TEXT, "label": [[2, 5, "PER"]]}], ensure_ascii=False), encoding="utf-8")
    assert len(evaluate.read_corpus(arr)) == 1


def test_the_command_masks_what_it_missed_unless_revealed(tmp_path):
    # 13912345678 in running text with no keyword is found; the labelled "phone" 4001234567 is a hotline the corpus
    # calls a phone: a miss to list
    text = "张晓明说他的号码13912345678，热线4001234567"
    a, b = text.index("139"), text.index("400")
    rows = [{"text": text, "label": [[a, a + 11, "PHONE"], [b, b + 10, "PHONE"]]}]
    path = _write(tmp_path, "c.jsonl", rows)
    runner = CliRunner()
    res = runner.invoke(app, ["eval", str(path), "--no-ner"])
    assert res.exit_code == 0, res.output
    assert "phone →" in res.output and "landline" in res.output
    assert "4001234567" not in res.output and "13912345678" not in res.output and "张晓明" not in res.output
    assert "FN phone" in res.output and "4********7" in res.output
    shown = runner.invoke(app, ["eval", str(path), "--no-ner", "--reveal"])
    assert "4001234567" in shown.output
    js = runner.invoke(app, ["eval", str(path), "--no-ner", "--json", "-"])
    data = json.loads(js.output)
    assert data["schema"] == "piguard.eval/1" and data["labels"]["phone"]["tp"] == 1 and data["labels"]["phone"]["fn"] == 1
    assert "张晓明" not in js.output and data["unscored_findings"] == {"name": 1}
    bad = runner.invoke(app, ["eval", str(tmp_path / "missing.jsonl")])
    assert bad.exit_code == 2 and "missing.jsonl" in bad.output


def test_character_tagged_text_and_ai4privacy_spans(tmp_path):
    conll = tmp_path / "msra.txt"
    tagged = [("客", "O"), ("户", "O"), ("张", "B-PER"), ("晓", "I-PER"), ("明", "I-PER"), ("来", "O"), ("过", "O")]
    conll.write_text("\n".join(f"{c} {t}" for c, t in tagged) + "\n\n" + "\n".join(
        f"{c}\t{t}" for c, t in [("经", "O"), ("理", "O"), ("王", "B-PER"), ("小", "M-PER"), ("明", "E-PER"), ("在", "O"),
                                  ("北", "B-LOC"), ("京", "E-LOC")]) + "\n", encoding="utf-8")
    docs = evaluate.read_corpus(conll)
    assert [(d.text, [(d.text[s.start:s.end], s.type) for s in d.spans]) for d in docs] == [
        ("客户张晓明来过", [("张晓明", "per")]), ("经理王小明在北京", [("王小明", "per"), ("北京", "loc")])]
    assert docs[1].where.endswith("msra.txt:9")
    result = evaluate.score(docs, default_detector())
    assert result.tp == {"per": 2} and result.unmapped == {"loc": 1}           # a place is no address
    bad = tmp_path / "bad.txt"
    bad.write_text("张 B-PER\n三四 I-PER X\n", encoding="utf-8")
    with pytest.raises(evaluate.CorpusError, match="bad.txt:2: not a character and its tag"):
        evaluate.read_corpus(bad)
    text = "我叫张晓明，电话13812345678"
    rows = [{"source_text": text, "privacy_mask": [{"value": "13812345678", "start": 8, "end": 19, "label": "TELEPHONENUM"}]}]
    result = evaluate.score(evaluate.read_corpus(_write(tmp_path, "ai4.jsonl", rows)), default_detector())
    assert result.tp == {"telephonenum": 1} and result.unscored == {"name": 1}
