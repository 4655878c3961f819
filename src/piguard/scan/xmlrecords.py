"""XML exports (``<records><r><name>张三</name><phone>…</phone></r>…</records>``): the element that repeats is
the record, its attributes and the text of its descendants its fields (named by their path inside it:
``user.phone``, ``@id``), so an export of thousands of people is thousands of records, not one line.

The record element is the one with child elements (or two attributes or more: ``<sms address=… body=…/>``,
as phone backups write messages) that occurs most often in the file's first
``SAMPLE_CHARS`` characters (the shallowest on a tie), at least twice; then the file is parsed as it is
read (the standard library's pull parser, fed decoded blocks), each record dropped once read. What stands
outside the records (the root's attributes, a header element's text) is one record of its own when it holds
text. A file with no repeating element is read as plain text is.

>>> page = '<export user="王芳"><r id="1"><name>张三</name><tel>13812345678</tel></r><r id="2"><name>李四</name></r></export>'
>>> [(b.source.path, b.columns, b.rows) for b in read_xml(io.BytesIO(page.encode()), Source("a.xml", "xml"))]
[('a.xml#r', ('@id', 'name', 'tel'), [('1', '张三', '13812345678'), ('2', '李四', None)]), ('a.xml#', ('export.@user',), [('王芳',)])]
"""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
from collections import Counter
from typing import BinaryIO, Iterator

from piguard.scan.readers import BATCH, SAMPLE_CHARS, ReadError, _objects_to_batch, open_text, read_text, text_blocks
from piguard.scan.records import Batch, Source


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _fields(elem: ET.Element, prefix: str, out: dict[str, str | None]) -> None:
    """The attributes and the text of ``elem`` and its descendants, by path (a repeated path gets [2], [3] …)."""
    def put(key: str, value: str | None) -> None:
        k, n = key, 1
        while k in out:
            n += 1
            k = f"{key}[{n}]"
        out[k] = value
    for name, value in elem.attrib.items():
        put(f"{prefix}@{_local(name)}" if not prefix else f"{prefix}.@{_local(name)}", value)
    text = (elem.text or "").strip()
    children = list(elem)
    if text or not children and prefix:
        put(prefix or "text", text or None)
    for child in children:
        _fields(child, f"{prefix}.{_local(child.tag)}" if prefix else _local(child.tag), out)


def record_tag(sample: str) -> tuple[int, str] | None:
    """(depth, tag) of the record element in a sample of the file, or None (see the module's description)."""
    parser = ET.XMLPullParser(events=("start", "end"))
    counts: Counter = Counter()
    depth, parents = 0, []
    try:
        parser.feed(sample)
        for event, elem in parser.read_events():
            if event == "start":
                depth += 1
                if parents:
                    parents[-1][1] = True            # the parent has a child element
                parents.append([elem.tag, len(elem.attrib) >= 2])    # or fields of its own: <sms address=… body=…/>
            else:
                tag, has_children = parents.pop()
                if has_children:
                    counts[(depth, tag)] += 1
                depth -= 1
    except ET.ParseError:
        pass                                         # the sample ends inside an element, or the file is no XML
    best = max(counts.items(), key=lambda kv: (kv[1], -kv[0][0]), default=None)
    return best[0] if best and best[1] >= 2 else None


def read_xml(raw: BinaryIO, source: Source, batch: int = BATCH) -> Iterator[Batch]:
    """The records of an XML export (see the module's description)."""
    stream, src = open_text(raw, source)
    try:
        head = stream.read(SAMPLE_CHARS)
    except UnicodeDecodeError as exc:
        raise ReadError(f"{src.path}: not {src.encoding} near the start: {exc.reason}") from None
    found = record_tag(head)
    if found is None:
        yield from read_text("".join(text_blocks(stream, src, head)), src)
        return
    at, tag = found
    part = src.part(_local(tag))
    parser = ET.XMLPullParser(events=("start", "end"))
    rest: dict[str, str | None] = {}
    objects: list[dict[str, str | None]] = []
    first, depth, stack, inside = 1, 0, [], False
    for block in text_blocks(stream, src, head):
        try:
            parser.feed(block)
            events = list(parser.read_events())
        except ET.ParseError as exc:
            if objects:                             # the records read before the damage still count
                yield _objects_to_batch(part, first, objects)
            raise ReadError(f"{src.path}: not well-formed XML after {first - 1 + len(objects)} records ({exc})") from None
        for event, elem in events:
            if event == "start":
                depth += 1
                stack.append(elem)
                inside = inside or (depth == at and elem.tag == tag)
                continue
            stack.pop()
            if depth == at and elem.tag == tag:
                inside = False
                fields: dict[str, str | None] = {}
                _fields(elem, "", fields)
                objects.append(fields)
                elem.clear()
                if stack:
                    stack[-1].remove(elem)          # read: the parser need not keep it
                if len(objects) >= batch:
                    yield _objects_to_batch(part, first, objects)
                    first, objects = first + len(objects), []
            elif not inside:
                # outside the records: the element's own attributes and text (its children were taken as they ended)
                path = ".".join(_local(e.tag) for e in stack + [elem])
                for name, value in elem.attrib.items():
                    rest[f"{path}.@{_local(name)}"] = value
                if (elem.text or "").strip() and not len(elem):
                    rest[path] = elem.text.strip()
            depth -= 1
    if objects:
        yield _objects_to_batch(part, first, objects)
    try:
        parser.close()
    except ET.ParseError as exc:                    # cut short: the records before the cut are counted
        raise ReadError(f"{src.path}: not well-formed XML after {first - 1 + len(objects)} records ({exc})") from None
    # (a count such as <smses count="2"> is no text: short numbers alone do not make the record)
    if any(v and v.strip() and not (v.strip().isdigit() and len(v.strip()) < 5) for v in rest.values()):
        yield _objects_to_batch(src.part(""), 1, [rest])
