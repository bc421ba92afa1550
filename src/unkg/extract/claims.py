"""Claims: who asserts what about whom, on what legal basis, with the exact words.

:func:`find_claims` reads the body paragraphs of a parsed :class:`~unkg.model.Document`
(never footnotes, headings, the cover page, signatures or vote blocks) and returns one
:class:`Claim` per (paragraph, accused, category), following ``docs/claims-guideline.md``.

Precision comes first: a claim is made only when a rule recognises **who** is accused
(a State or entity the actor recogniser found, or "the X authorities / Government of X /
X armed forces"), **what** it is accused of or asked to do (a category trigger), and the
**link** between the two (the accused is the agent of the act, or the one the demand is
addressed to). Every claim records the rule that made it (``Claim.rule``), so each one can be
explained and each rule measured (``bench/score_claims.py``).

Rules (ids as recorded in ``unkg:extractionRule``):

``zh.agent``
    the accused is the nearest actor before a trigger in the same sentence that is not an
    object or a place (``对乌克兰``, ``在乌克兰境内``, ``在土耳其…支持下``), e.g.
    ``俄罗斯联邦侵略乌克兰``, ``被阿塞拜疆军队非法占领``.
``zh.demand``
    ``要求 / 促请 / 敦促 / 吁请 / 呼吁 X …`` followed by a demanded act (``停止``, ``撤出``,
    ``遵守``, ``赔偿``, ``谈判`` …).
``zh.accountability``
    ``追究 X … 责任`` / ``X … 承担 … 法律后果 / 赔偿``.
``en.by``
    an act noun followed by ``by X`` / ``committed by X`` (``aggression by the Russian
    Federation``), or ``X's`` before it.
``en.subject``
    ``X`` as the subject of an act verb (``Azerbaijan launched``, ``Israel, the occupying
    Power, continues to``).
``en.demand``
    ``demands that X …`` / ``calls upon X to …`` / ``urges X to …`` followed by a demanded act.
``en.accountability``
    ``X must be held accountable``, ``hold X accountable``, ``X must bear the legal
    consequences``.

The claimant follows from where the paragraph is (``claimants_for``): the adopting organ of
a resolution, the sponsors of a draft, the authors of a letter, the author printed in an
annex heading (the letter's State is then ``transmitted_by``).

Hypothetical conduct (``任何违反…行为``, ``any violations``), negated conduct (``不得``,
``shall not``) and text inside quotation marks are not claims. A claim in a paragraph that
recalls an earlier resolution, or that reports what another body found, is kept with
``attributed=True``.
"""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import NamedTuple

from unkg.extract.actors import Actors
from unkg.extract.citations import Citation
from unkg.extract.states import entities, find_states
from unkg.model import DocType, Document, Paragraph, Part
from unkg.parse.dates import find_dates

__all__ = ["CATEGORIES", "STANCES", "Claim", "claimants_for", "find_claims"]

#: The claim categories (slugs of the ``claim-category`` SKOS scheme in ``ontology/``).
CATEGORIES = (
    "aggression", "use-of-force", "occupation", "annexation", "territorial-integrity", "sovereignty",
    "self-determination", "genocide", "war-crimes", "crimes-against-humanity", "ihl-violation",
    "human-rights-violation", "mercenaries", "terrorism-support", "incitement",
    "weapons-of-mass-destruction", "non-compliance", "international-law-violation",
    "demand-withdrawal", "demand-cessation", "demand-reparation", "demand-accountability",
    "demand-compliance", "call-for-negotiation",
)
STANCES = ("asserts", "condemns", "demands", "denies", "welcomes")


@dataclass(frozen=True, slots=True)
class Claim:
    """One claim: ``doc.text[start:end] == quote`` is the evidence."""

    claimants: tuple[str, ...]  # actor keys: ISO3, entity slug or organ code
    claimant_kinds: tuple[str, ...]  # member_state | observer_state | other_entity | organ
    accused: str  # actor key
    accused_kind: str
    category: str
    stance: str
    attributed: bool
    start: int
    end: int
    quote: str
    paragraph: tuple[str, int]  # (part, ordinal)
    rule: str
    trigger: str  # the words that carry the category, as printed
    legal_basis: tuple[int, ...] = ()  # indexes into the document's citations
    transmitted_by: tuple[str, ...] = ()
    claimant_agency: str | None = None  # "Ministry of Foreign Affairs" when the annex names one
    claimant_agency_printed: str | None = None
    event_date: dt.date | None = None  # the date of the act, when printed with the claim


# ------------------------------------------------------------------------------ triggers

class _Trigger(NamedTuple):
    category: str
    pattern: re.Pattern[str]


def _zh(category: str, *words: str) -> _Trigger:
    return _Trigger(category, re.compile("|".join(words)))


def _en(category: str, *words: str) -> _Trigger:
    return _Trigger(category, re.compile(r"\b(?:" + "|".join(words) + r")\b", re.IGNORECASE))


# Conduct the accused is said to have engaged in (the agent rules).
_ZH_ACTS = (
    _zh("aggression", "侵略"),
    _zh("use-of-force", "使用武力", "动用武力", "以武力", "用武力", "武力攻击", "发动战争", "军事攻击", "攻击"),
    _zh("occupation", "(?<!被)占领(?!国)"),
    _zh("annexation", "兼并", "吞并"),
    _zh("territorial-integrity", "侵犯[^，。；]{0,12}领土完整", "破坏[^，。；]{0,12}领土完整"),
    _zh("sovereignty", "侵犯[^，。；]{0,12}主权", "干涉[^，。；]{0,8}内政"),
    _zh("self-determination", "(?:侵犯|剥夺|否认|拒绝|无视|违反)[^，。；]{0,16}自决权"),
    _zh("genocide", "灭绝种族罪行", "实施灭绝种族"),
    _zh("war-crimes", "战争罪"),
    _zh("crimes-against-humanity", "危害人类罪"),
    _zh("ihl-violation", "违反国际人道(?:主义)?法", "践踏国际人道(?:主义)?法", "无差别攻击", "蓄意攻击", "袭击平民", "攻击平民",
        "劫持人质", "狂轰滥炸", "无差别轰炸", "招募和使用儿童", "阻碍人道(?:主义)?准入", "拒绝人道(?:主义)?准入", "以饥饿作为作战方法"),
    _zh("human-rights-violation", "侵犯人权", "践踏人权", "侵犯和践踏人权", "任意拘留", "酷刑", "强迫失踪",
        "法外处决", "法外杀戮"),
    _zh("mercenaries", "雇佣军", "雇佣兵"),
    _zh("terrorism-support", "支持恐怖主义", "资助恐怖主义", "恐怖主义行为"),
    _zh("incitement", "煽动", "仇恨言论"),
    _zh("weapons-of-mass-destruction", "化学武器", "核武器"),
    _zh("non-compliance", "不遵守", "未遵守", "违反[^，。；]{0,20}决议", "无视[^，。；]{0,20}决议"),
    _zh("international-law-violation", "国际不法行为", "违反国际法", "公然违反国际法"),
)
_EN_ACTS = (
    _en("aggression", r"aggression", r"war of aggression", r"acts? of aggression"),
    _en("use-of-force", r"use of force", r"used force", r"uses force", r"armed attacks?", r"military attacks?",
        r"launched (?:a |an )?(?:war|attack|offensive|military operation)s?", r"attacks? against"),
    _en("occupation", r"occupation", r"occupies", r"occupied (?=by\b)", r"has occupied", r"have occupied"),
    _en("annexation", r"annexation", r"annexed", r"annexes", r"attempted annexation"),
    _en("territorial-integrity", r"violat\w* (?:of )?(?:the )?(?:\w+ ){0,3}territorial integrity"),
    _en("sovereignty", r"violat\w* (?:of )?(?:the )?(?:\w+ ){0,3}sovereignty", r"interference in (?:the )?internal affairs"),
    _en("self-determination", r"(?:den\w+|violat\w+) (?:of )?(?:the )?(?:\w+ ){0,4}right (?:of peoples |of the \w+ people )?to self-determination"),
    _en("genocide", r"genocide"),
    _en("war-crimes", r"war crimes?"),
    _en("crimes-against-humanity", r"crimes? against humanity"),
    _en("ihl-violation", r"violations? of international humanitarian law", r"attacks? (?:on|against) civilians",
        r"indiscriminate (?:aerial )?(?:attacks?|bombardments?|shelling)", r"hostage-taking", r"taking of hostages",
        r"recruitment and use of children", r"use of child soldiers", r"attacks? on (?:and looting of )?humanitarian \w+"),
    _en("human-rights-violation", r"human rights violations", r"violations (?:and abuses )?of human rights",
        r"arbitrary detention", r"torture", r"enforced disappearances?", r"extrajudicial killings?",
        r"sexual and gender-based violence", r"human rights abuses"),
    _en("mercenaries", r"mercenar(?:y|ies)", r"foreign terrorist fighters"),
    _en("terrorism-support", r"support(?:ing)? (?:for )?terroris[mt]\w*", r"financ\w+ (?:of )?terroris\w+",
        r"harbour\w* terrorists?"),
    _en("incitement", r"incitement", r"incites?", r"hate speech"),
    _en("weapons-of-mass-destruction", r"chemical weapons", r"biological weapons", r"nuclear weapons"),
    _en("non-compliance", r"(?:fail\w*|refus\w*) to comply", r"non-compliance", r"lack of cooperation",
        r"in violation of (?:Security Council |General Assembly |its )?resolutions?"),
    _en("international-law-violation", r"internationally wrongful acts?", r"violations? of international law"),
)

# What a demand asks for (the demand rules).
_ZH_DEMANDS = (
    _zh("demand-withdrawal", "撤出", "撤军", "撤回[^，。；]{0,10}(?:部队|军队|军事力量)", "结束[^，。；]{0,10}占领"),
    _zh("demand-cessation", "停止", "停火", "结束", "终止", "释放"),
    _zh("demand-reparation", "赔偿", "法律后果"),
    _zh("demand-accountability", "追究[^。；]{0,80}责任", "问责"),
    _zh("demand-compliance", "遵守", "履行[^，。；]{0,12}义务", "(?:执行|落实)[^，。；]{0,20}(?:决议|判决|命令|协定|协议)",
        "与[^，。；]{0,30}(?:联合国|理事会|委员会|特别报告员|办事处|机制|专家小组|法院|高级专员)[^，。；]{0,10}合作"),
    _zh("call-for-negotiation", "谈判", "和平解决"),
)
_EN_DEMANDS = (
    _en("demand-withdrawal", r"withdraw\w*", r"end (?:its|the) occupation", r"pull out"),
    _en("demand-cessation", r"cease\w*", r"stop\w*", r"halt\w*", r"end (?:all|its|the)", r"release\w*"),
    _en("demand-reparation", r"reparation", r"compensation", r"compensate", r"legal consequences"),
    _en("demand-accountability", r"held accountable", r"accountability", r"hold \w+ accountable"),
    _en("demand-compliance", r"compl(?:y|ies|iance)", r"abide by", r"adhere to", r"fulfil\w* (?:\w+ ){0,3}obligations",
        r"implement\w* (?:\w+ ){0,4}(?:resolutions?|judgments?|orders?|agreements?|obligations)", r"cooperat\w+ (?:fully )?with (?:the )?(?:United Nations|Human Rights Council|Council|Commission|Special Rapporteur|"
        r"Office|mechanism|Panel|Court|High Commissioner|International Court|treaty bodies)",
        r"grant\w* (?:\w+ ){0,4}access"),
    _en("call-for-negotiation", r"negotiat\w+", r"peaceful settlement", r"resume (?:the )?(?:peace )?talks"),
)

_ZH_DEMAND_VERB = re.compile(r"(要求|促请|敦促|吁请|呼吁|强烈敦促|坚决要求|鼓励|期望|请)")
_EN_DEMAND_VERB = re.compile(r"\b(demands?|demanding|calls? upon|calls? on|calling upon|calling on|urges?|urging|requests?|insists?|encourag\w+|expects?(?: that)?)\b(?: (?:that|also|once again|further|again))*\s+",
                             re.IGNORECASE)
_ZH_CONDEMN = re.compile(r"谴责|痛惜")
_EN_CONDEMN = re.compile(r"\b(condemn\w*|deplor\w*|denounc\w*)\b", re.IGNORECASE)
_ZH_DENY = re.compile(r"否认|拒绝接受|驳斥")
_EN_DENY = re.compile(r"\b(den(?:y|ies)|reject\w*)\b[^.;]{0,30}\b(allegations?|accusations?|claims?)\b", re.IGNORECASE)
_ZH_WELCOME = re.compile(r"^(?:又|还|并)?(?:欢迎|赞扬|赞赏)")
_EN_WELCOME = re.compile(r"^(?:also |further )?(?:welcom\w*|commend\w*)", re.IGNORECASE)

# Paragraph verbs under which the content is someone else's earlier statement.
_ZH_RECALL = re.compile(r"^(?:又|还|并)?(?:回顾|忆及)")
_EN_RECALL = re.compile(r"^(?:also |further )?(?:recall\w*)", re.IGNORECASE)
_ZH_REPORTED = re.compile(r"据报|据称|指称|认定|调查结果|报告指出|委员会[^，。；]{0,20}(?:认为|指出|发现)")
_EN_REPORTED = re.compile(r"\b(?:reportedly|alleged\w*|found that|concluded that|according to|"
                          r"reports? (?:of|that)|documented by|findings? (?:of|that))\b", re.IGNORECASE)

_ZH_HYPOTHETICAL = re.compile(r"任何[^，。；]{0,10}$|如果|若|一旦|不得|不能|不应|不会|防止|避免|不承认|免于|免受|据称|可能")
_EN_HYPOTHETICAL = re.compile(r"\b(?:any|if|unless|whether|possible|potential|prevent\w*|avoid\w*|"
                              r"shall not|should not|must not|not to|refrain\w* from)\b[^.;,]{0,40}$",
                              re.IGNORECASE)

# An actor is an object or a place, not the agent, when framed like this.
_ZH_NOT_AGENT_BEFORE = re.compile(r"(?:对|针对|向|从|与|同|给|支持|协助|帮助|援助|反对|侵略|占领|攻击|入侵|为|自|"
                                  r"离开|进入|驻|关于|涉及|包括|及|和|、|以及|或)$")
_ZH_INSTITUTION = re.compile(r"^(?:当局|政府|政权|军队|武装部队|部队|国家安全部队|安全部队|领导人|总统|领导层)?")
_ZH_NOT_AGENT_AFTER = re.compile(r"^(?:的|之)?(?:境内|领土|领水|领空|人民|边界|国际公认边界|国内|全境|局势|问题|冲突|危机|"
                                 r"人权状况|状况|情况|主权|独立|统一|领土完整|自决|难民|平民|代表|常驻|支持下|等地|各方|"
                                 r"一所|法院|被|邻国|地区|-|－)")
_ZH_COORDINATED = re.compile(r"^(?:与|和|及|同|之间)")
_ZH_SUPPORT_FRAME = re.compile(r"^[^，。；]{0,40}支持下")
_EN_NOT_AGENT_BEFORE = re.compile(r"\b(?:against|in|into|on|of|from|with|to|and|or|for|towards?|including|"
                                  r"within|across|by which|inside|over|at|upon|between|the people of)\s+(?:the\s+)?$",
                                  re.IGNORECASE)

# "the Syrian authorities", "the Government of Eritrea", "Sudanese Armed Forces"
_INSTITUTIONS_EN = r"(?:authorities|Government|regime|armed forces|Armed Forces|forces|army|military|security forces|leadership)"
_DEMONYMS = {
    "Syrian": "SYR", "Russian": "RUS", "Israeli": "ISR", "Eritrean": "ERI", "Sudanese": "SDN",
    "South Sudanese": "SSD", "Azerbaijani": "AZE", "Armenian": "ARM", "Ukrainian": "UKR", "Iranian": "IRN",
    "Myanmar": "MMR", "Afghan": "AFG", "Belarusian": "BLR", "Venezuelan": "VEN", "Nicaraguan": "NIC",
    "Ethiopian": "ETH", "Malian": "MLI", "Libyan": "LBY", "Yemeni": "YEM", "Iraqi": "IRQ", "Turkish": "TUR",
    "Georgian": "GEO", "Moroccan": "MAR", "Chinese": "CHN", "Congolese": "COD", "Rwandan": "RWA",
}
_BARE_DEMONYM_RE = re.compile(r"\b(" + "|".join(sorted(_DEMONYMS, key=len, reverse=True)) + r")(?= \w)")
_DEMONYM_RE = re.compile(r"\b(?:the )?(" + "|".join(sorted(_DEMONYMS, key=len, reverse=True)) + r") " + _INSTITUTIONS_EN + r"\b")


class _Actor(NamedTuple):
    key: str
    kind: str
    start: int  # in the paragraph text
    end: int
    bare: bool = False  # a bare adjective ("Israeli"): the agent only of the act noun it qualifies


def _paragraph_actors(text: str, lang: str) -> list[_Actor]:
    known = entities()
    out = [_Actor(m.entity.key, m.entity.kind, m.start, m.end) for m in find_states(text, lang)]
    if lang == "en":
        for m in _DEMONYM_RE.finditer(text):
            key = _DEMONYMS[m.group(1)]
            if key in known and not any(a.start < m.end() and m.start() < a.end for a in out):
                out.append(_Actor(key, known[key].kind, m.start(), m.end()))
        for m in _BARE_DEMONYM_RE.finditer(text):
            key = _DEMONYMS[m.group(1)]
            if key in known and not any(a.start < m.end() and m.start() < a.end for a in out):
                out.append(_Actor(key, known[key].kind, m.start(1), m.end(1), bare=True))
    out.sort(key=lambda a: a.start)
    return out


# ------------------------------------------------------------------------------ claimants

_ZH_ANNEX_AUTHOR = re.compile(r"^(?P<who>.+?)(?P<agency>外交部|政府|总统办公室|总统|常驻联合国代表团|议会|国民议会)(?:关于|的|就|发表|声明)")
_EN_ANNEX_AUTHOR = re.compile(r"\b(?P<agency>Ministry of Foreign Affairs|Government|Office of the President|"
                              r"President|Permanent Mission|Parliament|National Assembly) of (?:the )?(?P<who>[A-Z][^,:]+?)"
                              r"(?: on | concerning | regarding |,|$)")
_AGENCY_EN = {"外交部": "Ministry of Foreign Affairs", "政府": "Government", "总统办公室": "Office of the President",
              "总统": "President", "常驻联合国代表团": "Permanent Mission", "议会": "Parliament",
              "国民议会": "National Assembly"}


class Claimants(NamedTuple):
    keys: tuple[str, ...]
    kinds: tuple[str, ...]
    transmitted_by: tuple[str, ...] = ()
    agency: str | None = None
    agency_printed: str | None = None


def _kind(key: str) -> str:
    e = entities().get(key)
    return e.kind if e is not None else "organ"


def _annex_author(part: Part, lang: str) -> tuple[str, str, str] | None:
    """(entity key, agency in English, agency as printed) when an annex heading names its author."""
    for line in (part.title, part.heading):
        if not line:
            continue
        if lang == "zh":
            m = _ZH_ANNEX_AUTHOR.match(line)
            if m:
                found = find_states(m.group("who"), lang)
                if found and found[0].start == 0 and found[-1].end == len(m.group("who")):
                    return found[0].entity.key, _AGENCY_EN[m.group("agency")], m.group("who") + m.group("agency")
        else:
            m = _EN_ANNEX_AUTHOR.search(line)
            if m:
                found = find_states(m.group("who"), lang)
                if found and found[0].start == 0:
                    return found[0].entity.key, m.group("agency"), m.group(0).rstrip(" ,:")
    return None


def claimants_for(doc: Document, actors: Actors) -> dict[str, Claimants]:
    """Who speaks in each part of the document (parts without a known speaker are left out)."""
    out: dict[str, Claimants] = {}
    letter = doc.doc_type in {DocType.LETTER, DocType.NOTE_VERBALE}
    if doc.doc_type in {DocType.RESOLUTION, DocType.DECISION}:
        organ = doc.bodies[:1]
        speaker = Claimants(tuple(organ), tuple("organ" for _ in organ)) if organ else None
    elif doc.doc_type in {DocType.DRAFT_RESOLUTION, DocType.AMENDMENT}:
        speaker = Claimants(tuple(actors.sponsors), tuple(_kind(k) for k in actors.sponsors))
    elif letter and actors.authors:
        speaker = Claimants(tuple(actors.authors), tuple(_kind(k) for k in actors.authors))
    else:
        speaker = None
    for part in doc.parts:
        if part.kind == "main":
            if speaker is not None:
                out[part.key] = speaker
            continue
        author = _annex_author(part, doc.lang) if letter else None
        if author is not None:
            key, agency, printed = author
            transmitted = speaker.keys if speaker is not None else ()
            out[part.key] = Claimants((key,), (_kind(key),), tuple(k for k in transmitted if k != key), agency, printed)
        elif speaker is not None:
            out[part.key] = speaker
    return out


# ------------------------------------------------------------------------------ segmentation

_ZH_SENT = re.compile(r"[^。；！？]+[。；！？]?")
_EN_SENT = re.compile(r"(?:[^.;:]|\.(?=\d)|\.(?=\S)|(?<=\b[A-Z])\.|(?<=\bNo)\.|(?<=\bvol)\.|(?<=\bpara)\.|(?<=\bart)\.)+[.;:]?")
_QUOTES = re.compile(r"“[^”]*”|‘[^’]*’|「[^」]*」|『[^』]*』|\"[^\"]*\"")


def _sentences(text: str, lang: str) -> Iterator[tuple[int, int]]:
    pattern = _EN_SENT if lang != "zh" else _ZH_SENT
    for m in pattern.finditer(text):
        a, b = m.start(), m.end()
        while a < b and text[a].isspace():
            a += 1
        if b > a:
            yield a, b


def _clause_bounds(text: str, a: int, b: int, lo: int, hi: int, lang: str) -> tuple[int, int]:
    """Widen ``[a, b)`` to clause boundaries (commas) within the sentence ``[lo, hi)``."""
    seps = "，、：" if lang == "zh" else ",:"
    s = a
    while s > lo and text[s - 1] not in seps:
        s -= 1
    e = b
    while e < hi and text[e] not in seps + ("；。" if lang == "zh" else ";."):
        e += 1
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return s, e


# ------------------------------------------------------------------------------ the rules

class _Hit(NamedTuple):
    actor: _Actor
    category: str
    stance: str
    start: int  # evidence span in the paragraph text
    end: int
    rule: str
    trigger: str


def _masked(spans: list[tuple[int, int]], a: int, b: int) -> bool:
    return any(s <= a < e or s < b <= e for s, e in spans)


def _zh_agent_ok(text: str, actor: _Actor, lo: int, addressee: bool = False) -> bool:
    before = text[max(lo, actor.start - 4):actor.start]
    rest = text[actor.end:actor.end + 20]
    after = rest[_ZH_INSTITUTION.match(rest).end():]
    if _ZH_NOT_AGENT_BEFORE.search(before) and not before.endswith("被"):
        return False
    if _ZH_NOT_AGENT_AFTER.match(after) or (not addressee and _ZH_COORDINATED.match(after)):
        return False
    clause = text[lo:actor.start].split("，")[-1]
    if "在" in clause and _ZH_SUPPORT_FRAME.match(text[actor.end:]):
        return False
    if before.endswith("在") and re.match(r"^[^，。；]{0,8}(?:地区|境内|各地|省|州)", rest):
        return False
    return True


# between the agent and the act: a hedge ("可能"), a failure to prosecute ("没有追究 … 罪"), prevention
_ZH_GAP_BLOCK = re.compile(r"可能|也许|或许|追究|防止|预防|免于|免受|免遭")
_EN_GAP_BLOCK = re.compile(r"\b(?:may|might|could|possibly|prevent\w*|hold\w* accountable)\b", re.IGNORECASE)
_ZH_LEAD = re.compile(r"(?:\d{4} ?年)?(?: ?\d{1,2} ?月)?(?: ?\d{1,2} ?日)?(?:，|,)?\s*(?:今天|目前|此后|随后|然而|但|而|并且|因此|此外)?，?$")


def _clause_initial(text: str, actor: _Actor, lo: int) -> bool:
    """The actor opens its clause (only a date or a connective before it): the subject of what follows."""
    s = actor.start
    while s > lo and text[s - 1] not in "，。；：":
        s -= 1
    return _ZH_LEAD.match(text[s:actor.start]) is not None


def _en_agent_ok(text: str, actor: _Actor, lo: int) -> bool:
    before = text[max(lo, actor.start - 30):actor.start]
    return not _EN_NOT_AGENT_BEFORE.search(before)


def _stance(sentence: str, lang: str, default: str) -> str:
    if lang == "zh":
        if _ZH_CONDEMN.search(sentence):
            return "condemns"
        if _ZH_DENY.search(sentence):
            return "denies"
    else:
        if _EN_CONDEMN.search(sentence):
            return "condemns"
        if _EN_DENY.search(sentence):
            return "denies"
    return default


def _agent_hits(text: str, lo: int, hi: int, actors: list[_Actor], quoted: list[tuple[int, int]],
                lang: str) -> Iterator[_Hit]:
    """The accused is the agent of an act named in the sentence ``text[lo:hi]``."""
    acts = _ZH_ACTS if lang == "zh" else _EN_ACTS
    sentence = text[lo:hi]
    found = [(trig, m) for trig in acts for m in trig.pattern.finditer(text, lo, hi)]
    # a trigger inside a more specific one of another category ("攻击" in "无差别攻击") is dropped
    found = [(t, m) for t, m in found
             if not any(o is not m and ot.category != t.category and o.start() <= m.start() and m.end() <= o.end()
                        and (o.end() - o.start()) > (m.end() - m.start()) for ot, o in found)]
    for trig, m in found:
        a, b = m.start(), m.end()
        if _masked(quoted, a, b):
            continue
        clause_lo = max(lo, a - 80)
        head = text[clause_lo:a]
        if (_ZH_HYPOTHETICAL if lang == "zh" else _EN_HYPOTHETICAL).search(head[-14:] if lang == "zh" else head):
            continue
        agent: _Actor | None = None
        rule = ""
        if lang == "zh":
            for act in reversed([x for x in actors if lo <= x.start and x.end <= a]):
                commas = text[act.end:a].count("，")
                if a - act.end > 60 or commas > 1:
                    break
                if commas == 1 and not _clause_initial(text, act, lo):
                    continue
                if _masked(quoted, act.start, act.end):
                    continue
                if _ZH_GAP_BLOCK.search(text[act.end:a]):
                    break
                if _zh_agent_ok(text, act, lo):
                    agent, rule = act, "zh.agent"
                    break
        else:
            for act in reversed([x for x in actors if x.bare and lo <= x.start and x.end <= a]):
                if re.fullmatch(r"\s+", text[act.end:a]):
                    agent, rule = act, "en.by"
                break
            for act in ([] if agent is not None else [x for x in actors if not x.bare]):
                if b < act.start <= b + 140 and _EN_BY.fullmatch(text[b:act.start]) \
                        and not _EN_GAP_BLOCK.search(text[b:act.start]):
                    agent, rule = act, "en.by"
                    break
            if agent is None:
                for act in reversed([x for x in actors if lo <= x.start and x.end <= a and not x.bare]):
                    gap = text[act.end:a]
                    if re.fullmatch(r"[’']s\s+(?:\w+\s+){0,3}", gap) or re.fullmatch(r"[’']s", gap):
                        agent, rule = act, "en.by"
                        break
                    if (len(gap) <= 60 and re.fullmatch(r"(?:,[^,;]{0,40},)?\s+(?:has |have |had |is |are |was |were )?"
                                                         r"(?:also |further |continues to |continued to |"
                                                         r"continue to |repeatedly )?(?:\w+ ){0,1}", gap)
                            and _en_agent_ok(text, act, lo)):
                        agent, rule = act, "en.subject"
                    break
        if agent is None or _masked(quoted, agent.start, agent.end):
            continue
        # demands come from the demand rules; here the stance is asserts, or condemns when the sentence condemns
        s, e = _clause_bounds(text, min(agent.start, a), b, lo, hi, lang)
        yield _Hit(agent, trig.category, _stance(sentence, lang, "asserts"), s, e, rule, m.group(0))


_EN_BY = re.compile(r"(?:(?:(?!\bby\b)[^.;:]){0,110}?\s)?(?:committed |perpetrated |carried out |imposed |conducted |launched |"
                    r"principally |notably |mainly |including |particularly |first and foremost |but not exclusively |)*"
                    r"by (?:both )?(?:the )?"
                    r"(?:Government of |authorities of |members of |forces of )?(?:the )?")
_ZH_SINGLED_OUT = re.compile(r"[^。；]{0,40}(?:特别是|尤其是|首先是|特别)")
_EN_ADDRESSEE_GAP = re.compile(r"(?:the )?(?:Government of |authorities of |Governments of )?(?:the )?")
_EN_SINGLED_OUT = re.compile(r"[^.;]{0,60}(?:in particular|particularly|notably|first and foremost|especially),? (?:the )?")


_EN_BETWEEN = re.compile(r"\b(?:armed conflict|hostilities|fighting|war) between ", re.IGNORECASE)
_ZH_BETWEEN = re.compile(r"(?:及其[^，。；]{0,10})?之间[^，。；]{0,8}(?:武装冲突|敌对行动|战斗|战争)")


def _between_hits(text: str, lo: int, hi: int, actors: list[_Actor], quoted: list[tuple[int, int]],
                  lang: str) -> Iterator[_Hit]:
    """"the armed conflict between X and Y" / "X与Y之间…武装冲突": both are agents of the use of force."""
    sentence = text[lo:hi]
    named = [a for a in actors if not a.bare]
    if _stance(sentence, lang, "asserts") != "condemns":  # a conflict described, not condemned, is no accusation
        return
    if lang == "zh":
        for m in _ZH_BETWEEN.finditer(text, lo, hi):
            pair = [a for a in named if a.end <= m.start() and m.start() - a.start <= 40]
            if len(pair) >= 2 and re.fullmatch(r"[^，。；]{0,12}?(?:与|和|同)", text[pair[-2].end:pair[-1].start]) \
                    and not _masked(quoted, m.start(), m.end()):
                for act in pair[-2:]:
                    s, e = _clause_bounds(text, pair[-2].start, m.end(), lo, hi, lang)
                    yield _Hit(act, "use-of-force", _stance(sentence, lang, "asserts"), s, e, "zh.between", m.group(0))
    else:
        for m in _EN_BETWEEN.finditer(text, lo, hi):
            first = next((a for a in named if a.start >= m.end() and re.fullmatch(r"(?:the )?", text[m.end():a.start])), None)
            if first is None or _masked(quoted, m.start(), m.end()):
                continue
            second = next((a for a in named if a.start > first.end
                           and re.fullmatch(r"[^,;]{0,20}? and (?:the )?", text[first.end:a.start])), None)
            if second is None:
                continue
            s, e = _clause_bounds(text, m.start(), second.end, lo, hi, lang)
            for act in (first, second):
                yield _Hit(act, "use-of-force", _stance(sentence, lang, "asserts"), s, e, "en.between", m.group(0).strip())


def _demand_hits(text: str, lo: int, hi: int, actors: list[_Actor], quoted: list[tuple[int, int]],
                 lang: str) -> Iterator[_Hit]:
    """``要求 X 停止 …`` / ``demands that X cease …``: the accused is who the demand is addressed to."""
    verb_re = _ZH_DEMAND_VERB if lang == "zh" else _EN_DEMAND_VERB
    demands = _ZH_DEMANDS if lang == "zh" else _EN_DEMANDS
    acts = _ZH_ACTS if lang == "zh" else _EN_ACTS
    for v in verb_re.finditer(text, lo, hi):
        if _masked(quoted, v.start(), v.end()):
            continue
        # the addressee directly after the verb ("要求俄罗斯联邦", "calls upon the Government of Eritrea to")
        addressee = None
        for act in actors:
            gap = text[v.end():act.start]
            if act.start < v.end():
                continue
            if lang == "zh":
                ok = (gap in {"", "占领国", "该国"} or _ZH_SINGLED_OUT.fullmatch(gap) is not None) \
                    and _zh_agent_ok(text, act, lo, addressee=True)
            else:
                ok = (_EN_ADDRESSEE_GAP.fullmatch(gap) is not None or _EN_SINGLED_OUT.fullmatch(gap) is not None
                      or (re.fullmatch(r"[^.;]{0,60}?(?:and |, )(?:the )?", gap) is not None
                          and re.match(r",? in particular", text[act.end:act.end + 16]) is not None)) \
                    and not re.match(r"\s*(?:parties|people|refugees|territory|and\b)", text[act.end:act.end + 12])
            if ok:
                addressee = act
            break
        if addressee is None:
            continue
        # the demanded act: up to the end of the clause chain (next demand verb or sentence end)
        nxt = verb_re.search(text, addressee.end, hi)
        stop = nxt.start() if nxt else hi
        body_a = addressee.end
        found: set[str] = set()
        for trig in demands:
            m = trig.pattern.search(text, body_a, stop)
            if m is None or trig.category in found or _masked(quoted, m.start(), m.end()):
                continue
            if trig.category == "demand-cessation" and "demand-withdrawal" in found and lang == "zh" and m.group(0) == "结束":
                continue
            found.add(trig.category)
            s, e = _clause_bounds(text, v.start(), m.end(), lo, hi, lang)
            yield _Hit(addressee, trig.category, "demands", s, e, f"{lang}.demand", m.group(0))
        # "cease its use of force": the act itself is asserted too, with stance demands
        if "demand-cessation" in found:
            for trig in acts:
                m = trig.pattern.search(text, body_a, stop)
                if m is not None and not _masked(quoted, m.start(), m.end()) \
                        and not (_ZH_GAP_BLOCK if lang == "zh" else _EN_GAP_BLOCK).search(text[body_a:m.start()]):
                    s, e = _clause_bounds(text, v.start(), m.end(), lo, hi, lang)
                    yield _Hit(addressee, trig.category, "demands", s, e, f"{lang}.demand", m.group(0))


_ZH_BEAR = re.compile(r"(?:必须|应当|应)?承担[^。；]{0,30}(?:法律后果|责任)")
_EN_ACCOUNT = re.compile(r"\b(?:must|should|shall|will) be held (?:fully )?accountable|\bhold(?:ing)? (?P<obj>.{0,60}?) accountable"
                         r"|\b(?:must|should|shall) bear (?:the )?(?:\w+ ){0,3}legal consequences", re.IGNORECASE)


def _accountability_hits(text: str, lo: int, hi: int, actors: list[_Actor], quoted: list[tuple[int, int]],
                         lang: str) -> Iterator[_Hit]:
    if lang == "zh":
        for m in re.finditer(r"追究", text[lo:hi]):
            a = lo + m.start()
            act = next((x for x in actors if 0 <= x.start - (a + 2) <= 1), None)
            end = text.find("责任", a, hi)
            if act is None or end < 0 or _masked(quoted, a, a + 2):
                continue
            s, e = _clause_bounds(text, a, act.end, lo, hi, lang)
            yield _Hit(act, "demand-accountability", "demands", s, e, "zh.accountability", "追究…责任")
        for m in _ZH_BEAR.finditer(text, lo, hi):
            cands = [x for x in actors if lo <= x.start and x.end <= m.start() and m.start() - x.end <= 4]
            if not cands or _masked(quoted, m.start(), m.end()):
                continue
            act = cands[-1]
            if not _zh_agent_ok(text, act, lo):
                continue
            tail_end = text.find("赔偿", m.end(), hi)
            end = tail_end + 2 if tail_end >= 0 else m.end()
            s, e = _clause_bounds(text, act.start, m.end(), lo, hi, lang)
            e = max(e, min(end, hi))
            yield _Hit(act, "demand-reparation", "demands", s, e, "zh.accountability", m.group(0))
    else:
        for m in _EN_ACCOUNT.finditer(text, lo, hi):
            if _masked(quoted, m.start(), m.end()):
                continue
            if m.group("obj") is not None:
                cands = [x for x in actors if m.start("obj") <= x.start and x.end <= m.end("obj")]
                act = cands[0] if cands else None
            else:
                cands = [x for x in actors if lo <= x.start and x.end <= m.start() and m.start() - x.end <= 40]
                act = cands[-1] if cands else None
            if act is None:
                continue
            category = "demand-reparation" if "consequences" in m.group(0) else "demand-accountability"
            s, e = _clause_bounds(text, min(act.start, m.start()), max(act.end, m.end()), lo, hi, lang)
            yield _Hit(act, category, "demands", s, e, "en.accountability", m.group(0))


# ------------------------------------------------------------------------------ assembly

def _attributed(para: Paragraph, sentence: str, lang: str) -> bool:
    verb = para.verb or ""
    if lang == "zh":
        return bool(_ZH_RECALL.match(verb) or _ZH_REPORTED.search(sentence))
    return bool(_EN_RECALL.match(verb) or _EN_REPORTED.search(sentence))


def _welcome(para: Paragraph, lang: str) -> bool:
    verb = para.verb or ""
    return bool((_ZH_WELCOME if lang == "zh" else _EN_WELCOME).match(verb))




class _CitationIndex:
    """Citations by position (body text) and by footnote, and footnote markers by position, so
    that finding the legal basis of a claim does not scan every citation of the document."""

    def __init__(self, doc: Document, citations: Iterable[Citation]) -> None:
        self.body: list[tuple[int, int, int]] = []  # (start, end, index), sorted
        self.by_footnote: dict[int, list[int]] = {}
        for i, c in enumerate(citations):
            if c.symbol is None and c.instrument is None:
                continue
            if c.footnote is None:
                self.body.append((c.start, c.end, i))
            else:
                self.by_footnote.setdefault(c.footnote, []).append(i)
        self.body.sort()
        self.body_starts = [b[0] for b in self.body]
        self.markers = sorted((fn.marker_span.start, fn.ordinal) for fn in doc.footnotes if fn.marker_span is not None)
        self.marker_starts = [m[0] for m in self.markers]

    def between(self, start: int, end: int, limit: int) -> tuple[int, ...]:
        out: set[int] = set()
        stop = max(end, limit)
        for s, e, i in self.body[bisect_left(self.body_starts, start):bisect_right(self.body_starts, stop)]:
            if e <= stop:
                out.add(i)
        for _, ordinal in self.markers[bisect_left(self.marker_starts, start):bisect_right(self.marker_starts, limit)]:
            out.update(self.by_footnote.get(ordinal, ()))
        return tuple(sorted(out))


_BREACH = re.compile(r"违反|违背|有违|in (?:violation|breach) of|contrary to|violat\w+", re.IGNORECASE)


def _legal_basis(doc: Document, index: _CitationIndex, start: int, end: int, sentence_end: int) -> tuple[int, ...]:
    """What the claim invokes: citations printed in the evidence span or after it in the same
    sentence when a breach is named in between ("…作为雇佣军，这公然违反了国际法，特别是《…公约》"),
    and the citations of footnotes whose marker is there (``…的侵略行为，¹⁰``)."""
    breach = _BREACH.search(doc.text, end, sentence_end)
    limit = sentence_end if breach else end + 2
    return index.between(start, end, limit)


def _event_date(text: str, lang: str, lo: int, h: _Hit) -> dt.date | None:
    """The date of the act: a full date printed inside the evidence ("于 2020 年 9 月 27 日发动"), or
    opening the sentence whose subject is the accused ("2020 年 9 月 27 日，阿塞拜疆…发动大规模侵略")."""
    dates = find_dates(text[lo:h.end], lang)
    inside = [d for d, a, b in dates if lo + a >= h.start]
    if len(inside) == 1:
        return inside[0]
    if not inside and dates and h.actor.start == h.start:
        d, a, b = dates[-1]
        if a == 0 and re.fullmatch(r"\s*[，,]?\s*", text[lo + b:h.start]):
            return d
    return None


def find_claims(doc: Document, actors: Actors, citations: list[Citation] | None = None) -> list[Claim]:
    """The claims of a parsed document (see the module docstring for the rules)."""
    if doc.lang not in {"zh", "en"}:
        return []
    speakers = claimants_for(doc, actors)
    citations = citations or []
    cindex = _CitationIndex(doc, citations)
    out: list[Claim] = []
    seen: set[tuple[str, int, str, str]] = set()
    for para in doc.paragraphs:
        who = speakers.get(para.part)
        if who is None:
            continue
        text = para.text
        actors_here = [a for a in _paragraph_actors(text, doc.lang) if a.key not in who.keys]
        if not actors_here:
            continue
        quoted = [(m.start(), m.end()) for m in _QUOTES.finditer(text)]
        welcome = _welcome(para, doc.lang)
        for lo, hi in _sentences(text, doc.lang):
            sentence = text[lo:hi]
            named = [a for a in actors_here if not a.bare]
            hits = list(_demand_hits(text, lo, hi, named, quoted, doc.lang))
            hits += _accountability_hits(text, lo, hi, named, quoted, doc.lang)
            hits += _between_hits(text, lo, hi, actors_here, quoted, doc.lang)
            hits += _agent_hits(text, lo, hi, actors_here, quoted, doc.lang)
            attributed = _attributed(para, sentence, doc.lang)
            for h in hits:
                key = (para.part, para.ordinal, h.actor.key, h.category)
                if key in seen:
                    continue
                seen.add(key)
                stance = h.stance
                claim_attributed = attributed
                if welcome and h.stance == "asserts":
                    if h.category.startswith(("demand-", "call-")):
                        stance = "welcomes"  # "welcomes the withdrawal of X"
                    else:
                        # "welcomes the proceedings instituted by Canada … concerning torture by X": the
                        # accusation is the one the welcomed act makes, reported here
                        claim_attributed = True
                start, end = para.span.start + h.start, para.span.start + h.end
                out.append(Claim(
                    claimants=who.keys, claimant_kinds=who.kinds, accused=h.actor.key, accused_kind=h.actor.kind,
                    category=h.category, stance=stance, attributed=claim_attributed, start=start, end=end,
                    quote=doc.text[start:end], paragraph=(para.part, para.ordinal), rule=h.rule,
                    trigger=h.trigger, legal_basis=_legal_basis(doc, cindex, start, end, para.span.start + hi),
                    transmitted_by=who.transmitted_by, claimant_agency=who.agency,
                    claimant_agency_printed=who.agency_printed, event_date=_event_date(text, doc.lang, lo, h)))
    out.sort(key=lambda c: (c.start, c.end, c.accused, c.category))
    return out
