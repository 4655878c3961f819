"""vCard contact lists: one record per card."""

from __future__ import annotations

import io
import quopri

import pytest

from piguard.count.run import scan
from piguard.scan.readers import ReadError
from piguard.scan.records import Source
from piguard.scan.vcard import read_vcard
from piguard.synth import Generator


def read(text: str, encoding="utf-8"):
    return list(read_vcard(io.BytesIO(text.encode(encoding)), Source("contacts.vcf", "vcard")))


def test_a_phones_contacts_count_a_card_each(tmp_path):
    g = Generator(51)
    people = [g.record() for _ in range(20)]
    cards = []
    for i, p in enumerate(people):
        if i % 2:      # vCard 2.1 as older phones write it: the name in QUOTED-PRINTABLE UTF-8
            qp = quopri.encodestring(p["name"].encode("utf-8")).decode("ascii")
            cards.append(f"BEGIN:VCARD\r\nVERSION:2.1\r\nN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:;{qp};;;\r\n"
                         f"TEL;CELL:{p['mobile']}\r\nEND:VCARD\r\n")
        else:
            cards.append(f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:{p['name']}\r\nitem1.TEL;TYPE=CELL:{p['mobile']}\r\n"
                         f"ADR;TYPE=HOME:;;{p['address']};;;;\r\nEND:VCARD\r\n")
    (tmp_path / "00001.vcf").write_text("".join(cards), encoding="utf-8")
    result = scan([str(tmp_path / "00001.vcf")])
    (report,) = result["inputs"]
    assert report["format"] == "vcard" and report["records"] == 20 and report["unit"] == "card"
    assert result["pieces_total"] == 20 and result["types"]["mobile/valid"] == 20 and result["types"]["name/valid"] == 20


def test_folded_lines_structured_names_and_repeated_properties():
    text = ("BEGIN:VCARD\nVERSION:3.0\nN:欧阳;娜娜;;;\nFN:欧阳娜娜\nTEL;TYPE=CELL:13812345678\nTEL;TYPE=WORK:0571-8765\n"
            " 4321\nEMAIL:nana@example.com\nNOTE:客户\\, VIP\nPHOTO;ENCODING=b:AAAA\nEND:VCARD\n")
    (b,) = read(text)
    assert b.columns == ("N 姓名", "FN 姓名", "TEL 电话", "TEL[2] 电话", "EMAIL 邮箱", "NOTE 备注") and b.locator == "card"
    assert b.rows == [("欧阳娜娜", "欧阳娜娜", "13812345678", "0571-87654321", "nana@example.com", "客户, VIP")]


def test_a_card_left_open_names_its_line():
    with pytest.raises(ReadError, match="contacts.vcf: the card begun at line 1 has no END:VCARD before line 3"):
        read("BEGIN:VCARD\nFN:张三\nBEGIN:VCARD\nEND:VCARD\n")
    with pytest.raises(ReadError, match="begun at line 1 has no END:VCARD$"):
        read("BEGIN:VCARD\nFN:张三\n")
