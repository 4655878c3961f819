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


def test_an_outlook_msg_is_read_as_mail_with_its_attachments(tmp_path):
    """An Outlook .msg (OLE2 of MAPI properties, written here by piguard.synth.evidence.outlook_message):
    the message is one record, each attachment a member read by its format, also inside a zip."""
    import zipfile

    from piguard.count.run import scan
    from piguard.scan.formats import ole2_kind
    from piguard.synth.evidence import outlook_message
    rows = "姓名,手机号\n" + "".join(f"赵敏{i},1361234{i:04d}\n" for i in range(300))
    raw = outlook_message(("张伟", "zw@example.com"), [("李娜", "ln@example.net")], "客户资料",
                          "名单见附件，有问题找王芳，手机13712345678。", {"名单.csv": rows.encode("gbk")})
    (tmp_path / "sale.msg").write_bytes(raw)
    assert ole2_kind(tmp_path / "sale.msg") == "msg"
    r = scan([str(tmp_path / "sale.msg")])
    by = {i["path"].replace(f"{tmp_path}/", ""): i for i in r["inputs"]}
    assert by["sale.msg"]["format"] == "msg" and len(by["sale.msg"]["sha256"]) == 64
    assert by["sale.msg!messages.jsonl"]["records"] == 1 and by["sale.msg!1/名单.csv"]["records"] == 300
    assert by["sale.msg!1/名单.csv"]["encoding"] == "gb18030"
    assert r["pieces_total"] == 301 and not any(i["errors"] for i in r["inputs"])
    with zipfile.ZipFile(tmp_path / "case.zip", "w") as zf:
        zf.writestr("mail/sale.msg", raw)
    (tmp_path / "sale.msg").unlink()
    r = scan([str(tmp_path / "case.zip")])
    assert r["pieces_total"] == 301 and any(i["path"].endswith("case.zip!mail/sale.msg!1/名单.csv") for i in r["inputs"])


def test_a_broken_msg_is_an_error_naming_it(tmp_path):
    from piguard.count.run import scan
    from piguard.synth.evidence import compound_file, outlook_message
    raw = outlook_message(("张伟", "zw@example.com"), [], "x", "y")
    (tmp_path / "cut.msg").write_bytes(raw[:700])
    (tmp_path / "empty.msg").write_bytes(compound_file({"Other": b"data"}))
    r = scan([str(tmp_path)])
    errors = {i["path"].rsplit("/", 1)[-1]: i["errors"] for i in r["inputs"]}
    assert errors["cut.msg"] and "cut.msg" in errors["cut.msg"][0]
    assert errors["empty.msg"] and "nor an Outlook message" in errors["empty.msg"][0]      # told by its streams
    assert r["partial"]


def test_a_forwarded_message_inside_a_msg_is_read_and_an_object_is_named():
    import io
    import json

    from piguard.scan import outlook
    from piguard.synth.evidence import message_tree, outlook_message
    inner = message_tree(("王芳", "wf@example.com"), [("张伟", "zw@example.com")], "原始名单", "客户赵敏13612345678",
                         {"list.csv": "姓名,手机号\n李雷,13512345678\n".encode()})
    raw = outlook_message(("张伟", "zw@example.com"), [("李娜", "ln@example.net")], "转发：原始名单", "见下",
                          {"原始名单.msg": inner, "图表": None})
    got = {name: op().read() for name, op in outlook.entries(lambda: io.BytesIO(raw))}
    records = [json.loads(line) for line in got["messages.jsonl"].decode().splitlines()]
    assert [r["message"] for r in records] == [1, 2] and records[1]["From"] == "王芳 <wf@example.com>"
    assert records[1]["正文"] == "客户赵敏13612345678" and records[0]["未读附件"] == "图表"
    assert got["2/1/list.csv"].startswith("姓名".encode())
