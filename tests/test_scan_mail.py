"""E-mail: messages as records, attachments read by their format."""

from __future__ import annotations

import doctest
import io
from email.message import EmailMessage

from piguard.count.run import scan
from piguard.scan import mail
from piguard.synth import Generator


def message(i: int, person: dict, attachment: bytes | None = None) -> bytes:
    m = EmailMessage()
    m["From"] = f"{person['name']} <seller{i}@example.com>"
    m["To"] = "buyer@example.net"
    m["Subject"] = f"第{i}批资料"
    m["Date"] = "Mon, 01 Jan 2024 10:00:00 +0800"
    m.set_content(f"你要的客户：{person['name']}，手机{person['mobile']}，身份证{person['resident_id']}。", charset="gb18030")
    if attachment is not None:
        m.add_attachment(attachment, maintype="text", subtype="csv", filename="客户名单.csv")
    return m.as_bytes()


def test_doctests():
    assert doctest.testmod(mail).failed == 0


def test_an_eml_with_a_csv_attached_counts_the_message_and_every_row(tmp_path):
    g = Generator(61)
    rows = [g.record() for _ in range(12)]
    table = ("姓名,手机号\n" + "".join(f"{r['name']},{r['mobile']}\n" for r in rows)).encode("gbk")
    (tmp_path / "sale.eml").write_bytes(message(1, g.record(), table))
    result = scan([str(tmp_path / "sale.eml")])
    by = {i["path"].rsplit("!", 1)[-1]: i for i in result["inputs"]}
    assert by["messages.jsonl"]["records"] == 1 and by["1/客户名单.csv"]["records"] == 12
    assert by[str(tmp_path / "sale.eml")]["format"] == "eml" and not result["partial"]
    assert result["pieces_total"] == 13


def test_an_mbox_holds_a_record_per_message(tmp_path):
    g = Generator(62)
    box = b"".join(b"From seller@example.com Mon Jan  1 10:00:00 2024\n" + message(i, g.record()) + b"\n" for i in range(5))
    (tmp_path / "Inbox").write_bytes(box)
    result = scan([str(tmp_path / "Inbox")])
    (messages,) = [i for i in result["inputs"] if i["path"].endswith("!messages.jsonl")]
    assert messages["records"] == 5 and result["pieces_total"] == 5 and result["types"]["resident_id/valid"] == 5
    records = list(mail.entries(lambda: io.BytesIO(box), "mbox"))
    assert [name for name, _ in records] == ["messages.jsonl"]
