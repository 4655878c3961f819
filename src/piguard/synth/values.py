"""One value per PI type, valid by construction: check characters come from the identifier modules themselves,
region codes and place names from the GB/T 2260 gazetteer, given names from Faker.

Each method returns the value as it would be written, in one of the formats people use (``+86 138 1234 5678``,
``(0755)88886666``, ``6222 0212 3456 7891 233`` …). All randomness comes from ``self.rng`` and from a Faker
seeded from it, so a seed fixes every value.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import random
from dataclasses import dataclass
from functools import lru_cache
from types import ModuleType

from faker import Faker

from piguard.detect import addresses, names
from piguard.detect import identifiers as ids
from piguard.detect.gazetteer import divisions, surnames
from piguard.synth.model import IDENTIFIER_TYPES, TYPES

MODULES: dict[str, ModuleType] = {t: ids.BY_TYPE["email_address" if t == "email" else t] for t in IDENTIFIER_TYPES}

DIGITS = "0123456789"
UPPER = "ABCDEFGHJKLMNPQRSTUVWXYZ"            # letters without I and O, as plates and permits use them
COMPOUND_SURNAME_RATE = 0.03
LOWER_X_RATE = 0.3                            # of ID numbers ending in X, the share written with a lower-case x
EARLIEST_BIRTH, LATEST_BIRTH = dt.date(1950, 1, 1), dt.date(2006, 12, 31)

MOBILE_BLOCKS = tuple(sorted(ids.mobile.BLOCKS))
# area code -> subscriber-number lengths, as libphonenumber's numbering plan has them
AREA_CODES = {"010": (8,), "020": (8,), "021": (8,), "022": (8,), "023": (8,), "024": (8,), "025": (8,), "027": (8,),
              "028": (8,), "029": (8,), "0311": (8,), "0351": (7,), "0371": (8,), "0431": (8,), "0451": (8,),
              "0471": (7,), "0512": (8,), "0531": (8,), "0551": (8,), "0571": (8,), "0591": (8,), "0731": (8,),
              "0755": (8,), "0756": (7,), "0769": (8,), "0791": (8,), "0851": (7, 8), "0871": (8,), "0898": (8,),
              "0931": (7,), "0991": (7,)}
# UnionPay issuer BIN -> card length
CARD_BINS = (("622202", 19), ("621226", 19), ("621700", 19), ("622700", 19), ("622848", 19), ("623058", 19),
             ("621661", 19), ("622260", 17), ("622609", 18), ("625807", 16), ("628288", 16), ("622588", 16),
             ("621483", 16))
USCC_LETTERS = "".join(c for c in ids.uscc.ALPHABET if c.isalpha())   # keeps an organisation code from being all digits
PUBLIC_FIRST_OCTETS = tuple(o for o in range(11, 224) if o not in (127, 172, 192))
VIN_WMIS = ("LSV", "LFV", "LSG", "LGB", "LHG", "LVG", "LVS", "LBV", "LGW", "LDC", "LNB", "LS5")
VIN_CHARS = "".join(sorted(ids.vin.ALLOWED))
VIN_YEARS = "ABCDEFGHJKLMNPRSTVWXY123456789"
EMAIL_DOMAINS = ("163.com", "126.com", "qq.com", "sina.com", "sohu.com", "foxmail.com", "aliyun.com", "139.com",
                 "yeah.net", "outlook.com", "gmail.com")
POSTAL_AREAS = ("10", "20", "30", "40", "51", "52", "31", "21", "61", "43", "71", "25", "45", "35", "05", "03", "11", "13",
                "15", "55", "65", "73", "81", "83")
IPV6_PREFIXES = (0x240E, 0x2408, 0x2409)     # China Telecom, Unicom, Mobile
ROAD_STEMS = ("人民", "解放", "中山", "建设", "和平", "新华", "文化", "胜利", "友谊", "青年", "长江", "黄河", "滨江", "学府",
              "科技", "工业", "光明", "幸福", "朝阳", "迎宾")
ESTATE_STEMS = ("阳光", "金色", "碧水", "翠湖", "锦绣", "华府", "世纪", "丽景", "紫荆", "香樟")
# placeholder rows of the statistical division list: never part of an address
PLACEHOLDERS = frozenset({"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"})


@dataclass(frozen=True)
class Place:
    """A county-level division with the names above it (``city`` is None under a placeholder row)."""

    code: str
    province: str
    city: str | None
    county: str


@lru_cache(maxsize=1)
def places() -> tuple[Place, ...]:
    """Every real county-level division of the gazetteer, in file order."""
    by_code = {d.code: d for d in divisions()}
    out = []
    for d in divisions():
        if d.level != "county" or d.name in PLACEHOLDERS:
            continue
        city = by_code[d.parent]
        out.append(Place(d.code, by_code[city.parent].name, None if city.name in PLACEHOLDERS else city.name, d.name))
    return tuple(out)


@lru_cache(maxsize=1)
def compound_surnames() -> tuple[str, ...]:
    return tuple(sorted(surnames()[1]))


def to_full_width(text: str) -> str:
    """ASCII letters, digits and punctuation to their full-width forms (１３８…); spaces stay."""
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


class Values:
    """Deterministic values of every type: one ``random.Random(seed)`` and a Faker seeded from it."""

    def __init__(self, seed: int = 0):
        self.rng = random.Random(seed)
        self.fake = Faker("zh_CN")
        self.fake.seed_instance(self.rng.getrandbits(64))

    # -- helpers -------------------------------------------------------------------------------------

    def _chance(self, p: float) -> bool:
        return self.rng.random() < p

    def _digits(self, n: int) -> str:
        return "".join(self.rng.choices(DIGITS, k=n))

    def _weighted(self, weights: dict[str, float]) -> str:
        """One key of ``weights``, drawn in proportion to its weight (keys are often the candidate values)."""
        return self.rng.choices(list(weights), weights=list(weights.values()))[0]

    def _place(self) -> Place:
        return self.rng.choice(places())

    def _born(self) -> dt.date:
        return EARLIEST_BIRTH + dt.timedelta(days=self.rng.randrange((LATEST_BIRTH - EARLIEST_BIRTH).days + 1))

    def _with_wrong_check(self, type_: str, value: str) -> str:
        """``value`` (resident_id or bank_card) with a wrong check character: right structure, untrue information."""
        if type_ == "resident_id":
            body, alphabet = ids.resident_id.compact(value)[:17], ids.resident_id.CHECK_CHARS
            right = ids.resident_id.calc_check_digit(body)
        else:
            body, alphabet = ids.bank_card.compact(value)[:-1], DIGITS
            right = ids.bank_card.calc_check_digit(body)
        return body + self.rng.choice([c for c in alphabet if c != right])

    # -- identifiers ---------------------------------------------------------------------------------

    def resident_id(self, valid: bool = True) -> str:
        """18-character ID number of a real county; ``valid=False``: real region and date, wrong check character."""
        return self._resident_id(self._place(), self._born(), valid)

    def _resident_id(self, place: Place, born: dt.date, valid: bool = True) -> str:
        body = place.code + born.strftime("%Y%m%d") + f"{self.rng.randint(1, 999):03d}"
        number = body + ids.resident_id.calc_check_digit(body)
        if not valid:
            number = self._with_wrong_check("resident_id", number)
        return number.lower() if number.endswith("X") and self._chance(LOWER_X_RATE) else number

    def mobile(self) -> str:
        """An allocated block and eight digits, plain or as ``138-1234-5678``, ``+86 138 1234 5678``, ``0086…``."""
        n = self.rng.choice(MOBILE_BLOCKS) + self._digits(8)
        grouped = f"{n[:3]} {n[3:7]} {n[7:]}"
        formats = {n: 72, f"{n[:3]}-{n[3:7]}-{n[7:]}": 8, grouped: 5, f"+86 {grouped}": 6, f"+86{n}": 3, f"+86-{n}": 2,
                   f"0086{n}": 2, f"0086 {n}": 2}
        return self._weighted(formats)

    def landline(self) -> str:
        """Real area code, subscriber number of its length starting 2-8, sometimes an extension (``转123``)."""
        while True:     # libphonenumber's ranges leave some first digits unallocated (Shanghai 8xxxxxxx)
            code = self.rng.choice(sorted(AREA_CODES))
            sub = str(self.rng.randint(2, 8)) + self._digits(self.rng.choice(AREA_CODES[code]) - 1)
            if ids.landline.is_valid(code + sub):
                break
        number = self._weighted({f"{code}-{sub}": 55, f"({code}){sub}": 15, f"（{code}）{sub}": 5, f"{code}{sub}": 15,
                                 f"{code} {sub}": 10})
        return number + f"转{self.rng.randint(1, 9999)}" if self._chance(0.1) else number

    def bank_card(self, valid: bool = True) -> str:
        """A UnionPay card of 16-19 digits with its Luhn digit (``valid=False``: a wrong one), sometimes in fours."""
        prefix, length = self.rng.choice(CARD_BINS)
        body = prefix + self._digits(length - len(prefix) - 1)
        number = body + ids.bank_card.calc_check_digit(body)
        if not valid:
            number = self._with_wrong_check("bank_card", number)
        if _resident_id_shaped(number):      # an 18-digit card that reads as an ID number would be ambiguous
            return self.bank_card(valid)
        style = self._weighted({"": 80, " ": 15, "-": 5})
        return style.join(number[i:i + 4] for i in range(0, len(number), 4)) if style else number

    def uscc(self) -> str:
        """Unified social credit code: authority and type, a real division code, organisation code, check."""
        head = self._weighted({"91": 70, "92": 10, "93": 5, "12": 8, "52": 7})
        if self._chance(0.7):
            org = "MA" + "".join(self.rng.choices(ids.uscc.ALPHABET, k=7))
        else:
            org = "".join(self.rng.choices(ids.uscc.ALPHABET, k=8)) + self.rng.choice(USCC_LETTERS)
        body = head + self._place().code + org
        return body + ids.uscc.calc_check_digit(body)

    def passport(self) -> str:
        """E + 8 digits, E + letter + 7 digits, or the older G + 8 digits."""
        letter = self.rng.choice(UPPER)
        return self._weighted({f"E{self._digits(8)}": 50, f"E{letter}{self._digits(7)}": 35, f"G{self._digits(8)}": 15})

    def travel_permit(self) -> str:
        """往来港澳 (C…/W…), 回乡证 (H…/M…), 往来台湾 (L…) or 台胞证 (8 digits) number."""
        letter = self.rng.choice(UPPER)
        return self._weighted({f"C{self._digits(8)}": 30, f"C{letter}{self._digits(7)}": 15, f"W{self._digits(8)}": 5,
                               f"{self.rng.choice('HM')}{self._digits(8)}": 15,
                               f"{self.rng.choice('HM')}{self._digits(10)}": 5, f"L{self._digits(8)}": 15,
                               f"{self.rng.randint(1, 9)}{self._digits(7)}": 15})

    def hmt_id(self) -> str:
        """A Hong Kong (check in brackets), Taiwan or Macau identity card number."""
        kind = self._weighted({"hk": 50, "tw": 35, "mo": 15})
        if kind == "hk":
            body = "".join(self.rng.choices(UPPER, k=self._weighted({1: 80, 2: 20}))) + self._digits(6)
            return f"{body}({ids.hmt_id.calc_check_digit(body)})"
        if kind == "tw":
            head = self.rng.choice(list(ids.hmt_id.TW_CODES)) + self.rng.choice("12") + self._digits(7)
            return head + ids.hmt_id.calc_taiwan_check_digit(head)
        return f"{self.rng.choice('157')}{self._digits(6)}({self.rng.randint(0, 9)})"

    def plate(self) -> str:
        """Classic 7-character plate or 8-character new-energy plate (D/F), sometimes with ``·`` or a space."""
        head = self.rng.choice(ids.plate.PROVINCES) + self.rng.choice("ABCDEFGH" * 3 + UPPER)
        kind = self._weighted({"classic": 70, "small": 20, "large": 10})
        if kind == "classic":
            tail = [self._digits(1) for _ in range(5)]
            for i in self.rng.sample(range(5), self.rng.choice((0, 0, 1, 2))):
                tail[i] = self.rng.choice(UPPER)
            tail = "".join(tail)
        elif kind == "small":
            tail = self.rng.choice("DF") + self.rng.choice(UPPER + DIGITS) + self._digits(4)
        else:
            tail = self._digits(5) + self.rng.choice("DF")
        return head + self._weighted({"": 70, "·": 20, " ": 10}) + tail

    def vin(self) -> str:
        """17 characters: a Chinese manufacturer prefix (L…), descriptor, check digit, year, plant, serial."""
        draft = (self.rng.choice(VIN_WMIS) + "".join(self.rng.choices(VIN_CHARS, k=5)) + "0"
                 + self.rng.choice(VIN_YEARS) + self.rng.choice(VIN_CHARS) + self._digits(6))
        return draft[:8] + ids.vin.calc_check_digit(draft) + draft[9:]

    def email(self) -> str:
        """A pinyin user name or a QQ number at a common mail domain."""
        if self._chance(0.2):
            return f"{self.qq()}@qq.com"
        user = self.fake.user_name()
        if self._chance(0.3):
            user += str(self.rng.randint(1970, 2005))
        return f"{user}@{self.rng.choice(EMAIL_DOMAINS)}"

    def ip_address(self) -> str:
        """IPv4 (private or public, at least one octet of two digits) or a Chinese carrier's IPv6."""
        if self._chance(0.15):
            bits = (self.rng.choice(IPV6_PREFIXES) << 112) | self.rng.getrandbits(112)
            if self._chance(0.4):
                bits &= ~(((1 << 64) - 1) << 16)     # zero groups 4-7 so the address compresses (240e:3b1:a2f0::1a2b)
            return str(ipaddress.IPv6Address(bits))
        first = self._weighted({"192.168": 25, "10": 10, "172": 5, "public": 60})
        if first == "192.168":
            return f"192.168.{self.rng.randint(0, 255)}.{self.rng.randint(2, 254)}"
        if first == "10":
            return f"10.{self.rng.randint(0, 255)}.{self.rng.randint(0, 255)}.{self.rng.randint(2, 254)}"
        if first == "172":
            return f"172.{self.rng.randint(16, 31)}.{self.rng.randint(0, 255)}.{self.rng.randint(2, 254)}"
        octets = [self.rng.choice(PUBLIC_FIRST_OCTETS)]
        octets += [self.rng.randint(0, 255) for _ in range(2)] + [self.rng.randint(1, 254)]
        return ".".join(map(str, octets))

    def mac_address(self) -> str:
        """Six hex bytes with ``:`` or ``-``, upper or lower case."""
        text = self._weighted({":": 60, "-": 40}).join(f"{self.rng.randrange(256):02x}" for _ in range(6))
        return text.upper() if self._chance(0.5) else text

    def imei(self) -> str:
        """Type allocation code, serial number and Luhn digit."""
        body = self.rng.choice(("86", "35")) + self._digits(12)
        return body + ids.imei.calc_check_digit(body)

    def qq(self) -> str:
        """5-10 digits not starting with 0 (never 11 digits, which could read as a mobile number)."""
        length = self._weighted({"9": 40, "10": 25, "8": 20, "7": 8, "6": 5, "5": 2})
        return str(self.rng.randint(1, 9)) + self._digits(int(length) - 1)

    def wechat(self) -> str:
        """``wxid_…``, or a pinyin user name with digits, 6-20 characters starting with a letter."""
        if self._chance(0.25):
            return "wxid_" + "".join(self.rng.choices("abcdefghijklmnopqrstuvwxyz" + DIGITS, k=self.rng.randint(10, 14)))
        user = "".join(c for c in self.fake.user_name() if c.isalnum()).lstrip(DIGITS) or "wx"
        sep = self._weighted({"": 70, "_": 20, "-": 10})
        user = f"{user}{sep}{self.rng.randint(1, 9999)}" if len(user) < 8 or self._chance(0.5) else user
        return user[:20] if len(user) >= 6 else user + self._digits(6 - len(user))

    def gps(self) -> str:
        """A point in China: decimal ``lat,lon`` (sometimes ``lon,lat``) or degrees-minutes-seconds."""
        lat, lon = self.rng.uniform(21, 45), self.rng.uniform(98, 122)
        if self._chance(0.1):
            return f"{_dms(lat)}N {_dms(lon)}E"
        places_ = self.rng.randint(4, 6)
        a, b = f"{lat:.{places_}f}", f"{lon:.{places_}f}"
        sep = self._weighted({",": 65, ", ": 25, "，": 10})
        return f"{b}{sep}{a}" if self._chance(0.1) else f"{a}{sep}{b}"

    def postal_code(self) -> str:
        """Six digits starting with a postal area's two digits."""
        return self.rng.choice(POSTAL_AREAS) + self._digits(4)

    def birth_date(self) -> str:
        return self._birth_date(self._born())

    def _birth_date(self, born: dt.date) -> str:
        y, m, d = born.year, born.month, born.day
        return self._weighted({f"{y}-{m:02d}-{d:02d}": 45, f"{y}年{m}月{d}日": 25, f"{y}/{m}/{d}": 10,
                               f"{y}{m:02d}{d:02d}": 10, f"{y}.{m:02d}.{d:02d}": 10})

    def verification_code(self) -> str:
        """Mostly 6 or 4 digits, sometimes 6 upper-case letters and digits."""
        kind = self._weighted({"6": 70, "4": 20, "mixed": 10})
        if kind != "mixed":
            return self._digits(int(kind))
        code = self.rng.choices(UPPER + DIGITS, k=5)
        code.insert(self.rng.randrange(6), self.rng.choice(DIGITS))
        return "".join(code)

    def password(self) -> str:
        """What people type: a word or a name in pinyin with digits (sometimes a symbol), or digits alone."""
        kind = self._weighted({"word": 60, "digits": 25, "mixed": 15})
        if kind == "digits":
            return self._digits(self.rng.randint(6, 10))
        word = "".join(c for c in self.fake.user_name() if c.isalpha())[:10] or "pass"
        if kind == "mixed":
            word = word.capitalize() + self.rng.choice("@#!_.")
        return (word + self._digits(max(2, 6 - len(word)) + self.rng.randint(0, 4)))[:32]

    # -- names and addresses -------------------------------------------------------------------------

    def name(self) -> str:
        """Surname (compound ~3%) and a Faker given name: 2-4 Han characters."""
        surname = self.rng.choice(compound_surnames()) if self._chance(COMPOUND_SURNAME_RATE) else self.fake.last_name()
        given = self.fake.first_name()
        if len(given) == 1 and self._chance(0.5):
            given += self.fake.first_name()[0]
        return surname + given[: 4 - len(surname)]

    def address(self) -> str:
        return self._address(self._place())

    def _address(self, place: Place) -> str:
        """Province (omitted ~30% below a real city), city, county, then road, number, estate, building, room."""
        head = place.county
        if place.city:
            head = place.city + head
        if place.city is None or self._chance(0.7):
            head = place.province + head
        stem = self._weighted({self.fake.city_name(): 40, self.rng.choice(ROAD_STEMS): 50, self.fake.last_name(): 10})
        street = f"{stem}{self._weighted({'路': 60, '街': 20, '大道': 20})}{self.rng.randint(1, 999)}号"
        if self._chance(0.25):
            street += self.rng.choice(ESTATE_STEMS) + self.rng.choice(("小区", "花园", "家园", "公寓", "苑"))
        if self._chance(0.6):
            street += self.rng.choice((f"{self.rng.choice('ABCDEF')}栋", f"{self.rng.randint(1, 30)}号楼",
                                       f"{self.rng.randint(1, 30)}栋", f"{self.rng.choice('ABCD')}座"))
            if self._chance(0.4):
                street += f"{self.rng.randint(1, 6)}单元"
            if self._chance(0.8):
                street += f"{self.rng.randint(1, 33)}{self.rng.randint(1, 8):02d}室"
        return head + street

    # -- masking -------------------------------------------------------------------------------------

    def masked(self, type: str) -> str:
        """A masked value of ``type``: ``138****5678``, ``110101********1234``, ``6222********1234``, ``张*``, ``张某``."""
        if type not in TYPES:
            raise ValueError(f"unknown type {type!r}; expected one of {', '.join(TYPES)}")
        return self._mask(type, getattr(self, type)())

    def _mask(self, type_: str, value: str) -> str:
        """``value`` masked the way its module masks it; names also as 张某 / 张某某."""
        if type_ == "name":
            surname = value[:2] if value[:2] in surnames()[1] else value[:1]
            return self._weighted({names.mask(value): 50, surname + "某": 35, surname + "某某": 15})
        if type_ == "address":
            return addresses.mask(value)
        return MODULES[type_].mask(value)


def _dms(degrees: float) -> str:
    """39.9087 → 39°54′31″."""
    seconds = round(degrees * 3600)
    return f"{seconds // 3600}°{seconds // 60 % 60}′{seconds % 60}″"


def _resident_id_shaped(digits: str) -> bool:
    """Whether ``digits`` reads as an ID number, valid or with a wrong check character."""
    try:
        ids.resident_id.validate(digits)
    except ids.InvalidChecksum:
        return True
    except ValueError:
        return False
    return True
