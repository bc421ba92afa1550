"""The leading verb of a resolution paragraph, as printed.

Preambular paragraphs open with a participle or adjective (重申, 回顾, "Reaffirming",
"Deeply concerned"), operative paragraphs with a finite verb (决定, 请, "Decides",
"Strongly condemns"). The verb is returned as printed, with its adverbs (又回顾, 还回顾,
"Recalling also"), because that is what readers search for.
"""

from __future__ import annotations

import re

# Chinese: longest first; adverbial prefixes are matched separately.
_ZH_VERBS = sorted(
    {
        "表示严重关切", "表示深切关注", "表示深为关切", "表示关切", "表示注意到", "表示赞赏", "表示欢迎",
        "表示支持", "表示遗憾", "表示震惊", "表示", "深表关切", "深感关切", "严重关切", "深为关切",
        "关切地注意到", "满意地注意到", "赞赏地注意到", "欣见", "注意到", "注意", "重申", "回顾", "铭记",
        "遵循", "确认", "欢迎", "知悉", "支持", "承认", "强调", "认识到", "申明", "认定", "特别指出",
        "决定", "请", "要求", "建议", "促请", "鼓励", "呼吁", "敦促", "谴责", "最强烈地谴责", "强烈谴责",
        "审议了", "审议", "考虑到", "意识到", "深信", "相信", "坚信", "震惊", "痛惜", "赞扬", "赞赏",
        "邀请", "授权", "核可", "通过", "宣布", "吁请", "指出", "忆及", "念及", "决心", "希望", "感谢",
        "表明", "同意", "核准", "再次呼吁", "着重指出", "重点指出", "还决定", "深切关注", "关注",
        "感到震惊", "仍然深感关切", "又决定", "声明", "确信", "深为震惊", "坚决谴责", "重申其",
    },
    key=len,
    reverse=True,
)
_ZH_ADVERBS = ("又", "还", "并", "再次", "进一步", "另", "也", "且", "仍", "同时")

_EN_ADVERBS = {
    "also", "further", "again", "strongly", "deeply", "gravely", "seriously", "firmly",
    "urgently", "once", "especially", "particularly", "fully", "formally", "solemnly",
    "reiterating", "bearing", "taking", "expressing", "noting", "having",
}
_EN_PREAMBLE_ADJ = {
    "guided", "mindful", "convinced", "aware", "concerned", "alarmed", "determined", "conscious",
    "cognizant", "recognizing", "desirous", "acknowledging", "appreciative", "encouraged",
    "disturbed", "dismayed", "saddened", "outraged", "affirming", "deploring", "emphasizing",
}

_WORD = re.compile(r"[A-Za-zÀ-ÖØ-öø-ÿА-Яа-яЁё\u0600-\u06FF’'-]+")


def leading_verb(text: str, lang: str) -> str | None:
    """The leading verb phrase of a paragraph, or ``None`` if none is recognised.

    >>> leading_verb("又回顾其 2022 年 3 月 2 日题为……", "zh")
    '又回顾'
    >>> leading_verb("Recalling also Security Council resolutions 1564 (2004)", "en")
    'Recalling also'
    >>> leading_verb("Strongly condemns the continuing armed conflict", "en")
    'Strongly condemns'
    """
    text = text.strip()
    if not text:
        return None
    if lang == "zh":
        return _zh_verb(text)
    if lang == "en":
        return _en_verb(text)
    return _generic_verb(text, lang)


def _zh_verb(text: str) -> str | None:
    prefix = ""
    rest = text
    changed = True
    while changed:
        changed = False
        for adv in _ZH_ADVERBS:
            if rest.startswith(adv) and len(rest) > len(adv):
                candidate = rest[len(adv):]
                if any(candidate.startswith(v) for v in _ZH_VERBS):
                    prefix += adv
                    rest = candidate
                    changed = True
                    break
    for verb in _ZH_VERBS:
        if rest.startswith(verb):
            return prefix + verb
    return None


_EN_PHRASES = (
    "Taking note", "Takes note", "Bearing in mind", "Taking into account", "Takes into account",
    "Having considered", "Having examined", "Having heard", "Calls upon", "Calls on", "Welcoming also",
)


def _en_verb(text: str) -> str | None:
    for phrase in _EN_PHRASES:
        if text.startswith(phrase) and text[len(phrase):len(phrase) + 1] in {" ", ",", ""}:
            tail = text[len(phrase):].split(" ", 2)
            extra = tail[1] if len(tail) > 1 and tail[1] in {"also", "further", "again"} else ""
            return f"{phrase} {extra}".strip()
    words = _WORD.findall(text[:120])
    if not words:
        return None
    out: list[str] = []
    i = 0
    while i < len(words) - 1 and words[i].lower() in {"also", "further", "again", "strongly", "deeply",
                                                       "gravely", "seriously", "firmly", "urgently",
                                                       "once", "fully", "formally", "solemnly",
                                                       "especially", "particularly", "expressly"}:
        out.append(words[i])
        i += 1
    head = words[i]
    low = head.lower()
    if not (low.endswith("ing") or low.endswith("s") or low in _EN_PREAMBLE_ADJ or low.endswith("ed")):
        return None
    out.append(head)
    if i + 1 < len(words) and words[i + 1].lower() in {"also", "further", "again"}:
        out.append(words[i + 1])
    return " ".join(out)


def _generic_verb(text: str, lang: str) -> str | None:
    words = _WORD.findall(text[:120])
    if not words:
        return None
    if lang == "ar" and words[0] in {"وإذ", "إذ", "واذ"} and len(words) > 1:
        return f"{words[0]} {words[1]}"
    if lang in {"fr", "es", "ru"} and len(words) > 1 and words[1].lower() in {
        "également", "en", "aussi", "además", "también", "asimismo", "также", "вновь"
    }:
        return f"{words[0]} {words[1]}"
    return words[0]
