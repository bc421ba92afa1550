"""Persons and posts: signatories and named persons with the post printed next to them.

Chinese transliterated names (罗伯特·基思·雷) keep the printed form; an English name is
never made up. Posts are recognised from a small lexicon and given their English title,
so that "常驻代表" and "Permanent Representative" are one post.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# printed post -> English title (longest first when matching)
POSTS: dict[str, str] = {
    "副常驻代表": "Deputy Permanent Representative",
    "常驻代表": "Permanent Representative",
    "常驻观察员": "Permanent Observer",
    "临时代办": "Chargé d'affaires a.i.",
    "大使": "Ambassador",
    "外交部长": "Minister for Foreign Affairs",
    "总统": "President",
    "总理": "Prime Minister",
    "国际法院院长": "President of the International Court of Justice",
    "联合国人权事务高级专员": "United Nations High Commissioner for Human Rights",
    "人权事务高级专员": "United Nations High Commissioner for Human Rights",
    "秘书长": "Secretary-General",
    "Deputy Permanent Representative": "Deputy Permanent Representative",
    "Permanent Representative": "Permanent Representative",
    "Permanent Observer": "Permanent Observer",
    "Chargé d’affaires a.i.": "Chargé d'affaires a.i.",
    "Chargé d'affaires a.i.": "Chargé d'affaires a.i.",
    "Ambassador": "Ambassador",
    "Minister for Foreign Affairs": "Minister for Foreign Affairs",
    "President of the International Court of Justice": "President of the International Court of Justice",
    "United Nations High Commissioner for Human Rights": "United Nations High Commissioner for Human Rights",
    "Secretary-General": "Secretary-General",
    "President": "President",
}
_POSTS_LONGEST = sorted(POSTS, key=len, reverse=True)

# a transliterated name: CJK runs joined by the middle dot (·, ‧, ・); the runs are trimmed
# at characters that transliterations do not use (function words, verbs of the sentence)
_ZH_NAME = re.compile(r"[\u4e00-\u9fff]+(?:[·‧・][\u4e00-\u9fff]+)+")
_STOP = set("的在了访发说和与于对将已曾表指称被向为是等也都就把从到而及并由以其之这那该各每同时会上下中")
_MAX_SEGMENT = 6


@dataclass(frozen=True, slots=True)
class PersonMention:
    name: str  # as printed
    start: int
    end: int
    post: str | None = None  # English title of the post printed just before the name
    post_printed: str | None = None


def post_titles(text: str) -> list[tuple[str, str]]:
    """Posts named in a printed post line, as (printed, English title), in order.

    >>> post_titles("常驻代表 大使")
    [('常驻代表', 'Permanent Representative'), ('大使', 'Ambassador')]
    >>> post_titles("加拿大常驻代表")
    [('常驻代表', 'Permanent Representative')]
    """
    found: list[tuple[int, str, str]] = []
    taken: list[tuple[int, int]] = []
    for printed in _POSTS_LONGEST:
        for m in re.finditer(re.escape(printed), text):
            if any(s < m.end() and m.start() < e for s, e in taken):
                continue
            taken.append((m.start(), m.end()))
            found.append((m.start(), printed, POSTS[printed]))
    return [(p, t) for _, p, t in sorted(found)]


def find_zh_persons(text: str) -> list[PersonMention]:
    """Transliterated person names in Chinese text, with a post printed right before them.

    >>> [(p.name, p.post) for p in find_zh_persons("国际法院院长琼·多诺霍")]
    [('琼·多诺霍', 'President of the International Court of Justice')]
    >>> [p.name for p in find_zh_persons("2021 年 1 月 15 日，伊利哈姆·阿利耶夫访问了")]
    ['伊利哈姆·阿利耶夫']
    """
    out: list[PersonMention] = []
    for m in _ZH_NAME.finditer(text):
        segments = re.split(r"([·‧・])", m.group(0))
        first, last = segments[0], segments[-1]
        # left edge: after the last post phrase or stop character in the first run
        cut = 0
        for printed in _POSTS_LONGEST:
            if not printed.isascii() and printed in first:
                cut = max(cut, first.rindex(printed) + len(printed))
        for i, ch in enumerate(first):
            if ch in _STOP:
                cut = max(cut, i + 1)
        cut = max(cut, len(first) - _MAX_SEGMENT)
        # right edge: before the first stop character of the last run
        keep = next((i for i, ch in enumerate(last) if ch in _STOP), len(last))
        keep = min(keep, _MAX_SEGMENT)
        if cut >= len(first) or keep == 0:
            continue
        start = m.start() + cut
        name = "".join(segments[:-1])[cut:] + last[:keep]
        context = text[max(0, start - 30):start]
        printed_post = next((p for p in _POSTS_LONGEST if not p.isascii() and context.endswith(p)), None)
        out.append(PersonMention(name, start, start + len(name), POSTS.get(printed_post or ""), printed_post))
    return out
