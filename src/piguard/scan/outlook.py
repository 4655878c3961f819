"""Outlook messages (.msg): an OLE2 compound file of MAPI properties, read as an archive as e-mail is (see
:mod:`piguard.scan.mail`): the message becomes one record of ``messages.jsonl`` (From, To, Cc, Subject and
the body's text), and every attachment is a member of its own (``mail.msg!1/名单.xlsx``), read by its
format under the archive limits.

A property is a stream named ``__substg1.0_`` + its tag and type: ``…001F`` Unicode (UTF-16), ``…001E``
8-bit (in the message's code page, else GB18030, which reads ASCII and GBK alike), ``…0102`` binary.
Recipients are ``__recip_version1.0_#…`` storages, attachments ``__attach_version1.0_#…``.
"""

from __future__ import annotations

import io
import json
import struct
from typing import BinaryIO, Callable, Iterator

import olefile

MAX_MESSAGE = 512 << 20             # bytes of a .msg read into memory, at most
_SUBJECT, _BODY, _SENDER_NAME, _SENDER_EMAIL = "0037", "1000", "0C1A", "0C1F"
_TO, _CC, _BCC = "0E04", "0E03", "0E02"
_RECIP_NAME, _RECIP_EMAIL, _RECIP_SMTP = "3001", "3003", "39FE"
_ATTACH_DATA, _ATTACH_LONG_NAME, _ATTACH_NAME = "3701", "3707", "3704"
_CODEPAGE = "3FFD"                  # PR_MESSAGE_CODEPAGE, a fixed-size property in __properties_version1.0


class MsgError(ValueError):
    """A .msg that cannot be read (not OLE2, no message properties); the message names why."""


def _codepage(ole: olefile.OleFileIO) -> str:
    """The encoding of the message's 8-bit strings, from PR_MESSAGE_CODEPAGE when it is there."""
    if ole.exists("__properties_version1.0"):
        props = ole.openstream("__properties_version1.0").read()
        for at in range(32, len(props) - 15, 16):            # a 32-byte header, then 16 bytes a property
            ptype, tag = struct.unpack_from("<HH", props, at)
            if f"{tag:04X}" == _CODEPAGE and ptype == 0x0003:
                cp = struct.unpack_from("<I", props, at + 8)[0]
                name = {65001: "utf-8", 936: "gb18030", 54936: "gb18030", 1200: "utf-16-le"}.get(cp, f"cp{cp}")
                try:
                    "".encode(name)
                    return name
                except LookupError:
                    break
    return "gb18030"


def _text(ole: olefile.OleFileIO, storage: list[str], tag: str, codepage: str) -> str:
    """A string property of ``storage`` (the message: []), Unicode or 8-bit, or ""."""
    for kind, encoding in (("001F", "utf-16-le"), ("001E", codepage)):
        path = storage + [f"__substg1.0_{tag}{kind}"]
        if ole.exists("/".join(path)):
            raw = ole.openstream(path).read()
            return raw.decode(encoding, errors="replace").rstrip("\x00")
    return ""


def _children(ole: olefile.OleFileIO, prefix: str) -> list[str]:
    """The storages at the root whose names start with ``prefix`` (recipients, attachments), in order."""
    return sorted({e[0] for e in ole.listdir(streams=True, storages=True) if e and e[0].startswith(prefix)})


def entries(opener: Callable[[], BinaryIO]) -> Iterator[tuple[str, Callable[[], BinaryIO]]]:
    """(member name, opener) for the message (as JSON Lines) and the attachments of a .msg."""
    with opener() as fh:
        data = fh.read(MAX_MESSAGE + 1)
    if len(data) > MAX_MESSAGE:
        raise MsgError(f"larger than {MAX_MESSAGE:,} bytes")
    try:
        ole = olefile.OleFileIO(data)
    except (OSError, ValueError, struct.error) as exc:
        raise MsgError(f"not a readable OLE2 file ({exc})") from None
    with ole:
        if not any(e and e[0].startswith("__substg1.0_") for e in ole.listdir()):
            raise MsgError("an OLE2 file without message properties is no Outlook message")
        cp = _codepage(ole)
        sender = _text(ole, [], _SENDER_NAME, cp)
        address = _text(ole, [], _SENDER_EMAIL, cp)
        recipients = []
        for r in _children(ole, "__recip_version1.0_"):
            name = _text(ole, [r], _RECIP_NAME, cp)
            mail = _text(ole, [r], _RECIP_SMTP, cp) or _text(ole, [r], _RECIP_EMAIL, cp)
            recipients.append(f"{name} <{mail}>" if name and mail and mail != name else name or mail)
        record = {"message": 1, "From": f"{sender} <{address}>" if sender and address and address != sender else sender or address}
        to = _text(ole, [], _TO, cp)
        record["To"] = "; ".join(recipients) if recipients else to
        for key, tag in (("Cc", _CC), ("Bcc", _BCC), ("Subject", _SUBJECT)):
            record[key] = _text(ole, [], tag, cp)
        record["正文"] = " ".join(_text(ole, [], _BODY, cp).split())
        record = {k: v for k, v in record.items() if v or k == "message"}
        attachments = []
        for n, a in enumerate(_children(ole, "__attach_version1.0_"), 1):
            stream = [a, f"__substg1.0_{_ATTACH_DATA}0102"]
            if not ole.exists("/".join(stream)):
                continue                    # an embedded message or an OLE object: not a file
            name = _text(ole, [a], _ATTACH_LONG_NAME, cp) or _text(ole, [a], _ATTACH_NAME, cp) or f"attachment{n}"
            attachments.append((f"{n}/{name.replace('/', '_')}", ole.openstream(stream).read()))
    body = (json.dumps(record, ensure_ascii=False) + "\n").encode("utf-8")
    yield "messages.jsonl", (lambda: io.BytesIO(body))
    for name, content in attachments:
        yield name, (lambda content=content: io.BytesIO(content))
