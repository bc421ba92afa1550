"""Votes printed in a text: recorded votes with per-State lists, adoptions without a vote.

:func:`find_votes` reads every vote statement that :attr:`Document.text` prints and returns
one :class:`VoteRecord` per vote. Two layouts are recognised:

- **Resolution blocks** (Human Rights Council resolutions and reports), a bracketed note
  after the meeting and date lines::

      [Adopted by a recorded vote of 28 to 3, with 16 abstentions. The voting was as follows:
      In favour:
      Argentina, Belgium, ..., United Kingdom of Great Britain and Northern Ireland and
      United States of America
      Against:
      ...
      Abstaining:
      ...]

  and ``[Adopted without a vote.]``. Languages: ``zh`` (``[经记录表决，以 28 票赞成、3 票反对、
  16 票弃权获得通过。表决结果如下：`` / ``赞成：`` / ``反对：`` / ``弃权：``, ``[未经表决获得通过。]``),
  ``en``, ``fr`` (``[Adoptée à l’issue d’un vote enregistré par 19 voix contre 16, avec 12
  abstentions. Les voix se sont réparties comme suit :`` / ``Ont voté pour :`` / ``Ont voté
  contre :`` / ``Se sont abstenus :``, ``[Adoptée sans vote.]``), all checked against real
  texts; ``es``, ``ru`` and ``ar`` forms follow the wording of the UN's voting lists in those
  languages (``Votos a favor:``, ``Голосовали за:``, ``المؤيدون:`` ...) and are *not* checked
  against real texts.
- **Meeting records** (General Assembly and Security Council verbatim records), in
  ``en``, ``zh`` and ``fr``: ``A recorded vote was taken.`` / ``A vote was taken by show of
  hands.`` (``进行了记录表决。``, ``Il est procédé au vote enregistré.``), the three lists, then
  an outcome sentence: ``Draft resolution A/78/L.41 was adopted by 164 votes to 2, with 2
  abstentions (resolution 78/272).``, ``The President: There were 13 votes in favour, 1
  against and 1 abstention. The draft resolution has not been adopted, owing to the negative
  vote of a permanent member of the Council.`` A line that begins with the motion (``Draft
  resolution A/78/L.40 was adopted (resolution 78/271).``, ``... was adopted without a
  vote``) and follows no vote is an adoption without a vote; one that prints counts but no
  lists (``Paragraph 5 was retained by 90 votes to 30``, a vote that was not recorded) is
  returned with mode ``recorded``, no positions and the problem "counts printed without
  voting lists". Lists whose outcome sentence is missing give no record (the result would be
  unknown).

Names in the lists are read with the State lexicon of :mod:`unkg.extract.states`
(longest name first), so that ``Bolivia (Plurinational State of)``, ``Bosnia and
Herzegovina`` or ``United Kingdom of Great Britain and Northern Ireland and United States of
America`` split correctly; only what the lexicon does not know is split at separators
(``,`` ``、`` and the conjunction ``and``/``et``/``y``/``и``/``和``). Every name keeps its exact
span in :attr:`Document.text`.

``[Subsequently, the delegation of X informed the Secretariat that it had intended to vote in
favour.]`` (``[随后，X代表团通知秘书处，它原打算投赞成票。]``, ``[Par la suite, la délégation
de X a informé le Secrétariat qu’elle avait eu l’intention de voter pour.]``) becomes a
:class:`VoteStatement` of the vote it follows; it never changes the positions.

Nothing here raises on odd input: a State listed twice, a name the lexicon does not know, a
list whose length differs from the printed count, are reported in
:attr:`VoteRecord.problems` and the rest of the record stays as printed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from unkg.extract.states import Entity, find_states, resolve_name
from unkg.model import DocType, Document
from unkg.parse.symbols import find_symbols, resolution_symbol

__all__ = ["LANGUAGES", "OPTIONS", "VotePosition", "VoteRecord", "VoteStatement", "find_votes"]

OPTIONS = ("yes", "no", "abstain", "not_voting", "absent")


# --- records -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class VotePosition:
    """One State's vote as listed: ``Document.text[start:end] == name``."""

    state: str | None  # ISO3 or entity key; None when the name is not recognised
    name: str  # as printed
    option: str  # "yes" | "no" | "abstain" | "not_voting" | "absent"
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class VoteStatement:
    """``[Subsequently, the delegation of X informed the Secretariat that it had intended ...]``.

    ``start``/``end`` is the span of the delegation's name (``Document.text[start:end] ==
    name``); ``text`` is the whole statement as printed. A statement naming two delegations
    gives two records with the same ``text``.
    """

    state: str | None
    name: str
    intended: str  # option the delegation says it intended: "yes" | "no" | "abstain" | "not_voting"
    text: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class VoteRecord:
    """One vote (or adoption without a vote) as the text prints it.

    ``stated`` holds only the counts the text prints (``32 to 0`` with no abstentions
    sentence gives ``{"yes": 32, "no": 0}``); ``positions`` the listed States in text order;
    ``start``/``end`` the span of the whole block (``[`` ... ``]``, or the first line of a
    meeting record's vote to the end of the outcome sentence).
    """

    mode: str  # "recorded" | "without_vote" | "consensus"
    result: str  # "adopted" | "not_adopted"
    stated: dict[str, int]
    positions: list[VotePosition]
    statements: list[VoteStatement]
    motion_symbol: str | None  # the draft voted on (meeting records), e.g. "A/78/L.41"
    resolution_symbol: str | None
    start: int
    end: int
    language: str
    problems: list[str] = field(default_factory=list)

    @property
    def counted(self) -> dict[str, int]:
        """Number of listed positions per option; every stated option is present (0 if none)."""
        out = {k: 0 for k in self.stated}
        for p in self.positions:
            out[p.option] = out.get(p.option, 0) + 1
        return out

    def states(self, option: str) -> list[str | None]:
        """The States listed under ``option``, in text order."""
        return [p.state for p in self.positions if p.option == option]


# --- grammars ---------------------------------------------------------------------------------

_WORD_NUMBERS = {
    "none": 0, "no": 0, "zero": 0, "nil": 0, "one": 1, "two": 2, "three": 3, "four": 4,
    "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11,
    "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "zéro": 0, "aucune": 0, "aucun": 0, "une": 1, "un": 1, "deux": 2, "trois": 3,
    "quatre": 4, "cinq": 5,
    "ninguno": 0, "ninguna": 0, "cero": 0, "uno": 1, "una": 1, "dos": 2, "tres": 3,
    "ни одного": 0, "零": 0, "无": 0,
}
_N_EN = r"\d+|none|no|zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|" \
        r"thirteen|fourteen|fifteen"
_N_FR = r"\d+|zéro|aucune?|une?|deux|trois|quatre|cinq"
_N_ES = r"\d+|ninguno|ninguna|cero|uno|una|dos|tres"
_N_RU = r"\d+|ни одного"

_SEPARATORS = ",;、，；،؛"
_TRIM_CHARS = " \t\n\r\f\v\u00a0\u202f\u3000[].,;:、，。；：،؛"


@dataclass(frozen=True)
class _Grammar:
    lang: str
    labels: re.Pattern[str]  # named groups yes/no/abstain/not_voting/absent, colon included
    block_recorded: re.Pattern[str] | None  # "[Adopted by a recorded vote ..."
    block_without: re.Pattern[str] | None  # "[Adopted without a vote.]"
    block_consensus: re.Pattern[str] | None
    rejected: re.Pattern[str]  # in a block header: the text was rejected
    counts: tuple[re.Pattern[str], ...]  # named groups yes/no/abstain
    conjunction: re.Pattern[str]  # at a position, the conjunction joining the last two names
    articles: tuple[str, ...]  # skipped before a recognised name ("the ", "de la ")
    statement: re.Pattern[str] | None  # groups names, what
    intended: tuple[tuple[str, str], ...]  # (substring of `what`, option)
    trigger: re.Pattern[str] | None = None  # meeting record: "A recorded vote was taken."
    outcome: re.Pattern[str] | None = None  # groups neg (not adopted) or pos
    motion_line: re.Pattern[str] | None = None  # a line that begins with the motion
    without_phrase: re.Pattern[str] | None = None
    consensus_phrase: re.Pattern[str] | None = None
    resolution_ref: re.Pattern[str] | None = None  # group num


def _labels(**options: str) -> re.Pattern[str]:
    alts = "|".join(f"(?P<{opt}>{pat})" for opt, pat in options.items())
    return re.compile(rf"(?:{alts})[ \t\u00a0\u202f]*[:：]", re.I)


_EN = _Grammar(
    lang="en",
    labels=_labels(yes=r"in\s+favou?r", no=r"against", abstain=r"abstaining|abstentions?",
                   not_voting=r"not\s+voting|did\s+not\s+(?:vote|participate)|non-voting",
                   absent=r"absent"),
    block_recorded=re.compile(
        r"\[\s*(?:adopted|rejected|not\s+adopted)\s+by\s+(?:a\s+)?(?:recorded\s+vote|(?:\d+)\s+votes?)",
        re.I),
    block_without=re.compile(r"\[\s*(?:adopted|approved)\s+without\s+(?:a\s+)?vote\.?\s*\]?", re.I),
    block_consensus=re.compile(r"\[\s*(?:adopted|approved)\s+by\s+consensus\.?\s*\]?", re.I),
    rejected=re.compile(r"\brejected\b|\bnot\s+adopted\b", re.I),
    counts=(
        re.compile(rf"\bvote\s+of\s+(?P<yes>{_N_EN})\s+to\s+(?P<no>{_N_EN})\b", re.I),
        re.compile(rf"\bby\s+(?P<yes>{_N_EN})\s+votes?\s+to\s+(?P<no>{_N_EN})\b", re.I),
        re.compile(rf"\b(?P<yes>{_N_EN})\s+(?:votes?\s+)?in\s+favou?r\b", re.I),
        re.compile(rf"\b(?P<no>{_N_EN})\s+(?:votes?\s+)?against\b", re.I),
        re.compile(rf"\b(?P<abstain>{_N_EN})\s+abstentions?\b", re.I),
    ),
    conjunction=re.compile(r"and\b", re.I),
    articles=("the ",),
    statement=re.compile(
        r"\[?[ \t]*Subsequently,?\s+the\s+(?:delegations?|representatives?)\s+of\s+"
        r"(?P<names>[^\n\]]+?)\s+(?:informed|advised|notified)\s+the\s+Secretariat\s+that\s+"
        r"(?:it|they|he|she)\s+had\s+intended\s+(?P<what>to\s+vote\s+in\s+favou?r|to\s+vote\s+"
        r"against|to\s+abstain|not\s+to\s+(?:vote|participate)|to\s+not\s+(?:vote|participate))"
        r"[^\n\]]*\]?", re.I),
    intended=(("favo", "yes"), ("against", "no"), ("abstain", "abstain"), ("not", "not_voting")),
    trigger=re.compile(r"\b(?:A\s+recorded\s+vote\s+was\s+taken|A\s+vote\s+was\s+taken"
                       r"(?:\s+by\s+(?:a\s+)?show\s+of\s+hands)?)[ \t]*(?:\.|$)", re.I | re.M),
    outcome=re.compile(
        r"\b(?:was|were|has|have|had|is)\s+(?:(?P<neg>not)\s+)?(?:been\s+)?"
        r"(?P<verb>adopted|rejected|approved|retained)\b"
        r"|\b(?P<failed>failed\s+to\s+(?:be\s+adopted|obtain))", re.I),
    motion_line=re.compile(
        r"(?:the\s+)?(?:draft\s+(?:resolution|decision|amendments?)|amendments?|oral\s+amendment|"
        r"motion|proposal|(?:operative\s+|preambular\s+)?paragraph)\b", re.I),
    without_phrase=re.compile(r"\bwithout\s+(?:a\s+)?vote\b", re.I),
    consensus_phrase=re.compile(r"\bby\s+consensus\b", re.I),
    resolution_ref=re.compile(
        r"\bresolution\s+(?P<num>(?:ES-|S-)?\d{1,4}/\d{1,4}|\d{1,4}\s*\(\d{4}\))", re.I),
)

_ZH = _Grammar(
    lang="zh",
    labels=_labels(yes=r"赞成", no=r"反对", abstain=r"弃权",
                   not_voting=r"未参加表决|未参加投票|未投票", absent=r"缺席"),
    block_recorded=re.compile(r"\[\s*经(?:记录)?表决"),
    block_without=re.compile(r"\[\s*未经表决(?:而)?(?:获得)?通过。?\s*\]?"),
    block_consensus=re.compile(r"\[\s*经?协商一致(?:获得)?通过。?\s*\]?"),
    rejected=re.compile(r"未获通过|未获得通过|未能通过|被否决"),
    counts=(re.compile(r"(?P<yes>\d+)\s*票\s*赞成"), re.compile(r"(?P<no>\d+)\s*票\s*反对"),
            re.compile(r"(?P<abstain>\d+)\s*票\s*弃权")),
    conjunction=re.compile(r"和|及|以及"),
    articles=(),
    statement=re.compile(
        r"\[?[ \t]*随后[，,]\s*(?P<names>[^\n\]]+?)代表团通知秘书处[，,]\s*(?:它|它们|其|该代表团)"
        r"原(?:本)?(?:打算|拟)(?P<what>投赞成票|投反对票|投弃权票|不参加表决|不参加投票)[^\n\]]*\]?"),
    intended=(("赞成", "yes"), ("反对", "no"), ("弃权", "abstain"), ("不参加", "not_voting")),
    trigger=re.compile(r"(?:进行了?记录表决|以举手方式进行了?表决|进行了?表决)[ \t]*(?:。|$)", re.M),
    outcome=re.compile(r"(?P<neg>未获通过|未获得通过|未能获得通过|未能通过|被否决|被拒绝)"
                       r"|(?P<verb>获得通过|获通过|被通过)"),
    motion_line=re.compile(r"(?:该项?)?(?:决议草案|决定草案|修正案|动议|提案|执行部分第|序言部分第)"),
    without_phrase=re.compile(r"未经表决"),
    consensus_phrase=re.compile(r"协商一致"),
    resolution_ref=re.compile(r"第\s*(?P<num>(?:ES-|S-)?\d{1,4}/\d{1,4}|\d{1,4}\s*[(（]\d{4}[)）])"
                              r"\s*号决议"),
)

_FR = _Grammar(
    lang="fr",
    labels=_labels(yes=r"ont\s+vot[ée]\s+pour", no=r"ont\s+vot[ée]\s+contre",
                   abstain=r"se\s+sont\s+abstenus|abstentions?",
                   not_voting=r"n['’]ont\s+pas\s+(?:particip[ée]\s+au\s+vote|vot[ée])",
                   absent=r"absents?"),
    block_recorded=re.compile(
        r"\[\s*(?:adopt[ée]+s?|rejet[ée]+s?)\b[^\n\]]{0,80}?vote\s+enregistr[ée]", re.I),
    block_without=re.compile(r"\[\s*(?:adopt[ée]+s?|approuv[ée]+s?)\s+sans\s+(?:mise\s+aux\s+voix|"
                             r"vote)\.?\s*\]?", re.I),
    block_consensus=re.compile(r"\[\s*(?:adopt[ée]+s?)\s+par\s+consensus\.?\s*\]?", re.I),
    rejected=re.compile(r"\brejet[ée]+s?\b|\bn['’]\s*(?:est|a)\s+pas\b", re.I),
    counts=(
        re.compile(rf"\bpar\s+(?P<yes>{_N_FR})\s+voix\s+contre\s+(?P<no>{_N_FR})\b", re.I),
        re.compile(rf"\b(?P<yes>{_N_FR})\s+voix\s+pour\b", re.I),
        re.compile(rf"\b(?P<no>{_N_FR})\s+(?:voix\s+)?contre\b", re.I),
        re.compile(rf"\b(?P<abstain>{_N_FR})\s+abstentions?\b", re.I),
    ),
    conjunction=re.compile(r"et\b", re.I),
    articles=("de la ", "de l'", "de l’", "du ", "des ", "de ", "d'", "d’", "la ", "le ", "les ",
              "l'", "l’"),
    statement=re.compile(
        r"\[?[ \t]*Par\s+la\s+suite,?\s+(?:la|les)\s+délégations?\s+(?P<names>[^\n\]]+?)\s+"
        r"(?:a|ont)\s+(?:informé|avisé|fait\s+savoir\s+au)\s+(?:le\s+)?Secrétariat\s+"
        r"qu['’](?:elles?|ils?)\s+(?:avai(?:en)?t)\s+eu\s+l['’]intention\s+"
        r"(?P<what>de\s+voter\s+pour|de\s+voter\s+contre|de\s+s['’]abstenir|"
        r"de\s+ne\s+pas\s+participer)[^\n\]]*\]?", re.I),
    intended=(("pour", "yes"), ("contre", "no"), ("absten", "abstain"), ("ne pas", "not_voting")),
    trigger=re.compile(r"\bIl\s+est\s+procédé\s+au\s+vote(?:\s+enregistré|\s+à\s+main\s+levée)?"
                       r"[ \t]*(?:\.|$)", re.I | re.M),
    outcome=re.compile(
        r"(?P<neg>\bn['’]\s*(?:est|a)\s+pas\s+(?:été\s+)?adopt|\b(?:est|sont|a\s+été|ont\s+été)\s+"
        r"rejet)|\b(?:est|sont|a\s+été|ont\s+été)\s+(?P<verb>adopt[ée]+s?|approuv[ée]+s?)\b", re.I),
    motion_line=re.compile(r"(?:le\s+|l['’])?(?:projet\s+de\s+(?:résolution|décision)|amendements?|"
                           r"motion|proposition|paragraphe)\b", re.I),
    without_phrase=re.compile(r"\bsans\s+(?:vote|mise\s+aux\s+voix)\b", re.I),
    consensus_phrase=re.compile(r"\bpar\s+consensus\b", re.I),
    resolution_ref=re.compile(
        r"\brésolution\s+(?P<num>(?:ES-|S-)?\d{1,4}/\d{1,4}|\d{1,4}\s*\(\d{4}\))", re.I),
)

# Not checked against real texts (none in the corpus): labels as in the UN's Spanish, Russian and
# Arabic voting lists, block headers as the Council's resolutions word them.
_ES = _Grammar(
    lang="es",
    labels=_labels(yes=r"votos\s+a\s+favor|votaron\s+a\s+favor", no=r"votos\s+en\s+contra|"
                   r"votaron\s+en\s+contra", abstain=r"abstenciones|se\s+abstuvieron",
                   not_voting=r"no\s+votaron|no\s+participaron\s+en\s+la\s+votación",
                   absent=r"ausentes"),
    block_recorded=re.compile(r"\[\s*(?:aprobad[ao]s?|rechazad[ao]s?)\s+en\s+votación\s+registrada",
                              re.I),
    block_without=re.compile(r"\[\s*aprobad[ao]s?\s+sin\s+(?:votación|someterse\s+a\s+votación)"
                             r"\.?\s*\]?", re.I),
    block_consensus=re.compile(r"\[\s*aprobad[ao]s?\s+por\s+consenso\.?\s*\]?", re.I),
    rejected=re.compile(r"\brechazad[ao]s?\b", re.I),
    counts=(
        re.compile(rf"\bpor\s+(?P<yes>{_N_ES})\s+votos?\s+contra\s+(?P<no>{_N_ES})\b", re.I),
        re.compile(rf"\b(?P<abstain>{_N_ES})\s+abstenci(?:ón|on|ones)\b", re.I),
    ),
    conjunction=re.compile(r"[ye]\b", re.I),
    articles=("el ", "la ", "los ", "las "),
    statement=None,
    intended=(),
)

_RU = _Grammar(
    lang="ru",
    labels=_labels(yes=r"голосовали\s+за", no=r"голосовали\s+против", abstain=r"воздержались",
                   not_voting=r"не\s+участвовали\s+в\s+голосовании", absent=r"отсутствовали"),
    block_recorded=re.compile(r"\[\s*(?:принят[аоы]?|отклонен[аоы]?)\b[^\n\]]{0,60}?"
                              r"голосовани", re.I),
    block_without=re.compile(r"\[\s*принят[аоы]?\s+без\s+голосования\.?\s*\]?", re.I),
    block_consensus=re.compile(r"\[\s*принят[аоы]?\s+консенсусом\.?\s*\]?", re.I),
    rejected=re.compile(r"\bотклонен", re.I),
    counts=(
        re.compile(rf"(?P<yes>\d+)\s+голос\w*\s+против\s+(?P<no>{_N_RU})", re.I),
        re.compile(r"при\s+(?P<abstain>\d+)\s+воздерж", re.I),
    ),
    conjunction=re.compile(r"и\b", re.I),
    articles=(),
    statement=None,
    intended=(),
)

_AR = _Grammar(
    lang="ar",
    labels=_labels(yes=r"المؤيدون", no=r"المعارضون", abstain=r"الممتنعون(?:\s+عن\s+التصويت)?",
                   not_voting=r"غير\s+المشاركين\s+في\s+التصويت", absent=r"الغائبون"),
    block_recorded=re.compile(r"\[\s*(?:اعتُ?مد\w*|رُ?فض\w*)[^\n\]]{0,60}?بتصويت\s+مسجل"),
    block_without=re.compile(r"\[\s*اعتُ?مد\w*\s+(?:دون|بدون)\s+تصويت\.?\s*\]?"),
    block_consensus=re.compile(r"\[\s*اعتُ?مد\w*\s+بتوافق\s+الآراء\.?\s*\]?"),
    rejected=re.compile(r"رُ?فض"),
    counts=(
        re.compile(r"(?P<yes>\d+)\s+(?:صوت\w*|أصوات)\s+مقابل\s+(?P<no>\d+)"),
        re.compile(r"امتناع\s+(?P<abstain>\d+)"),
    ),
    conjunction=re.compile(r"و(?=\s)"),
    articles=(),
    statement=None,
    intended=(),
)

_GRAMMARS = {g.lang: g for g in (_ZH, _EN, _FR, _ES, _RU, _AR)}
LANGUAGES = tuple(_GRAMMARS)


# --- small helpers ------------------------------------------------------------------------------


def _number(text: str) -> int | None:
    t = text.strip().lower()
    if t.isdigit():
        try:
            return int(t)
        except ValueError:  # pragma: no cover - digits of other scripts int() refuses
            return None
    return _WORD_NUMBERS.get(t)


def _counts(g: _Grammar, text: str) -> dict[str, int]:
    """Counts printed in ``text``: the first value found for each option, in OPTIONS order."""
    found: dict[str, int] = {}
    for pat in g.counts:
        for m in pat.finditer(text):
            for opt, val in m.groupdict().items():
                if val is not None and opt not in found:
                    n = _number(val)
                    if n is not None:
                        found[opt] = n
    return {k: found[k] for k in OPTIONS if k in found}


def _lines(text: str, start: int, stop: int) -> Iterator[tuple[int, int]]:
    """``[a, b)`` of each line between ``start`` and ``stop`` (the first may start mid-line)."""
    pos = start
    while pos < stop:
        nl = text.find("\n", pos, stop)
        end = stop if nl < 0 else nl
        yield pos, end
        pos = end + 1


def _trim(text: str, a: int, b: int) -> tuple[int, int]:
    while a < b and text[a] in _TRIM_CHARS:
        a += 1
    while b > a and text[b - 1] in _TRIM_CHARS:
        b -= 1
    return a, b


def _label_matches(g: _Grammar, text: str, a: int, b: int) -> list[re.Match[str]]:
    """Option labels between ``a`` and ``b`` that start a line or follow a blank or a colon."""
    out = []
    for m in g.labels.finditer(text, a, b):
        s = m.start()
        if s == a or text[s - 1] in "\n \t\u00a0\u3000:：。.[":
            out.append(m)
    return out


def _option(m: re.Match[str]) -> str:
    return next(k for k, v in m.groupdict().items() if v is not None)


# --- lists of names ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Name:
    start: int
    end: int
    entity: Entity | None
    note: str | None = None  # problem found while splitting


def _split_names(g: _Grammar, text: str, a: int, b: int) -> list[_Name]:
    """The names printed in ``text[a:b]``, a list such as ``A, B and C`` or ``A、B、C``."""
    a, b = _trim(text, a, b)
    if a >= b:
        return []
    region = text[a:b]
    mentions = {m.start + a: (m.start + a, m.end + a, m.entity)
                for m in find_states(region, g.lang)}
    spaced = g.lang != "zh"
    out: list[_Name] = []

    def conj_len(p: int) -> int:
        """Length of a conjunction (with the blank after it) at ``p``, 0 if none."""
        m = g.conjunction.match(text, p, b)
        if not m:
            return 0
        q = m.end()
        if spaced:
            if q >= b or not text[q].isspace():
                return 0
            while q < b and text[q].isspace():
                q += 1
        return q - p

    def skip(p: int) -> int:
        while p < b:
            ch = text[p]
            if ch.isspace() or ch in _SEPARATORS:
                p += 1
                continue
            if p not in mentions:
                n = conj_len(p)
                if n and (not spaced or p == a or text[p - 1].isspace() or text[p - 1] in _SEPARATORS):
                    p += n
                    continue
            break
        return p

    def mention_at(p: int) -> tuple[int, int, Entity] | None:
        if p in mentions:
            return mentions[p]
        for art in g.articles:
            if text[p:p + len(art)].lower() == art and p + len(art) in mentions:
                return mentions[p + len(art)]
        if g.lang == "ar" and text[p] == "و" and p + 1 in mentions:
            return mentions[p + 1]
        return None

    def clean_end(q: int) -> bool:
        """After a name: end, a separator, a conjunction before a name, or another name."""
        r = q
        while r < b and text[r].isspace():
            r += 1
        if r >= b or text[r] in _SEPARATORS:
            return True
        if r in mentions or (g.lang == "ar" and text[r] == "و" and r + 1 in mentions):
            return True
        n = conj_len(r)
        return bool(n) and (not spaced or r > q)

    def next_split(p: int) -> int:
        """End of an unrecognised item: the next separator or a conjunction before a known name."""
        q = p + 1
        while q < b:
            ch = text[q]
            if ch in _SEPARATORS or ch == "\n":
                return q
            if g.lang == "ar" and ch == "و" and text[q - 1].isspace() and q + 1 in mentions:
                return q - 1
            if not spaced or text[q - 1].isspace():
                n = conj_len(q)
                if n and (q + n in mentions or q + n >= b):
                    return q - 1 if spaced else q
            q += 1
        return b

    p = skip(a)
    while p < b:
        hit = mention_at(p)
        if hit is not None and clean_end(hit[1]):
            s, e, ent = hit
            r = e
            while r < b and text[r].isspace():
                r += 1
            note = "no separator" if r < b and r in mentions else None
            out.append(_Name(s, e, ent, note))
            p = skip(e)
            continue
        e = next_split(p)
        s, t = _trim(text, p, e)
        if t > s:
            name = text[s:t]
            ent = resolve_name(name, g.lang) or resolve_name(name)
            out.append(_Name(s, t, ent))
        p = skip(max(e, p + 1))
    return out


# --- sections of a vote ------------------------------------------------------------------------


@dataclass(slots=True)
class _Section:
    option: str
    label_start: int
    start: int  # list text
    end: int


def _ends_open(text: str, a: int, b: int, g: _Grammar) -> bool:
    """Does the list text ``text[a:b]`` end with a separator (a wrapped line)?"""
    s = text[a:b].rstrip()
    if not s:
        return True
    if s[-1] in _SEPARATORS:
        return True
    tail = s[-8:].split()
    return bool(tail) and g.conjunction.fullmatch(tail[-1]) is not None


def _walk_sections(g: _Grammar, text: str, start: int, *, bracket: bool,
                   limit: int) -> tuple[list[_Section], int, int]:
    """Read the option lists from ``start`` (a block's ``[`` or the end of a vote's first line).

    A list is the rest of its label's line, or the next line when that is empty; a list line
    that ends with a separator continues on the next line. The first line, and up to two more
    lines before the first label, are header text. The walk stops at a line that is none of
    these, or after ``]`` when ``bracket``. Returns the sections, the position after the last
    text that belongs to the vote, and the end of the header text.
    """
    sections: list[_Section] = []
    cur: _Section | None = None
    open_list = False  # the current section takes the next line as (more of) its list
    end = start
    header_end = start
    header_lines = 0
    for ls, le in _lines(text, start, limit):
        close = text.find("]", ls, le) if bracket else -1
        seg_end = close if close >= 0 else le
        labels = _label_matches(g, text, ls, seg_end)
        pre_end = labels[0].start() if labels else seg_end
        pre_blank = not text[ls:pre_end].strip()
        if ls == start or (not sections and not pre_blank and header_lines < 2):
            if ls != start:
                header_lines += 1
            header_end = pre_end
        elif not pre_blank:
            if cur is not None and open_list:
                cur.end = pre_end
                open_list = _ends_open(text, cur.start, cur.end, g)
            else:
                break
        for i, m in enumerate(labels):
            nxt = labels[i + 1].start() if i + 1 < len(labels) else seg_end
            cur = _Section(_option(m), m.start(), m.end(), nxt)
            sections.append(cur)
            open_list = _ends_open(text, m.end(), nxt, g)
        if ls == start or labels or not pre_blank:
            end = seg_end
        if close >= 0:
            end = close + 1
            break
    return sections, end, header_end


# --- records -----------------------------------------------------------------------------------


def _positions(g: _Grammar, text: str, sections: list[_Section]) -> tuple[list[VotePosition], list[str]]:
    positions: list[VotePosition] = []
    problems: list[str] = []
    for sec in sections:
        for n in _split_names(g, text, sec.start, sec.end):
            name = text[n.start:n.end]
            key = n.entity.key if n.entity is not None else None
            positions.append(VotePosition(key, name, sec.option, n.start, n.end))
            if key is None:
                problems.append(f"unrecognised name {name!r} ({sec.option}) at {n.start}")
            if n.note:
                problems.append(f"{n.note} after {name!r} ({sec.option}) at {n.end}")
    return positions, problems


def _check(stated: dict[str, int], positions: list[VotePosition], problems: list[str]) -> None:
    seen: dict[str, list[VotePosition]] = {}
    for p in positions:
        if p.state is not None:
            seen.setdefault(p.state, []).append(p)
    for key, ps in seen.items():
        if len(ps) > 1:
            where = ", ".join(f"{p.name!r} ({p.option}) at {p.start}" for p in ps)
            problems.append(f"duplicate State {key} listed {len(ps)} times: {where}")
    if not positions:
        if stated:
            problems.append("counts printed without voting lists")
        return
    counted: dict[str, int] = {}
    for p in positions:
        counted[p.option] = counted.get(p.option, 0) + 1
    for opt, n in stated.items():
        if counted.get(opt, 0) != n:
            problems.append(f"count mismatch ({opt}): stated {n}, listed {counted.get(opt, 0)}")


def _doc_resolution(doc: Document) -> str | None:
    if doc.doc_type is DocType.RESOLUTION and doc.symbol:
        return doc.symbol
    return None


def _resolution_from(g: _Grammar, line: str, doc: Document) -> str | None:
    if g.resolution_ref is None:
        return None
    m = g.resolution_ref.search(line)
    if not m:
        return None
    num = m.group("num").replace("（", "(").replace("）", ")")
    if "(" in num:
        return resolution_symbol("SC", num)
    body = "HRC" if "HRC" in doc.bodies and "GA" not in doc.bodies else "GA"
    return resolution_symbol(body, num)


def _motion_from(text: str, a: int, b: int, *, last: bool) -> str | None:
    syms = [s for s, _, _ in find_symbols(text[a:b]) if s.kind in ("draft", "document")]
    if not syms:
        return None
    return (syms[-1] if last else syms[0]).text


@dataclass(slots=True)
class _Draft:
    """A record under construction (statements are attached at the end)."""

    mode: str
    result: str
    stated: dict[str, int]
    positions: list[VotePosition]
    motion: str | None
    resolution: str | None
    start: int
    end: int
    lang: str
    problems: list[str]
    statements: list[VoteStatement] = field(default_factory=list)

    def freeze(self) -> VoteRecord:
        return VoteRecord(self.mode, self.result, self.stated, self.positions, self.statements,
                          self.motion, self.resolution, self.start, self.end, self.lang,
                          self.problems)


def _blocks(g: _Grammar, doc: Document) -> Iterator[_Draft]:
    """Bracketed resolution blocks: ``[Adopted by a recorded vote ...]``, ``[Adopted without a vote.]``."""
    text = doc.text
    res = _doc_resolution(doc)
    for pat, mode in ((g.block_without, "without_vote"), (g.block_consensus, "consensus")):
        if pat is None:
            continue
        for m in pat.finditer(text):
            yield _Draft(mode, "adopted", {}, [], None, res, m.start(), m.end(), g.lang, [])
    if g.block_recorded is None:
        return
    for m in g.block_recorded.finditer(text):
        a = m.start()
        sections, end, header_end = _walk_sections(g, text, a, bracket=True, limit=len(text))
        header = text[a:header_end]
        stated = _counts(g, header)
        result = "not_adopted" if g.rejected.search(header) else "adopted"
        positions, problems = _positions(g, text, sections)
        _check(stated, positions, problems)
        if not sections:
            problems.append("no voting lists after the vote header")
        yield _Draft("recorded", result, stated, positions, None, res, a, max(end, m.end()),
                     g.lang, problems)


def _outcome_result(m: re.Match[str]) -> str:
    d = m.groupdict()
    if d.get("neg") or d.get("failed"):
        return "not_adopted"
    verb = (d.get("verb") or "").lower()
    if verb.startswith("reject"):
        return "not_adopted"
    return "adopted"


def _outcome_after(g: _Grammar, text: str, start: int, limit: int) -> tuple[re.Match[str], int, int] | None:
    """The outcome sentence in the first four non-blank lines from ``start``."""
    assert g.outcome is not None
    seen = 0
    for ls, le in _lines(text, start, limit):
        if not text[ls:le].strip():
            continue
        m = g.outcome.search(text, ls, le)
        if m:
            return m, ls, le
        seen += 1
        if seen >= 4:
            return None
    return None


def _plain_outcome(g: _Grammar, m: re.Match[str]) -> bool:
    """An outcome told as a record states it (``was adopted``), not ``have been adopted``."""
    if g.lang == "en" and not m.group("failed"):
        return re.match(r"(?:was|were)\b", m.group(0), re.I) is not None
    return True


def _meetings(g: _Grammar, doc: Document, taken: list[tuple[int, int]]) -> Iterator[_Draft]:
    """Meeting-record votes: trigger, lists, outcome sentence; and motion lines without a vote."""
    if g.trigger is None or g.outcome is None:
        return
    text = doc.text
    used: list[tuple[int, int]] = list(taken)  # spans already read (blocks, outcome lines)
    triggers = [t for t in g.trigger.finditer(text)
                if not any(a <= t.start() < b for a, b in taken)]
    prev_end = 0
    for i, t in enumerate(triggers):
        limit = triggers[i + 1].start() if i + 1 < len(triggers) else len(text)
        sections, stop, _header = _walk_sections(g, text, t.end(), bracket=False, limit=limit)
        stop = max(stop, t.end())
        outcome = _outcome_after(g, text, stop, limit)
        if outcome is None:
            # "a vote was taken" in running text, or lists whose outcome is not printed: what
            # the vote decided is unknown, and a record must say it
            continue
        problems: list[str] = []
        m, ls, le = outcome
        end = le
        used.append((ls, le))
        result = _outcome_result(m)
        stated = _counts(g, text[stop:le])
        line = text[ls:le]
        motion = _motion_from(text, ls, m.start(), last=False)
        if motion is None:
            motion = _motion_from(text, max(prev_end, t.start() - 3000), t.start(), last=True)
        positions, listed = _positions(g, text, sections)
        problems[:0] = listed
        _check(stated, positions, problems)
        resolution = _resolution_from(g, line, doc) if result == "adopted" else None
        prev_end = end
        used.append((t.start(), end))
        yield _Draft("recorded", result, stated, positions, motion, resolution, t.start(), end,
                     g.lang, problems)
    # a motion line that follows no vote: "Draft resolution A/78/L.40 was adopted (resolution 78/271)."
    if g.motion_line is None:
        return
    for ls, le in _lines(text, 0, len(text)):
        if any(a <= ls < b for a, b in used):
            continue
        s = ls
        while s < le and text[s] in " \t\u00a0\u3000":
            s += 1
        if not g.motion_line.match(text, s, le):
            continue
        m = g.outcome.search(text, s, le)
        if not m or le - ls > 400 or not _plain_outcome(g, m):
            continue
        line = text[ls:le]
        stated = _counts(g, line)
        # the line must say what was decided on or how: a symbol, a resolution number, the
        # counts, "without a vote" or "by consensus" ("Amendments that have been adopted ..."
        # in a treaty text says none of these)
        if not (stated or find_symbols(line)
                or any(p is not None and p.search(line)
                       for p in (g.resolution_ref, g.without_phrase, g.consensus_phrase))):
            continue
        notes: list[str] = []
        if g.consensus_phrase is not None and g.consensus_phrase.search(line):
            mode, stated = "consensus", {}
        elif stated and not (g.without_phrase is not None and g.without_phrase.search(line)):
            mode = "recorded"  # counted but no lists printed (a vote that was not recorded)
            notes.append("counts printed without voting lists")
        else:
            mode, stated = "without_vote", {}
        result = _outcome_result(m)
        resolution = _resolution_from(g, line, doc) if result == "adopted" else None
        yield _Draft(mode, result, stated, [], _motion_from(text, s, m.start(), last=False),
                     resolution, s, le, g.lang, notes)


def _statements(g: _Grammar, text: str) -> Iterator[tuple[int, list[VoteStatement]]]:
    if g.statement is None:
        return
    for m in g.statement.finditer(text):
        what = m.group("what").lower()
        intended = next((opt for key, opt in g.intended if key in what), "yes")
        whole = m.group(0).rstrip()
        out = []
        for n in _split_names(g, text, m.start("names"), m.end("names")):
            out.append(VoteStatement(n.entity.key if n.entity else None, text[n.start:n.end],
                                     intended, whole, n.start, n.end))
        if out:
            yield m.start(), out


def find_votes(doc: Document) -> list[VoteRecord]:
    """Every vote (and adoption without a vote) that ``doc.text`` prints, in text order.

    The grammar of ``doc.lang`` is tried first, then the others (a text in one language can
    quote a vote block in another; each grammar reads names with its own language's lexicon).
    ``[Subsequently ...]`` statements go to the vote they follow.
    """
    text = doc.text
    if not text:
        return []
    order = sorted(_GRAMMARS, key=lambda k: k != doc.lang)
    drafts: list[_Draft] = []
    for lang in order:
        g = _GRAMMARS[lang]
        drafts.extend(d for d in _blocks(g, doc)
                      if not any(o.start <= d.start < o.end for o in drafts))
        taken = [(d.start, d.end) for d in drafts]
        drafts.extend(d for d in _meetings(g, doc, taken)
                      if not any(o.start <= d.start < o.end for o in drafts))
    if not drafts:
        return []
    drafts.sort(key=lambda d: d.start)
    for lang in order:
        for pos, sts in _statements(_GRAMMARS[lang], text):
            before = [d for d in drafts if d.start <= pos]
            target = before[-1] if before else drafts[0]
            if any(s.start == x.start for s in sts for x in target.statements):
                continue
            target.statements.extend(sts)
            for s in sts:
                if s.state is None:
                    target.problems.append(f"unrecognised name {s.name!r} in a statement at "
                                           f"{s.start}")
    return [d.freeze() for d in drafts]
