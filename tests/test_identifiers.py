"""Identifier modules: valid, invalid and near-miss forms, full-width and separators, masking, doctests."""

from __future__ import annotations

import doctest
import importlib

import pytest

from piguard.detect.identifiers import (
    BY_TYPE,
    MODULES,
    InvalidChecksum,
    InvalidComponent,
    ValidationError,
    bank_card,
    imei,
    mobile,
    plate,
    resident_id,
    uscc,
    vin,
)

ALL = [m.__name__ for m in MODULES] + ["piguard.detect.identifiers._base", "piguard.detect.normalize",
                                        "piguard.detect.names", "piguard.detect.addresses",
                                        "piguard.detect.detector", "piguard.detect.categories"]


@pytest.mark.parametrize("name", ALL)
def test_doctests(name):
    result = doctest.testmod(importlib.import_module(name))
    assert result.failed == 0
    if name.startswith("piguard.detect.identifiers.") and not name.endswith("_base"):
        assert result.attempted >= 3, f"{name} needs doctests"


@pytest.mark.parametrize("name", [m.__name__.rsplit(".", 1)[1] for m in MODULES])
def test_every_module_has_the_five_verbs(name):
    m = BY_TYPE[name]
    for verb in ("compact", "validate", "is_valid", "format", "mask"):
        assert callable(getattr(m, verb, None)), f"{name}.{verb}"
    assert m.RECOGNIZERS


def with_check(body: str) -> str:
    return body + resident_id.calc_check_digit(body)


class TestResidentId:
    def test_valid_variants(self):
        v = with_check("44030519900307123")
        assert resident_id.is_valid(v)
        assert resident_id.is_valid(v.lower())
        assert resident_id.is_valid("".join(chr(ord(c) + 0xFEE0) for c in v))   # full-width
        assert resident_id.is_valid(f"{v[:6]} {v[6:14]} {v[14:]}")

    def test_wrong_check_character(self):
        v = with_check("44030519900307123")
        bad = v[:17] + ("0" if v[17] != "0" else "1")
        with pytest.raises(InvalidChecksum):
            resident_id.validate(bad)

    @pytest.mark.parametrize("body", ["70030519900307123", "44030519901307123", "44030519900230123",
                                      "44030518500307123", "44030520990307123"])
    def test_impossible_components(self, body):
        with pytest.raises(InvalidComponent):
            resident_id.validate(with_check(body))

    def test_foreigner_permanent_residence_id(self):
        assert resident_id.is_valid(with_check("93115619900307123"))

    def test_first_generation(self):
        assert resident_id.is_valid("440305900307123")
        assert resident_id.to_18("440305900307123") == with_check("44030519900307123")

    def test_gender_and_birth(self):
        v = with_check("44030519900307123")
        assert resident_id.gender(v) == "M" and str(resident_id.birth_date(v)) == "1990-03-07"

    def test_mask_keeps_six_and_four(self):
        v = with_check("44030519900307123")
        assert resident_id.mask(v) == v[:6] + "********" + v[-4:]


class TestMobile:
    @pytest.mark.parametrize("raw", ["13812345678", "+86 138 1234 5678", "0086-138-1234-5678", "8613812345678",
                                     "１３８１２３４５６７８", "19212345678", "16512345678", "17012345678", "14712345678"])
    def test_valid(self, raw):
        assert mobile.validate(raw) == mobile.compact(raw) and len(mobile.compact(raw)) == 11

    @pytest.mark.parametrize("raw", ["14012345678", "15412345678", "16012345678", "16912345678", "17912345678",
                                     "19412345678", "12345678901", "1381234567", "138123456789"])
    def test_unallocated_or_wrong_length(self, raw):
        assert not mobile.is_valid(raw)


class TestChecksums:
    def test_bank_card_luhn(self):
        body = "622202123456789012"
        good = body + bank_card.calc_check_digit(body)
        assert bank_card.is_valid(good)
        assert not bank_card.is_valid(good[:-1] + str((int(good[-1]) + 1) % 10))
        assert not bank_card.is_valid("7" + good[1:])          # no Chinese issuer starts with 7

    def test_uscc_all_authorities(self):
        for head in ("91", "92", "A1", "N2", "Y1", "51"):
            body = head + "440300" + "MA5D1234" + "5"
            code = body + uscc.calc_check_digit(body)
            assert uscc.is_valid(code), code
        assert uscc.is_individual_business("92" + "440300MA5D12345X")

    def test_uscc_rejects_forbidden_letters(self):
        assert not uscc.is_valid("91440300MA5D1234OI")

    def test_vin_check_digit(self):
        body = "LSVAU0330B1234567"
        good = body[:8] + vin.calc_check_digit(body) + body[9:]
        assert vin.is_valid(good)
        with pytest.raises(InvalidChecksum):
            vin.validate(good[:8] + ("1" if good[8] != "1" else "2") + good[9:])
        assert not vin.is_valid("LSVAU0330B123456I")       # I is not allowed

    def test_imei(self):
        assert imei.is_valid("490154203237518")
        assert not imei.is_valid("490154203237519")


class TestPlates:
    @pytest.mark.parametrize("raw", ["粤B12345", "粤B·12345", "京A D12345", "沪AD12345", "苏E12345D", "浙A1234学", "鲁AF12345"])
    def test_valid(self, raw):
        assert plate.is_valid(raw) or raw == "京A D12345" and plate.is_valid("京AD12345")

    @pytest.mark.parametrize("raw", ["粤I12345", "粤BABCDE", "港B12345", "粤B1234"])
    def test_invalid(self, raw):
        assert not plate.is_valid(raw)

    def test_new_energy(self):
        assert plate.is_new_energy("京AD12345") and not plate.is_new_energy("京A12345")


def test_validation_errors_are_value_errors():
    with pytest.raises(ValueError):
        mobile.validate("abc")
    assert issubclass(ValidationError, ValueError)


NEAR_MISSES = {
    "passport": (["E12345678", "EA1234567", "G12345678", "DE1234567"], ["E1234567", "EI1234567", "X12345678"]),
    "travel_permit": (["H1234567801", "M12345678", "C12345678", "L12345678"], ["H1234567", "Z12345678"]),
    "hmt_id": (["A123456(3)", "A1234563", "AB9876543", "A123456789", "1234567(8)", "a123456（3）"],
               ["A123456(4)", "A123456788", "A123456", "I123456789", "2234567(8)", "A323456789"]),
    "email_address": (["a.b@qq.com", "x_y+z@mail.163.com"], ["a..b@qq.com", "ab@qq", "@qq.com", ".a@qq.com"]),
    "ip_address": (["10.0.0.1", "2001:db8::1"], ["256.0.0.1", "1.2.3", "2001:db8:::1"]),
    "mac_address": (["00:1a:2b:3c:4d:5e", "00-1A-2B-3C-4D-5E"], ["00:1a:2b:3c:4d", "00:1a:2b:3c:4d:5g"]),
    "imei": (["490154203237518"], ["490154203237519", "49015420323751"]),
    "qq": (["10001", "12345678901"], ["0123456", "1234", "123456789012"]),
    "wechat": (["wxid_abc123", "zhang-san"], ["8abcdef", "abc", "a" * 21]),
    "gps": (["39.9087,116.3975", "22.5431, 114.0579", "116.3975，纬度39.9087", "39.9087; lng=116.3975"],
            ["91.1234,116.3975", "39.9,116.3", "116.3975，纬度99.9087"]),
    "postal_code": (["100083", "518057"], ["900000", "10008", "1000833"]),
    "birth_date": (["1990-03-07", "1990年3月7日", "19900307"], ["1990-02-30", "1990-13-01", "2990-01-01"]),
    "verification_code": (["385912", "A1B2"], ["abc", "abcdefgh", "123456789"]),
    "landline": (["010-12345678", "(0755)88886666", "0571-88886666转123"], ["0999-1234", "4008001234", "95588"]),
    "uscc": (["91110000600037341L"], ["91110000600037341M", "9111000060003734", "O1110000600037341L"]),
    "password": (["123456", "Abc@12345", "zhang_1990", "a" * 32], ["12345", "a" * 33, "******", "abc 123", "abc,123", "密码123456"]),
    "account": (["zhangsan2020", "lisi_88", "wang.fang-dev", "a" * 32], ["abc", "2020zhang", "a" * 33, "a@b.com", "zhang san",
                                                                         "张三2020"]),
}


@pytest.mark.parametrize("module,good,bad", [(m, g, b) for m, (g, b) in NEAR_MISSES.items()])
def test_valid_and_near_miss_forms(module, good, bad):
    m = BY_TYPE[module]
    assert all(m.is_valid(v) for v in good), [v for v in good if not m.is_valid(v)]
    assert not any(m.is_valid(v) for v in bad), [v for v in bad if m.is_valid(v)]


def test_landline_validity_matches_phonenumbers_parse():
    import random

    import phonenumbers

    from piguard.detect.identifiers import landline
    rng = random.Random(7)
    numbers = ["0" + rng.choice(["10", "20", "21", "755", "571", "999", "400", "800", "851", "433", "086", "01"])
               + "".join(rng.choice("0123456789") for _ in range(rng.choice([7, 8]))) for _ in range(3000)]
    for n in numbers:
        try:
            parsed = phonenumbers.parse(n, "CN")
        except phonenumbers.NumberParseException:
            expected = False
        else:
            expected = phonenumbers.is_valid_number(parsed) and phonenumbers.number_type(parsed) in (
                phonenumbers.PhoneNumberType.FIXED_LINE, phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE)
        assert landline._fixed_line(n) == expected, n
    assert any(landline._fixed_line(n) for n in numbers) and not all(landline._fixed_line(n) for n in numbers)


def test_landline_numbering_is_libphonenumbers():
    """The fixed-line test reads libphonenumber's numbering data itself (compiled once); it must say what
    phonenumbers says of every number, valid or not, whatever its area code and length."""
    import random

    import phonenumbers

    from piguard.detect.identifiers import landline
    rnd = random.Random(11)
    mains = ["0" + rnd.choice(["10", "20", "21", "22", "23", "24", "25", "27", "28", "29", "311", "351", "411", "431", "451", "471",
                               "531", "551", "571", "591", "731", "755", "771", "851", "871", "891", "898", "931", "951", "971", "991",
                               str(rnd.randint(100, 999)), str(rnd.randint(10, 99)), "400", "800", "95"])
             + "".join(rnd.choice("0123456789") for _ in range(rnd.randint(5, 10))) for _ in range(20000)]

    def by_phonenumbers(main: str) -> bool:
        if main.startswith("00"):
            return False
        n = phonenumbers.PhoneNumber(country_code=86, national_number=int(main[1:]))
        return phonenumbers.is_valid_number(n) and phonenumbers.number_type(n) in (
            phonenumbers.PhoneNumberType.FIXED_LINE, phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE)

    ours = [landline._fixed_line.__wrapped__(m) for m in mains]
    assert ours == [by_phonenumbers(m) for m in mains]
    assert 2000 < sum(ours) < 18000                   # both kinds are in the sample


@pytest.mark.parametrize("text,found", [
    ("香港身份证号码：A123456(3)", [("A123456(3)", "valid", "high")]),
    ("台湾身份证字号：A123456789", [("A123456789", "valid", "high")]),
    ("身分證字號 A123456788", [("A123456788", "invalid", "medium")]),
    ("澳门身份证：1234567(8)", [("1234567(8)", "valid", "high")]),
    ("来访人持A123456(3)登记", [("A123456(3)", "valid", "medium")]),       # the bracketed check alone: medium
    ("产品型号AB9876543已停产", []), ("序列号A123456789", []), ("编号1234567(8)", []),
    # a generic ID field's words raise a Hong Kong number without brackets and a Taiwan one; not a Macau one
    ("身份证：A1234563", [("A1234563", "valid", "high")]), ("证件号：A1234564", [("A1234564", "invalid", "medium")]),
    ("身份证号码 A123456789，电话13800138000", [("A123456789", "valid", "high")]), ("证件号码：12345678", []),
])
def test_hong_kong_macau_and_taiwan_identity_cards_in_text(text, found):
    """A Hong Kong number written with its check in brackets is found anywhere; without brackets, a Taiwan or a
    Macau number only after a keyword (such shapes are product and serial numbers too); a wrong check near a
    keyword is located as invalid."""
    from piguard.detect.detector import default_detector
    got = [(text[f.start:f.end], f.status.value, f.confidence) for f in default_detector().detect(text) if f.type == "hmt_id"]
    assert got == found
