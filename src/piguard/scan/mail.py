"""E-mail (.eml, one message; mbox, many), read as an archive is: the messages become one JSON Lines member,
``messages.jsonl``, a record per message (From, To, Cc, Subject, Date and the body's text, headers decoded
from RFC 2047 and bodies from their charset), and every attachment is a member of its own
(``mail.eml!1/名单.xlsx``), read by its format, nested archives and all, under the archive limits.

>>> raw = (b"From: =?utf-8?b?5byg5LiJ?= <zs@example.com>\\nTo: li@example.com\\nSubject: hi\\n"
...        b"Content-Type: text/plain; charset=utf-8\\n\\n\\xe7\\x94\\xb5\\xe8\\xaf\\x9d13812345678\\n")
>>> [(name, json.loads(opener().read())) for name, opener in entries(lambda: io.BytesIO(raw), "eml")]
[('messages.jsonl', {'message': 1, 'From': '张三 <zs@example.com>', 'To': 'li@example.com', 'Subject': 'hi', '正文': '电话13812345678'})]
"""

from __future__ import annotations

import html
import io
import json
import re
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from typing import BinaryIO, Callable, Iterator

HEADERS = ("From", "To", "Cc", "Bcc", "Reply-To", "Subject", "Date")
MESSAGES_PER_MEMBER = 10_000
_TAG = re.compile(r"<[^>]*>")
_MBOX_FROM = re.compile(rb"From \S")


def _messages(stream: BinaryIO, fmt: str) -> Iterator[bytes]:
    """The raw messages of an mbox (each begun by a ``From `` line after a blank line or the start), or
    the one message of an .eml."""
    if fmt == "eml":
        yield stream.read()
        return
    held: list[bytes] = []
    blank = True
    for line in stream:
        if blank and _MBOX_FROM.match(line):
            if held:
                yield b"".join(held)
            held = []
        else:
            held.append(line[1:] if line.startswith(b">From ") else line)
        blank = not line.strip()
    if held:
        yield b"".join(held)


def _body(msg: EmailMessage) -> str:
    part = msg.get_body(preferencelist=("plain", "html"))
    if part is None:
        return ""
    try:
        text = part.get_content()
    except (LookupError, ValueError):              # an unknown charset: read as UTF-8, bad bytes replaced
        text = part.get_payload(decode=True).decode("utf-8", "replace")
    if part.get_content_subtype() == "html":
        text = html.unescape(_TAG.sub(" ", text))
    return re.sub(r"[ \t\r\f\v]+", " ", text).strip()


def entries(opener: Callable[[], BinaryIO], fmt: str) -> Iterator[tuple[str, Callable[[], BinaryIO]]]:
    """(member name, opener) for the messages (as JSON Lines) and the attachments of a mail file."""
    parser = BytesParser(policy=policy.default)
    batch: list[str] = []
    part = 0

    def member(lines: list[str], part: int) -> tuple[str, Callable[[], BinaryIO]]:
        data = ("\n".join(lines) + "\n").encode("utf-8")
        return ("messages.jsonl" if part == 1 else f"messages-{part}.jsonl"), (lambda: io.BytesIO(data))

    with opener() as stream:
        for n, raw in enumerate(_messages(stream, fmt), 1):
            msg = parser.parsebytes(raw)
            record: dict[str, object] = {"message": n}
            for h in HEADERS:
                if msg.get(h):
                    try:
                        record[h] = str(msg[h])
                    except (ValueError, IndexError):    # a header too broken to decode: as it stands
                        record[h] = str(msg.get(h, ""))
            body = _body(msg)
            if body:
                record["正文"] = body
            batch.append(json.dumps(record, ensure_ascii=False))
            for k, att in enumerate(msg.iter_attachments(), 1):
                payload = att.get_payload(decode=True) or b""
                name = (att.get_filename() or f"attachment{k}").replace("/", "_")
                yield f"{n}/{name}", (lambda payload=payload: io.BytesIO(payload))
            if len(batch) >= MESSAGES_PER_MEMBER:
                part += 1
                yield member(batch, part)
                batch = []
    if batch:
        part += 1
        yield member(batch, part)
