"""States and other political entities named in a text.

The names come from the bundled reference tables (:func:`unkg.resources.reference_path`):

- ``states.csv``: the 193 Member States and the two observer States (Holy See, State of
  Palestine): UNTERM short names in the six languages, English and Chinese formal names, and
  the cross-checked Chinese aliases (``zh_aliases``; the single-source column is not used:
  ``孟加拉`` would match in ``孟加拉湾``, ``中非`` in ``中非合作``);
- ``state_aliases.csv``: other forms UN texts and vote lists use (``United Kingdom``,
  ``Türkiye``/``Turkey``, ``Netherlands (Kingdom of the)``, ``Viet Nam``/``Vietnam`` ...);
- ``entities.csv``: entities that are not Member or observer States (``artsakh``, ``kosovo``,
  ``taiwan``, historical States such as ``ussr``), typed ``other_entity``.

Arabic UNTERM names written ``إيران (جمهورية - الإسلامية)`` are also recognised in running
order (``جمهورية إيران الإسلامية``) and by their first word (``إيران``).

Matching is :class:`unkg.extract.lexicon.Lexicon`: longest-first, case- and accent-insensitive,
width-folded, word boundaries for spaced scripts. ``lang`` selects the names of one language
(``zh``, ``en``, ``fr``, ``es``, ``ru``, ``ar``); ``None`` or another code uses all of them.
A few *blockers* keep a name from matching inside an expression that is not that State
(``北爱尔兰``, ``发展中国家``, ``印度洋``, ``Northern Ireland``, ``Niger Delta`` ...).

``python -m unkg.extract.states --table`` prints the table of every recognised form
(``docs/state-names.md``).
"""

from __future__ import annotations

import csv
import re
import sys
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache
from types import MappingProxyType

from unkg.extract.lexicon import Lexicon, Phrase
from unkg.resources import reference_path

__all__ = [
    "Entity",
    "Mention",
    "LANGS",
    "entities",
    "names",
    "find_states",
    "resolve_name",
    "state_table",
]

LANGS = ("zh", "en", "fr", "es", "ru", "ar")
KINDS = ("member_state", "observer_state", "other_entity")


@dataclass(frozen=True, slots=True)
class Entity:
    """A State or other political entity. Equal and hashed by ``key``."""

    key: str  # ISO3 for States, a slug like "artsakh" otherwise
    kind: str  # "member_state" | "observer_state" | "other_entity"
    labels: Mapping[str, str] = field(compare=False)  # lang -> name
    qid: str | None = field(default=None, compare=False)
    m49: str | None = field(default=None, compare=False)

    @property
    def is_state(self) -> bool:
        return self.kind in ("member_state", "observer_state")


@dataclass(frozen=True, slots=True)
class Mention:
    """``text[start:end] == surface`` names ``entity``."""

    entity: Entity
    start: int
    end: int
    surface: str


# Expressions that contain a State's name but do not name that State. Matched and dropped.
_BLOCKERS: dict[str, tuple[str, ...]] = {
    "zh": (
        "北爱尔兰",  # Northern Ireland (part of GBR), not Ireland
        "新几内亚",  # New Guinea (island); 巴布亚新几内亚 still matches, being longer and earlier
        "几内亚湾",  # Gulf of Guinea
        "印度洋",  # Indian Ocean
        "约旦河",  # Jordan River (约旦河西岸 West Bank)
        "发展中国家",  # developing countries: 发展中 + 国家
        "其中国家",  # 其中 + 国家
        "中国际",  # ...中 + 国际 (集中国际力量, 其中国际社会)
        "法国际",  # ...法 + 国际 (非法国际贩运, 司法国际合作)
        "南美国家",  # South American countries
        "北美国家",
        "拉美国家",
        "中美国家",
        "南非洲",  # southern Africa
        "海地区",  # ...海 + 地区 (沿海地区 coastal areas)
        "海地带",
        "朝鲜半岛",  # Korean Peninsula
        "内蒙古",  # Inner Mongolia
        "乍得湖",  # Lake Chad
        "美属萨摩亚",  # American Samoa (lists of Non-Self-Governing Territories)
        "马里亚纳",  # 北马里亚纳群岛 Northern Mariana Islands
        "马里兰",  # Maryland
        "巴勒斯坦解放组织",  # the PLO is not the State
    ),
    "en": (
        "Northern Ireland",
        "New Guinea",
        "Gulf of Guinea",
        "American Samoa",
        "New Mexico",
        "Niger Delta",
        "Lake Chad",
        "Jordan River",
        "Jordan Valley",
        "United States Virgin Islands",
        "United States dollar",
        "United States dollars",
        "Palestine Liberation Organization",
        "South Georgia",
    ),
    "fr": ("Irlande du Nord", "Nouvelle-Guinée", "golfe de Guinée", "Samoa américaines",
           "îles Vierges américaines", "dollar des États-Unis", "dollars des États-Unis",
           "Organisation de libération de la Palestine"),
    "es": ("Irlanda del Norte", "Nueva Guinea", "golfo de Guinea", "Samoa Americana",
           "Islas Vírgenes de los Estados Unidos", "dólar de los Estados Unidos",
           "dólares de los Estados Unidos", "Organización de Liberación de Palestina"),
    "ru": ("Северная Ирландия", "Американское Самоа"),
    "ar": ("أيرلندا الشمالية", "ساموا الأمريكية", "منظمة التحرير الفلسطينية"),
}

_AR_INVERTED = re.compile(r"^(?P<name>[^()]+?)\s*\((?P<pre>[^()]+?)\s+-\s+(?P<post>[^()]+)\)$")


def _split(cell: str | None) -> list[str]:
    return [a.strip() for a in (cell or "").split(";") if a.strip()]


def _arabic_forms(name: str) -> list[str]:
    """``إيران (جمهورية - الإسلامية)`` -> the name itself, ``جمهورية إيران الإسلامية``, ``إيران``."""
    m = _AR_INVERTED.match(name)
    if not m:
        return [name]
    return [name, f"{m['pre']} {m['name']} {m['post']}", m["name"]]


@cache
def _data() -> tuple[dict[str, Entity], dict[str, dict[str, list[str]]]]:
    """All entities by key, and for each key the names per language (reference order)."""
    ents: dict[str, Entity] = {}
    forms: dict[str, dict[str, list[str]]] = {}

    def add(key: str, lang: str, name: str) -> None:
        lst = forms.setdefault(key, {}).setdefault(lang, [])
        if name and name not in lst:
            lst.append(name)

    with reference_path("states.csv").open(encoding="utf-8", newline="") as f:
        for r in csv.DictReader(f):
            key = r["iso3"]
            kind = {"member state": "member_state", "observer state": "observer_state"}[r["un_status"]]
            labels = {lang: r[f"name_{lang}_short"] for lang in LANGS}
            ents[key] = Entity(key, kind, MappingProxyType(labels), r["wikidata_qid"] or None,
                               r["m49"] or None)
            for lang in LANGS:
                short = r[f"name_{lang}_short"]
                for name in _arabic_forms(short) if lang == "ar" else [short]:
                    add(key, lang, name)
                if f"name_{lang}_formal" in r:
                    add(key, lang, r[f"name_{lang}_formal"])
            for alias in _split(r["zh_aliases"]):
                add(key, "zh", alias)
    with reference_path("state_aliases.csv").open(encoding="utf-8", newline="") as f:
        for r in csv.DictReader(f):
            if r["iso3"] not in ents:
                raise ValueError(f"state_aliases.csv: unknown ISO3 {r['iso3']!r}")
            add(r["iso3"], r["lang"], r["alias"].strip())
    with reference_path("entities.csv").open(encoding="utf-8", newline="") as f:
        for r in csv.DictReader(f):
            key = r["key"]
            if key in ents:
                raise ValueError(f"entities.csv: duplicate key {key!r}")
            if r["kind"] not in KINDS:
                raise ValueError(f"entities.csv: bad kind {r['kind']!r} for {key}")
            labels = {"en": r["name_en"], "zh": r["name_zh"]}
            ents[key] = Entity(key, r["kind"], MappingProxyType(labels), r["qid"] or None, None)
            for lang in ("en", "zh"):
                add(key, lang, r[f"name_{lang}"])
                for alias in _split(r[f"aliases_{lang}"]):
                    add(key, lang, alias)
    return ents, forms


def entities() -> dict[str, Entity]:
    """Every known entity by key: 195 States (ISO3) and the other entities (slugs)."""
    return dict(_data()[0])


def names(key: str, lang: str) -> list[str]:
    """The recognised names of one entity in one language, in reference order."""
    return list(_data()[1].get(key, {}).get(lang, []))


def _phrases(langs: tuple[str, ...]) -> Iterator[Phrase]:
    ents, forms = _data()
    for lang in langs:  # zh first, then en: the order decides conflicts (there are none today)
        for key, per_lang in forms.items():
            for name in per_lang.get(lang, []):
                yield Phrase(name, ents[key])
        for blocker in _BLOCKERS.get(lang, ()):
            yield Phrase(blocker, None)


@cache
def _lexicon(lang: str | None) -> Lexicon:
    langs = (lang,) if lang in LANGS else LANGS
    return Lexicon(_phrases(langs))


def lexicon(lang: str | None = None) -> Lexicon:
    """The (cached) matcher for one language (``zh``, ``zh-CN`` ...), or for all six."""
    code = lang.split("-")[0].split("_")[0].lower() if lang else None
    return _lexicon(code if code in LANGS else None)


def find_states(text: str, lang: str | None = None) -> list[Mention]:
    """Mentions of States and other entities in ``text``, in order, non-overlapping, longest first."""
    return [Mention(h.value, h.start, h.end, h.surface) for h in lexicon(lang).finditer(text)]


_TRIM = re.compile(r"^[\s\[\](),.;:、，。；：\"“”]+|[\s\[\](,.;:、，。；：\"“”]+$")
_ARTICLE = re.compile(r"^(?:the|The|THE)\s+")


def resolve_name(name: str, lang: str | None = None) -> Entity | None:
    """The entity that ``name``, taken as one whole name (a vote-list item), denotes, or ``None``.

    Surrounding brackets and punctuation (``Viet Nam]``, ``Ukraine.``) and a leading English
    ``the`` are ignored. A closing parenthesis is kept: it belongs to names such as
    ``Bolivia (Plurinational State of)``.
    """
    lex = lexicon(lang)
    for candidate in (name, _TRIM.sub("", name)):
        for c in (candidate, _ARTICLE.sub("", candidate)):
            value = lex.lookup(c)
            if value is not None:
                return value
    return None


# --- the table of names ------------------------------------------------------------------------


def _cell(items: list[str]) -> str:
    return " · ".join(s.replace("|", "\\|") for s in items)


def state_table() -> str:
    """Markdown table of every entity with all recognised Chinese and English forms."""
    ents, _forms = _data()
    order = sorted((e for e in ents.values() if e.is_state), key=lambda e: e.key)
    order += sorted((e for e in ents.values() if not e.is_state), key=lambda e: e.key)
    counts = {k: sum(1 for e in ents.values() if e.kind == k) for k in KINDS}
    lines = [
        "# State names recognised by the extractor",
        "",
        "Generated by `python -m unkg.extract.states --table > docs/state-names.md`; do not edit",
        "by hand. `tests/extract/test_states.py` regenerates it and fails when it is out of date.",
        "",
        f"{counts['member_state']} Member States, {counts['observer_state']} observer States, "
        f"{counts['other_entity']} other entities.",
        "",
        "Sources, all in `src/unkg/data/reference/`: `states.csv` (UNTERM short and formal names,",
        "cross-checked Chinese aliases), `state_aliases.csv` (other forms used in UN texts and vote",
        "lists) and `entities.csv` (entities that are not Member or observer States; no QID is",
        "given where the reference files have none). Matching ignores case, accents and character",
        "width, treats any run of white space as one space (none is needed between Chinese",
        "characters) and takes the longest name first. French, Spanish, Russian and Arabic names",
        "are recognised too but not listed here.",
        "",
        "| key | kind | QID | zh | en |",
        "|---|---|---|---|---|",
    ]
    for e in order:
        lines.append(
            f"| {e.key} | {e.kind} | {e.qid or ''} | {_cell(names(e.key, 'zh'))} | "
            f"{_cell(names(e.key, 'en'))} |"
        )
    return "\n".join(lines) + "\n"


def _main(argv: list[str]) -> int:
    import argparse

    parser = argparse.ArgumentParser(prog="python -m unkg.extract.states",
                                     description="State names and a quick state finder.")
    parser.add_argument("--table", action="store_true", help="print docs/state-names.md")
    parser.add_argument("--lang", default=None, help="language of the text (zh, en, fr, es, ru, ar)")
    parser.add_argument("text", nargs="*", help="text to scan (default: standard input)")
    args = parser.parse_args(argv)
    if args.table:
        sys.stdout.write(state_table())
        return 0
    text = " ".join(args.text) if args.text else sys.stdin.read()
    for m in find_states(text, args.lang):
        print(f"{m.start}\t{m.end}\t{m.entity.key}\t{m.entity.kind}\t{m.surface}")
    return 0


if __name__ == "__main__":
    raise SystemExit(_main(sys.argv[1:]))
