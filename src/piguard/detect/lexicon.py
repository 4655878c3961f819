"""Chinese words, to tell where a name ends and whether a run of characters is a word rather than a name.

The word list is jieba's dictionary (``jieba/dict.txt``, about 349,000 words with their frequency and part of
speech, read from the installed package: nothing is downloaded). Only words of two to four characters are
kept: a name is found by its surname and two or three characters, and what matters around it is the next or
the last word. The parts of speech are not used: jieba tags many ordinary words ``nr``, a person's name
(安静, 修正, 乌克兰), and lists many full names (陈建国, 李娜) among its words. The frequencies are: where two
words compete for a character (路国华明天: 华明 or 明天), the commoner one wins.

Without jieba (an installation that left it out) every function answers as if no word were known: names are
then found by the rules alone, as before the lexicon came.
"""

from __future__ import annotations

import os
from functools import lru_cache

LONGEST = 4


@lru_cache(maxsize=1)
def words() -> dict[str, int]:
    """The words of two to four characters and their frequencies (empty without jieba)."""
    try:
        import jieba
    except ImportError:        # pragma: no cover - jieba is a dependency
        return {}
    path = os.path.join(os.path.dirname(jieba.__file__), "dict.txt")
    out: dict[str, int] = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            word, freq, _ = line.split(" ", 2)
            if 2 <= len(word) <= LONGEST:
                out[word] = int(freq)
    return out


def available() -> bool:
    return bool(words())


def is_word(text: str) -> bool:
    """Is ``text`` a word of the lexicon (a name tagged ``nr`` included)?

    >>> is_word('明天'), is_word('负责'), is_word('韦嘉怡')
    (True, True, False)
    """
    return text in words()


def word_at(text: str, pos: int) -> int:
    """The length of the longest word of the lexicon that starts at ``pos`` (0 when none does).

    >>> word_at('明天上午来', 0), word_at('嘉怡约我', 0)
    (2, 0)
    """
    known = words()
    for n in range(LONGEST, 1, -1):
        if pos + n <= len(text) and text[pos:pos + n] in known:
            return n
    return 0


def frequency(word: str) -> int:
    """How often jieba's corpus had ``word`` (0 for no word of the lexicon)."""
    return words().get(word, 0)


def word_across(text: str, pos: int, above: int = 0) -> bool:
    """Does a word of the lexicon more frequent than ``above`` stand across ``pos``: start before it and end after
    it (无法|确定 at 法)?

    >>> word_across('无法确定', 1), word_across('需要荀建民', 2), word_across('路国华明天', 3, above=frequency('明天'))
    (True, False, False)
    """
    known = words()
    for start in range(max(0, pos - LONGEST + 1), pos):
        for end in range(pos + 1, min(len(text), start + LONGEST) + 1):
            if known.get(text[start:end], 0) > above:
                return True
    return False
