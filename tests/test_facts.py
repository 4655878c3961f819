"""The facts model: bad input is a clear error naming the key."""

from __future__ import annotations

import json

import pytest

from piguard import FactsError, load_facts, parse_facts


def err(data) -> str:
    with pytest.raises(FactsError) as e:
        parse_facts(data, "case.yaml")
    return str(e.value)


@pytest.mark.parametrize("data,needle", [
    ({"acts": ["sell"], "pieces": {"general": 1}, "colour": "red"}, "colour: unknown key"),
    ({"acts": ["sell"], "pieces": {"generl": 1}}, "pieces.generl: unknown key"),
    ({"acts": ["sell"], "offender": {"dutyorservice": True}, "illegal_income": 1}, "offender.dutyorservice: unknown key"),
    ({"acts": ["sell"], "pieces": {"general": -5}}, "pieces.general"),
    ({"acts": ["sell"], "illegal_income": -1}, "illegal_income"),
    ({"acts": ["sell"], "pieces": {"general": "5000"}}, "pieces.general"),
    ({"acts": ["sell"], "pieces": {"general": 50.5}}, "pieces.general"),
    ({"acts": ["sell"], "illegal_income": "3,498"}, "illegal_income"),
    ({"acts": ["sell"], "illegal_income": True}, "illegal_income"),
    ({"acts": ["sell"], "pieces": {"general": 1}, "offender": {"surrender": "yes"}}, "offender.surrender"),
    ({"acts": ["sell"], "pieces": {"general": 1}, "offender": {"role": "boss"}}, "offender.role"),
    ({"acts": ["steal"], "pieces": {"general": 1}}, "acts[0]"),
    ({"acts": [], "pieces": {"general": 1}}, "acts"),
    ({"pieces": {"general": 1}}, "acts: required key is missing"),
    ({"acts": ["sell"]}, "at least one of: pieces, illegal_income"),
    ({"acts": ["sell", "sell"], "pieces": {"general": 1}}, "an act is listed twice"),
    ({"acts": ["sell"], "pieces": {"health": 10}, "contested": [{"count": 11, "from": "health", "to": "general"}]},
     "contested[0].count (11) exceeds pieces.health (10)"),
    ({"acts": ["sell"], "pieces": {"health": 10}, "contested": [{"count": 5, "from": "health", "to": "mood"}]},
     "contested[0].to"),
    ({"acts": ["sell"], "pieces": {"general": 1}, "conduct": {"start": "2021-05-01", "end": "2021-04-01"}},
     "conduct.end is before conduct.start"),
    ({"acts": ["sell"], "pieces": {"general": 1}, "offender": {"annual_turnover": 10}}, "only for offender.type: unit"),
    ({"acts": ["sell"], "pieces": {"general": 1}, "consequences": ["embarrassment"]}, "consequences[0]"),
    ({"schema": "piguard.facts/9", "acts": ["sell"], "pieces": {"general": 1}}, "schema: expected 'piguard.facts/1'"),
    (["acts"], "expected a mapping"),
])
def test_bad_facts_name_the_key(data, needle):
    msg = err(data)
    assert msg.startswith("case.yaml")
    assert needle in msg, msg


def test_null_means_unknown_and_absent_means_not_alleged():
    f = parse_facts({"acts": ["sell"], "pieces": {"general": 1}, "whereabouts_used_in_crime": None})
    assert f.whereabouts_used_in_crime is None and f.knew_recipient_criminal is False


def test_a_trigger_alone_is_enough():
    f = parse_facts({"acts": ["sell"], "knew_recipient_criminal": True})
    assert f.pieces.total() == 0


def test_yaml_and_json_files(tmp_path):
    y = tmp_path / "f.yaml"
    y.write_text("acts: [sell]\npieces: {general: 5000}\ndecision_date: 2023-02-08\n", encoding="utf-8")
    j = tmp_path / "f.json"
    j.write_text(json.dumps({"acts": ["sell"], "pieces": {"general": 5000}, "decision_date": "2023-02-08"}),
                 encoding="utf-8")
    assert load_facts(y) == load_facts(j)


def test_bom_is_accepted(tmp_path):
    p = tmp_path / "bom.yaml"
    p.write_bytes("\ufeffacts: [sell]\npieces: {general: 1}\n".encode("utf-8"))
    assert load_facts(p).pieces.general == 1


@pytest.mark.parametrize("content,needle", [
    (b"acts: [sell\n", "not valid YAML"),
    ("acts: [sell]\n".encode("gbk") + "案: 张\n".encode("gbk"), "not UTF-8"),
])
def test_unreadable_files(tmp_path, content, needle):
    p = tmp_path / "bad.yaml"
    p.write_bytes(content)
    with pytest.raises(FactsError) as e:
        load_facts(p)
    assert str(p) in str(e.value) and needle in str(e.value)


def test_missing_file(tmp_path):
    with pytest.raises(FactsError, match="cannot read facts file"):
        load_facts(tmp_path / "nope.yaml")


def test_input_file_is_not_modified(tmp_path):
    p = tmp_path / "f.yaml"
    p.write_text("acts: [sell]\npieces: {general: 6000}\n", encoding="utf-8")
    before = p.read_bytes()
    from piguard import assess
    assess(load_facts(p))
    assert p.read_bytes() == before


def test_prior_punishment_implies_not_first_offender():
    f = parse_facts({"acts": ["sell"], "pieces": {"general": 1}, "offender": {"recidivist": True}})
    assert f.offender.first_offender is False
    with pytest.raises(FactsError, match="contradicts"):
        parse_facts({"acts": ["sell"], "pieces": {"general": 1},
                     "offender": {"prior_pi_criminal_punishment": True, "first_offender": True}})


def test_assess_accepts_a_mapping():
    from piguard import assess
    assert assess({"acts": ["sell"], "pieces": {"general": 5000}}).circumstance == "serious"
    with pytest.raises(FactsError):
        assess({"acts": ["sell"], "pieces": {"general": -1}})
