"""Counting pieces end to end on generated files: categories, exclusions, evidence, CLI."""

from __future__ import annotations

import ast
import csv
import hashlib
import io
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from piguard.cli import app
from piguard.count.pieces import Tally
from piguard.count.run import scan
from piguard.detect.detector import default_detector
from piguard.detect.identifiers import resident_id

D = default_detector()
ID = "44030519900307123" + resident_id.calc_check_digit("44030519900307123")
BAD_ID = ID[:17] + ("0" if ID[17] != "0" else "1")


def judge(tally, text, words=()):
    return tally.judge(D.detect(text), words, "test", text)


def test_art11_exclusions():
    t = Tally()
    assert judge(t, f"姓名：张伟 身份证：{ID}").counted
    assert judge(t, f"姓名：张伟 身份证：{ID}").reason == "duplicate"
    assert judge(t, f"身份证：{BAD_ID}").reason == "invalid"
    assert judge(t, "手机：13800000000").reason == "invalid"          # placeholder
    assert judge(t, "手机：138****5678").reason == "masked"
    assert judge(t, "今天天气很好").reason == "not_identifying"
    assert judge(t, "姓名：李娜").reason == "not_identifying"            # a name alone identifies no one here
    assert judge(t, "姓名：李娜 地址：北京市朝阳区建国路88号").counted    # name + address does
    assert t.excluded == {"duplicate": 1, "invalid": 2, "masked": 1, "not_identifying": 2}
    assert sum(t.pieces.values()) == 2 and t.persons == 2
    assert judge(t, "姓名：李娜 手机：15412345678").reason == "invalid"     # unallocated block 154: untrue
    assert not D.detect("订单15412345678已发货")                          # no mobile context: not a phone at all


def test_unallocated_mobiles_in_a_mobile_column_are_untrue(tmp_path):
    rows = ["姓名,手机号"] + [f"李娜,15{4 if i % 4 == 0 else 8}1234{i:04d}" for i in range(40)]
    (tmp_path / "m.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    r = scan([str(tmp_path / "m.csv")])
    assert r["excluded"] == {"invalid": 10} and r["pieces_total"] == 30
    assert r["types"]["mobile/invalid"] == 10


def test_same_person_with_new_information_counts_again():
    t = Tally()
    assert judge(t, "手机：13812345678").counted
    assert judge(t, "手机：13812345678 入住时间 2023-01-01 房间号 301", ["入住时间"]).counted
    assert judge(t, "手机：13812345678 入住时间 2023-02-05 房间号 512", ["入住时间"]).counted   # another stay
    assert t.persons == 1 and t.pieces == {"general": 1, "accommodation": 2}


def make_case(tmp_path):
    rows = [("张伟", "13812345678", ID), ("李娜", "13912345678", ""), ("王芳", "138****5678", BAD_ID),
            ("张伟", "13812345678", ID)]
    with open(tmp_path / "客户.csv", "w", encoding="gbk", newline="") as f:
        w = csv.writer(f)
        w.writerow(("姓名", "手机号", "身份证号"))
        w.writerows(rows)
    (tmp_path / "notes.txt").write_text("患者刘洋 电话13712345678 诊断：高血压\n无关的一行\n", encoding="utf-8")
    (tmp_path / "broken.jsonl").write_bytes(b"{oops\n")


def test_scan_counts_and_evidence(tmp_path):
    make_case(tmp_path)
    ev = io.StringIO()
    r = scan([str(tmp_path)], evidence=ev)
    assert r["schema"] == "piguard.scan/1" and r["partial"] is True
    assert r["pieces"] == {"general": 1, "health": 1, "other_safety": 1}       # 李娜 / 患者刘洋 / 张伟's ID number
    assert r["excluded"] == {"duplicate": 1, "invalid": 1, "not_identifying": 1}   # 张伟 again / 王芳 / 无关的一行
    assert r["contested"] == [{"count": 1, "from": "other_safety", "to": "general"}]
    assert r["persons"] == 3 and r["facts"]["pieces"] == r["pieces"]
    lines = ev.getvalue().splitlines()
    assert len(lines) == 1 + r["records"]
    assert ID not in ev.getvalue() and "13812345678" not in ev.getvalue()
    # the person column is the SHA-256 of the person key (kind:value), recomputable with any tool
    rows = list(csv.DictReader(io.StringIO(ev.getvalue())))
    li_na = next(r for r in rows if r["input"].endswith("客户.csv") and r["locator"] == "row 3")
    assert li_na["person"] == hashlib.sha256("mobile:13912345678".encode()).hexdigest()[:32]
    inputs = {i["path"].rsplit("/", 1)[-1]: i for i in r["inputs"]}
    assert inputs["客户.csv"]["encoding"] == "gb18030" and len(inputs["客户.csv"]["sha256"]) == 64
    assert inputs["broken.jsonl"]["errors"]


def test_cli_scan(tmp_path):
    make_case(tmp_path)
    out = tmp_path / "scan.json"
    r = CliRunner().invoke(app, ["scan", str(tmp_path), "--json", str(out), "--evidence", str(tmp_path / "ev.csv")])
    assert r.exit_code == 3                          # one input was unreadable: partial
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["pieces_total"] == 3 and "pieces" in r.output
    assert ID not in r.output and ID not in out.read_text(encoding="utf-8")
    ok = CliRunner().invoke(app, ["scan", str(tmp_path / "客户.csv"), "--json", "-"])
    assert ok.exit_code == 0 and json.loads(ok.output)["pieces_total"] == 2


def test_assess_with_scan(tmp_path):
    make_case(tmp_path)
    scan_file = tmp_path / "scan.json"
    CliRunner().invoke(app, ["scan", str(tmp_path / "客户.csv"), str(tmp_path / "notes.txt"), "--json", str(scan_file),
                             "-q"])
    facts = tmp_path / "facts.yaml"
    facts.write_text("schema: piguard.facts/1\nacts: [sell]\nillegal_income: 6000\n", encoding="utf-8")
    r = CliRunner().invoke(app, ["assess", str(facts), "--scan", str(scan_file), "--json"])
    assert r.exit_code == 0, r.output
    d = json.loads(r.output)
    assert d["circumstance"] == "serious"
    assert {c["assuming"] for c in d["contested"]["readings"]} == {"1 other_safety → general"}
    facts.write_text("acts: [sell]\npieces: {general: 10}\n", encoding="utf-8")
    bad = CliRunner().invoke(app, ["assess", str(facts), "--scan", str(scan_file)])
    assert bad.exit_code == 2 and "already give pieces" in bad.output
    bad2 = CliRunner().invoke(app, ["assess", str(facts), "--scan", str(facts)])
    assert bad2.exit_code == 2





@pytest.mark.parametrize("seed", [1, 7])
def test_scan_matches_the_synthetic_manifest_exactly(tmp_path, seed):
    r = CliRunner().invoke(app, ["synth", "evidence", str(tmp_path), "--seed", str(seed), "--rows", "60"])
    assert r.exit_code == 0, r.output
    manifest = json.loads((tmp_path / "manifest.json").read_text(encoding="utf-8"))
    result = scan([str(tmp_path / "evidence")])
    assert result["partial"] is False
    assert (result["records"], result["pieces"], result["excluded"]) == \
           (manifest["records"], manifest["pieces"], manifest["excluded"])
    formats = {i["format"] for i in result["inputs"]}
    assert {"csv", "xlsx", "sqlite", "mysql_dump", "text", "jsonl", "zip"} <= formats


def test_art11_labels_obtained_then_sold_and_several_buyers():
    t = Tally()
    rec = f"姓名：张伟 身份证：{ID}"
    assert judge_as(t, rec, None).counted                       # obtained
    assert judge_as(t, rec, "甲").reason == "obtained_then_sold"   # then sold: not counted twice (¶1)
    assert judge_as(t, rec, "乙").counted                        # sold to another buyer: accumulates (¶2)
    assert judge_as(t, rec, "乙").reason == "duplicate"
    assert sum(t.pieces.values()) == 2


@pytest.mark.parametrize("order", [(None, "甲", "乙"), ("乙", None, "甲"), ("甲", "乙", None)])
def test_label_totals_do_not_depend_on_order(order):
    t = Tally()
    for buyer in order:
        judge_as(t, f"姓名：张伟 身份证：{ID}", buyer)
    assert sum(t.pieces.values()) == 2


def judge_as(tally, text, buyer):
    return tally.judge(D.detect(text), (), "test", text, buyer)


def test_cli_labels(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "to_a").mkdir()
    (tmp_path / "to_b").mkdir()
    line = f"姓名：张伟 身份证：{ID}\n".encode()
    for d in ("in", "to_a", "to_b"):
        (tmp_path / d / "x.txt").write_bytes(line)
    r = CliRunner().invoke(app, ["scan", str(tmp_path / "in"), "--label", f"obtained={tmp_path / 'in'}",
                                 "--label", f"sold:甲={tmp_path / 'to_a'}", "--label", f"sold:乙={tmp_path / 'to_b'}",
                                 "--json", "-"])
    assert r.exit_code == 0, r.output
    d = json.loads(r.output)
    assert d["pieces_total"] == 2 and d["excluded"] == {"obtained_then_sold": 1}
    bad = CliRunner().invoke(app, ["scan", str(tmp_path), "--label", "sold=x"])
    assert bad.exit_code == 2


def test_count_doctests():
    import doctest

    from piguard.count import run as run_module
    assert doctest.testmod(run_module).failed == 0


def test_dedup_state_spills_to_disk_with_the_same_counts():
    from piguard.count.keyindex import KeyIndex
    texts = [f"手机：1381234{i:04d}" for i in range(40)] * 2 + [f"姓名：张伟 身份证：{ID}"] * 3
    tiny = dict(run_max=4, memory=64, frozen_max=16)
    small, spilled = Tally(), Tally(_seen=KeyIndex(**tiny), _persons=KeyIndex(**tiny))
    for t in (small, spilled):
        for text in texts:
            judge(t, text)
    assert spilled._seen.on_disk and spilled._persons.on_disk
    assert (spilled.pieces, spilled.excluded, spilled.persons) == (small.pieces, small.excluded, small.persons)
    assert small.persons == 41 and small.excluded == {"duplicate": 42}
    folder = spilled._seen._dir
    spilled.close()
    assert not folder.exists()


def test_counts_do_not_depend_on_input_order(tmp_path):
    from piguard.synth.evidence import write_evidence
    write_evidence(tmp_path, seed=9, rows=40)
    files = sorted(str(p) for p in (tmp_path / "evidence").iterdir())
    # a duplicate of one file's rows across another file: which copy is excluded depends on order, the counts do not
    (tmp_path / "evidence" / "copy.csv").write_bytes((tmp_path / "evidence" / "客户信息.csv").read_bytes())
    files.append(str(tmp_path / "evidence" / "copy.csv"))
    a = scan(files)
    b = scan(list(reversed(files)))
    assert (a["pieces"], a["excluded"], a["persons"]) == (b["pieces"], b["excluded"], b["persons"])
    assert a["excluded"]["duplicate"] > 40


def test_paragraph_records_count_what_lines_cannot(tmp_path):
    cards = "\n\n".join(f"客户档案\n姓名：李{c}\n住址：北京市朝阳区建国路{i + 1}号" for i, c in enumerate("娜伟芳静"))
    (tmp_path / "cards.txt").write_text(cards + "\n", encoding="gb18030")
    ev = io.StringIO()
    as_paragraphs = scan([str(tmp_path)], evidence=ev)
    assert as_paragraphs["pieces"] == {"general": 4} and as_paragraphs["inputs"][0]["unit"] == "paragraph"
    rows = list(csv.DictReader(io.StringIO(ev.getvalue())))
    assert [r["locator"] for r in rows] == ["paragraph 1 (line 1)", "paragraph 2 (line 5)", "paragraph 3 (line 9)",
                                             "paragraph 4 (line 13)"]
    as_lines = scan([str(tmp_path)], text_records="line")
    assert as_lines["pieces"] == {} and as_lines["records"] == 15 and as_lines["inputs"][0]["unit"] == "line"
    result = CliRunner().invoke(app, ["scan", str(tmp_path), "--json", "-", "--text-records", "line"])
    assert result.exit_code == 0 and json.loads(result.stdout)["pieces_total"] == 0
    shown = CliRunner().invoke(app, ["scan", str(tmp_path)])
    assert shown.exit_code == 0 and "one record per paragraph" in " ".join(shown.output.split())


def test_worker_count_follows_input_size(tmp_path, monkeypatch):
    from piguard.count import run as run_module
    (tmp_path / "a.txt").write_text("姓名：李娜 手机：13812345678\n", encoding="utf-8")
    assert run_module.input_bytes([str(tmp_path), str(tmp_path / "missing")]) == (tmp_path / "a.txt").stat().st_size
    seen = []
    monkeypatch.setattr(run_module, "detected", lambda items, d, profiles, workers: seen.append(workers) or iter(()))
    run_module.scan([str(tmp_path)], workers=0)
    monkeypatch.setattr(run_module, "AUTO_WORKERS_BYTES", 1)
    monkeypatch.setattr(run_module, "default_workers", lambda: 2)
    run_module.scan([str(tmp_path)], workers=0)
    assert seen == [1, 2]


def test_too_many_buyers_is_a_clear_error(tmp_path):
    (tmp_path / "a.txt").write_text("手机：13812345678\n", encoding="utf-8")
    labels = [f"sold:买家{i}={tmp_path}/b{i}" for i in range(64)]
    result = CliRunner().invoke(app, ["scan", str(tmp_path), "--json", "-"] + [x for lb in labels for x in ("--label", lb)])
    assert result.exit_code == 2 and "64 buyers" in result.output
    with pytest.raises(ValueError, match="at most 63"):
        scan([str(tmp_path)], labels=labels)


def test_evidence_as_parquet_equals_csv(tmp_path, monkeypatch):
    import pyarrow.parquet as pq

    from piguard.count import evidence as evidence_mod
    monkeypatch.setattr(evidence_mod, "ROW_GROUP", 2)          # several row groups
    case, out = tmp_path / "case", tmp_path / "out"
    case.mkdir()
    out.mkdir()
    make_case(case)
    for name in ("ev.csv", "ev.parquet"):
        r = CliRunner().invoke(app, ["scan", str(case), "-q", "--evidence", str(out / name)])
        assert r.exit_code == 3, r.output
    with open(out / "ev.csv", encoding="utf-8", newline="") as f:
        want = list(csv.reader(f))
    table = pq.read_table(out / "ev.parquet")
    assert table.column_names == want[0] and pq.ParquetFile(out / "ev.parquet").num_row_groups > 1
    assert [list(r.values()) for r in table.to_pylist()] == want[1:]
    assert ID not in str(table.to_pylist())


def test_headerless_table_names_and_addresses_identify(tmp_path):
    # a leaked list without a header row: names (known by the shape of the column) and addresses identify a person
    from piguard.synth import Generator
    g = Generator(5)
    people = [(g.name(), g.address()) for _ in range(60)]
    p = tmp_path / "list.csv"
    p.write_text("".join(f"{n},{a}\n" for n, a in people), encoding="utf-8")
    result = scan([str(p)])
    assert result["inputs"][0]["records"] == 60
    assert result["types"].get("name/valid") == 60 and result["types"].get("address/valid") == 60
    assert result["pieces_total"] == len(set(people))


def test_a_delimited_text_dump_counts_as_the_same_table_in_csv(tmp_path):
    from piguard.synth import Generator
    g = Generator(9)
    rows = [g.record() for _ in range(80)]
    body = "".join(f"{r['name']}\t{r['mobile']}\t{r['resident_id']}\t{r['address']}\n" for r in rows + rows[:10])
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "dump.txt").write_text(body, encoding="gb18030")
    (tmp_path / "b" / "dump.tsv").write_text(body, encoding="gb18030")
    as_text, as_tsv = scan([str(tmp_path / "a")]), scan([str(tmp_path / "b")])
    assert as_text["inputs"][0]["unit"] == "row" and as_text["inputs"][0]["format"] == "text"
    for key in ("pieces", "persons", "excluded", "types", "pieces_total"):
        assert as_text[key] == as_tsv[key], key
    assert as_text["excluded"]["duplicate"] == 10 and as_text["pieces_total"] == 80
    lines = scan([str(tmp_path / "a")], text_records="line")
    assert lines["inputs"][0]["unit"] == "line" and lines["pieces_total"] == 80


def test_a_dash_delimited_dump_inside_a_gz_inside_a_zip(tmp_path):
    import gzip
    import zipfile

    from piguard.synth import Generator
    g = Generator(11)
    rows = [g.record() for _ in range(40)]
    body = "".join(f"{r['mobile']}----{r['name']}----{r['resident_id']}\n" for r in rows).encode("gb18030")
    with zipfile.ZipFile(tmp_path / "leak.zip", "w") as zf:
        zf.writestr("dump/list.txt.gz", gzip.compress(body, mtime=0))
    result = scan([str(tmp_path / "leak.zip")])
    (member,) = [i for i in result["inputs"] if i["path"].endswith("list.txt")]
    assert member["unit"] == "row" and member["records"] == 40 and member["errors"] == []
    assert result["pieces_total"] == 40 and result["types"]["name/valid"] == 40


def test_accounts_with_passwords_count_and_the_passwords_never_show(tmp_path):
    rows = [("QQ号", "密码"), ("123456789", "Abc@12345"), ("987654321", "qwerty2024"), ("123456789", "Abc@12345"),
            ("123456789", "newpass2025")]
    p = tmp_path / "accounts.csv"
    p.write_text("".join(",".join(r) + "\n" for r in rows), encoding="utf-8")
    ev = io.StringIO()
    result = scan([str(p)], evidence=ev)
    assert result["types"]["password/unverified"] == 4 and result["types"]["qq/unverified"] == 4
    # the same account and password again is a duplicate; a new password for it is new information about the same person
    assert result["pieces_total"] == 3 and result["excluded"] == {"duplicate": 1} and result["persons"] == 2
    text = json.dumps(result, ensure_ascii=False) + ev.getvalue()
    assert "********" in text and not any(pw in text for pw in ("Abc@12345", "qwerty2024", "newpass2025"))


def test_an_account_name_counts_with_its_password_not_alone(tmp_path):
    """账号密码 (Interp. Art. 1): a site's account name and its password are a piece; the account name alone
    identifies no one, and neither value shows unmasked."""
    lines = ["账号：zhangsan2020 密码：Abc@12345", "用户名：lisi_88，登录密码：qwerty2024", "账号：wangwu_dev", "账号余额不足"]
    p = tmp_path / "accounts.txt"
    p.write_text("\n".join(lines) + "\n", encoding="utf-8")
    ev = io.StringIO()
    result = scan([str(p)], evidence=ev, text_records="line")
    assert result["types"]["account/unverified"] == 3 and result["types"]["password/unverified"] == 2
    assert result["pieces_total"] == 2 and result["excluded"] == {"not_identifying": 2}
    text = json.dumps(result, ensure_ascii=False) + ev.getvalue()
    assert not any(v in text for v in ("zhangsan2020", "lisi_88", "Abc@12345", "qwerty2024")) and "zh**********" in text


@pytest.mark.skipif(not __import__("piguard.detect.ner", fromlist=["available"]).available(), reason="piguard[ner] not installed")
def test_scan_with_the_ner_model_reads_names_in_text_records(tmp_path):
    lines = ["钟汉林住在北京市朝阳区建国路88号。", "昨天，刘晓庆搬到了上海市徐汇区漕溪北路100号。", "北京市朝阳区建国路88号附近很热闹。"]
    p = tmp_path / "notes.txt"
    p.write_text("\n".join(lines) + "\n", encoding="utf-8")
    rules = scan([str(p)])
    assert rules["pieces_total"] == 0 and rules["detector"] == {"ner": False}
    from piguard.detect.detector import Detector
    ner = scan([str(p)], detector=Detector(ner=True), workers=2)
    assert ner["pieces_total"] == 2 and ner["excluded"] == {"not_identifying": 1} and ner["detector"] == {"ner": True}
    r = CliRunner().invoke(app, ["scan", str(p), "--ner", "--json", "-", "--quiet"])
    assert r.exit_code == 0 and json.loads(r.output)["pieces_total"] == 2


def test_the_cli_says_when_a_title_row_was_not_read_as_a_record(tmp_path):
    (tmp_path / "名单.csv").write_text("客户名单\n姓名,手机号\n张伟,13812345678\n李娜,13912345678\n", encoding="utf-8")
    r = CliRunner().invoke(app, ["scan", str(tmp_path / "名单.csv"), "--json", str(tmp_path / "s.json")])
    assert r.exit_code == 0, r.output
    assert "the table's title: not a record" in r.output
    result = json.loads((tmp_path / "s.json").read_text(encoding="utf-8"))
    assert result["records"] == 2 and result["pieces_total"] == 2


def test_a_tab_dump_with_a_remark_on_some_rows_is_a_table(tmp_path):
    """A GBK text dump with a header whose rows sometimes hold one more field (a remark) is read as a table:
    the header is no record and every row counts."""
    from piguard.synth import Generator
    g = Generator(12)
    rows = [g.record() for _ in range(60)]
    body = "姓名\t手机\t身份证\n" + "".join(f"{r['name']}\t{r['mobile']}\t{r['resident_id']}" + ("\t已核实" if i % 7 == 0 else "")
                                         + "\n" for i, r in enumerate(rows))
    (tmp_path / "list.txt").write_bytes(body.encode("gbk"))
    result = scan([str(tmp_path / "list.txt")])
    (report,) = result["inputs"]
    assert report["unit"] == "row" and report["records"] == 60 and result["excluded"] == {}
    assert result["pieces_total"] == 60 and result["types"]["resident_id/valid"] == 60


def test_synthetic_evidence_written_again_into_its_folder_and_never_into_another(tmp_path):
    """make demo run twice: the folder is written again (its database was added to and failed); a folder
    that piguard did not write is never touched."""
    from piguard.synth.evidence import write_evidence
    first = write_evidence(tmp_path / "case", seed=3, rows=20)
    again = write_evidence(tmp_path / "case", seed=3, rows=20)
    assert first == again
    assert scan([str(tmp_path / "case" / "evidence")])["pieces_total"] == again["pieces_total"]
    (tmp_path / "other" / "evidence").mkdir(parents=True)
    (tmp_path / "other" / "evidence" / "seized.csv").write_text("姓名,手机\n张三,13812345678\n", encoding="utf-8")
    with pytest.raises(ValueError, match="choose an empty folder"):
        write_evidence(tmp_path / "other")
    assert (tmp_path / "other" / "evidence" / "seized.csv").read_text(encoding="utf-8").startswith("姓名")


def test_a_seed_writes_the_same_bytes_every_time(tmp_path):
    """The inputs' SHA-256 in a scan and a report of the synthetic case are reproducible: no file carries
    the time of writing or a random boundary (two processes, with other hash seeds, seconds apart)."""
    code = ("import hashlib, sys; from pathlib import Path; from piguard.synth.evidence import write_evidence; "
            "write_evidence(sys.argv[1], seed=4, rows=15); "
            "print(sorted((str(p.relative_to(sys.argv[1])), hashlib.sha256(p.read_bytes()).hexdigest()) "
            "for p in Path(sys.argv[1]).rglob('*') if p.is_file()))")
    out = []
    for k in (1, 2):
        time.sleep(1.1 if k == 2 else 0)            # zip and PDF times have a resolution of seconds
        out.append(subprocess.run([sys.executable, "-c", code, str(tmp_path / f"case{k}")], capture_output=True, text=True,
                                  check=True, env={**os.environ, "PYTHONHASHSEED": str(k)}).stdout)
    assert out[0] == out[1] and out[0].count("evidence/") >= 20
    scanned = scan([str(tmp_path / "case1" / "evidence")])
    written = {name: h for name, h in ast.literal_eval(out[0]) if name.startswith("evidence/")}
    recorded = {Path(i["path"]).name: i["sha256"] for i in scanned["inputs"]}
    assert {Path(name).name: h for name, h in written.items()}.items() <= recorded.items()


def test_a_record_holding_many_peoples_values_is_noted(tmp_path):
    """An unknown format read as one long line (records run together): 7 people, one piece — the input says so."""
    body = "".join(f"#张伟{i}@1381234567{i}" for i in range(7))
    (tmp_path / "export.xml").write_text(body, encoding="utf-8")
    (tmp_path / "ok.txt").write_text("".join(f"姓名：李{c}，手机：1391234567{i}\n" for i, c in enumerate("娜伟芳静敏")),
                                     encoding="utf-8")
    result = scan([str(tmp_path)])
    by = {Path(i["path"]).name: i for i in result["inputs"]}
    (note,) = by["export.xml"]["warnings"]
    assert note.startswith("1 record(s) each hold the values of many people") and "line 1: 7 mobile" in note
    assert by["ok.txt"]["warnings"] == [] or all("many people" not in w for w in by["ok.txt"]["warnings"])


def test_blank_records_are_excluded_as_blank_not_as_unidentifying(tmp_path):
    """An empty row of a sheet (or a row of separators, a line of spaces) holds no information at all: it is
    a record, listed in the evidence, but excluded as blank, apart from records that hold something that
    identifies no one."""
    import csv as csvmod

    import openpyxl

    from piguard.count.run import scan
    (tmp_path / "a.csv").write_text("姓名,手机号,备注\n张伟,13812345678,\n\n,,\n , ,\u3000\n李娜,,无\n王芳,13912345678,\n",
                                    encoding="utf-8")
    wb = openpyxl.Workbook()
    ws = wb.active
    for row in (["姓名", "手机号"], ["张伟", "13812345678"], [None, None], ["  ", None], ["王芳", "13912345678"]):
        ws.append(row)
    wb.save(tmp_path / "b.xlsx")
    (tmp_path / "c.txt").write_text("姓名：张伟 手机：13812345678\n   \n今天天气很好\n", encoding="utf-8")
    for workers in (1, 2):
        with open(tmp_path / f"ev{workers}.csv", "w", encoding="utf-8", newline="") as ev:
            r = scan([str(tmp_path / n) for n in ("a.csv", "b.xlsx", "c.txt")], evidence=ev, workers=workers,
                     text_records="line")
        # a.csv: rows 3-5 blank, 李娜 alone identifies no one; b.xlsx: rows 3-4 blank, both people again; c.txt: line 2
        assert r["excluded"] == {"blank": 6, "duplicate": 3, "not_identifying": 2}, workers
        assert r["pieces_total"] == 2 and r["records"] == 13
        rows = list(csvmod.DictReader(open(tmp_path / f"ev{workers}.csv", encoding="utf-8")))
        assert [row["locator"] for row in rows if row["category"] == "blank"] == ["row 3", "row 4", "row 5", "row 3", "row 4", "line 2"]
        assert {row["reasons"] for row in rows if row["category"] == "blank"} == {"a blank record: no field holds a value"}
