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


def holds_message(ole: olefile.OleFileIO) -> bool:
    """Does the compound file hold an Outlook message (MAPI property streams at its root)?"""
    return any(e and e[0].startswith("__substg1.0_") for e in ole.listdir())


def _who(name: str, address: str) -> str:
    """A sender or recipient as a mail header writes one: 张伟 <zw@example.com>, or whichever is known."""
    return f"{name} <{address}>" if name and address and address != name else name or address


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


def _children(ole: olefile.OleFileIO, storage: list[str], prefix: str) -> list[str]:
    """The storages in ``storage`` whose names start with ``prefix`` (recipients, attachments), in order."""
    depth = len(storage)
    return sorted({e[depth] for e in ole.listdir(streams=True, storages=True)
                   if len(e) > depth and e[:depth] == storage and e[depth].startswith(prefix)})


MAX_NESTED = 8                      # messages attached inside messages, at most this deep


def _message(ole: olefile.OleFileIO, at: list[str], cp: str, number: int, records: list, files: list, depth: int = 0) -> None:
    """The message stored at ``at`` (the root: []) as a record, its file attachments into ``files`` and the
    messages attached to it (forwarded mail, in ``__substg1.0_3701000D``) as further records."""
    recipients = [_who(_text(ole, at + [r], _RECIP_NAME, cp),
                       _text(ole, at + [r], _RECIP_SMTP, cp) or _text(ole, at + [r], _RECIP_EMAIL, cp))
                  for r in _children(ole, at, "__recip_version1.0_")]
    record = {"message": number, "From": _who(_text(ole, at, _SENDER_NAME, cp), _text(ole, at, _SENDER_EMAIL, cp))}
    record["To"] = "; ".join(recipients) if recipients else _text(ole, at, _TO, cp)
    for key, tag in (("Cc", _CC), ("Bcc", _BCC), ("Subject", _SUBJECT)):
        record[key] = _text(ole, at, tag, cp)
    record["正文"] = " ".join(_text(ole, at, _BODY, cp).split())
    not_read = []
    nested = []
    for n, a in enumerate(_children(ole, at, "__attach_version1.0_"), 1):
        name = _text(ole, at + [a], _ATTACH_LONG_NAME, cp) or _text(ole, at + [a], _ATTACH_NAME, cp) or f"attachment{n}"
        stream = at + [a, f"__substg1.0_{_ATTACH_DATA}0102"]
        if ole.exists("/".join(stream)):
            files.append(((f"{number}/" if number > 1 else "") + f"{n}/{name.replace('/', '_')}", ole.openstream(stream).read()))
        elif ole.exists("/".join(at + [a, f"__substg1.0_{_ATTACH_DATA}000D"])) and depth < MAX_NESTED:
            nested.append(at + [a, f"__substg1.0_{_ATTACH_DATA}000D"])
        else:
            not_read.append(name)           # an OLE object, a link: not a file; said in the record, not dropped
    if not_read:
        record["未读附件"] = "；".join(not_read)
    records.append({k: v for k, v in record.items() if v or k == "message"})
    for inner in nested:
        _message(ole, inner, cp, len(records) + 1, records, files, depth + 1)


def entries(opener: Callable[[], BinaryIO]) -> Iterator[tuple[str, Callable[[], BinaryIO]]]:
    """(member name, opener) for the messages (as JSON Lines: the message, then any attached to it) and the
    attachments of a .msg."""
    with opener() as fh:
        data = fh.read(MAX_MESSAGE + 1)
    if len(data) > MAX_MESSAGE:
        raise MsgError(f"larger than {MAX_MESSAGE:,} bytes")
    try:
        ole = olefile.OleFileIO(data)
    except (OSError, ValueError, struct.error) as exc:
        raise MsgError(f"not a readable OLE2 file ({exc})") from None
    records: list[dict] = []
    files: list[tuple[str, bytes]] = []
    with ole:
        if not holds_message(ole):
            raise MsgError("an OLE2 file without message properties is no Outlook message")
        _message(ole, [], _codepage(ole), 1, records, files)
    body = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records).encode("utf-8")
    yield "messages.jsonl", (lambda: io.BytesIO(body))
    for name, content in files:
        yield name, (lambda content=content: io.BytesIO(content))
