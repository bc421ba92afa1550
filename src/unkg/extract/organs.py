"""UN organs, offices, posts and other organisations named in a text.

The Chinese names and the Wikidata QIDs come from the bundled ``organs.csv``
(:func:`unkg.resources.reference_path`): its rows of type ``organ``, ``organisation`` and
``court`` are bodies; its instruments (Charter, covenants, conventions, declarations, statutes)
are not bodies and are not returned. Their names are *blockers* here: ``《联合国宪章》`` is a
mention of the Charter, not of the United Nations, and ``国际刑事法院罗马规约`` not of the ICC.
(Several instrument rows of ``organs.csv`` have their later columns shifted by a missing comma;
only their ``name_en``/``name_zh`` cells, which are intact, are read.) The other names in the six
languages, the acronyms and the bodies that ``organs.csv`` lacks (the Secretary-General, the High
Commissioner, the African Union, the European Union) are listed below; they have no QID, since
none is in the reference files and none is invented.

Keys: ``GA SC HRC ECOSOC SECRETARIAT SG OHCHR HCHR ICJ ICC OSCE OSCE_MINSK NAM AU EU UN``.
Kinds: ``organ`` (of the UN, or of another organisation: the Minsk Group of the OSCE),
``organisation``, ``office`` (OHCHR), ``post`` (Secretary-General, High Commissioner).

Matching is :class:`unkg.extract.lexicon.Lexicon`, longest first: ``联合国人权事务高级专员办事处``
is OHCHR, not the High Commissioner (``联合国人权事务高级专员``) nor the UN (``联合国``);
``欧安组织明斯克小组`` is the Minsk Group, not the OSCE. Acronyms are case-sensitive (``NAM``
must not match ``Nam`` in ``Viet Nam``, ``AU`` not the French ``au``, ``UN`` not ``un``).

Ambiguities left to the caller:

- ``大会`` is how UN Chinese texts name the General Assembly (``大会第 60/147 号决议``), but the
  word means any assembly or conference. It is matched and returned as ``GA``; a caller that
  needs certainty should check the context (a resolution symbol, ``大会主席``, the cover page).
  ``秘书处`` (any secretariat) and ``Secretariat`` (matched only with a capital S) likewise.
- ``理事会`` / ``the Council`` alone (the HRC in its own resolutions, the SC in its own) and
  ``Assembly`` alone are not matched.
- ``High Commissioner`` / ``高级专员`` alone is taken as the High Commissioner for Human Rights;
  the High Commissioners for Refugees and on National Minorities are blocked.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache
from types import MappingProxyType

from unkg.extract.lexicon import Lexicon, Phrase
from unkg.resources import reference_path

__all__ = ["Body", "bodies", "find_bodies", "resolve_body", "LANGS"]

LANGS = ("zh", "en", "fr", "es", "ru", "ar")


@dataclass(frozen=True, slots=True)
class Body:
    """An organ, office, post or organisation. Equal and hashed by ``key``."""

    key: str  # "GA", "SC", "HRC", "ECOSOC", "SECRETARIAT", "SG", "OHCHR", "HCHR", "ICJ", ...
    kind: str  # "organ" | "organisation" | "office" | "post"
    labels: Mapping[str, str] = field(compare=False)  # lang -> name
    qid: str | None = field(default=None, compare=False)


# key, kind, organs.csv name_en (or None), names per language (the first is the label),
# case-sensitive acronyms per language
_BODIES: tuple[tuple[str, str, str | None, dict[str, tuple[str, ...]], dict[str, tuple[str, ...]]], ...] = (
    ("GA", "organ", "United Nations General Assembly", {
        "en": ("General Assembly", "United Nations General Assembly",
               "General Assembly of the United Nations"),
        "fr": ("Assemblée générale", "Assemblée générale des Nations Unies"),
        "es": ("Asamblea General", "Asamblea General de las Naciones Unidas"),
        "ru": ("Генеральная Ассамблея", "Генеральная Ассамблея Организации Объединенных Наций"),
        "ar": ("الجمعية العامة", "الجمعية العامة للأمم المتحدة"),
    }, {}),
    ("SC", "organ", "United Nations Security Council", {
        "en": ("Security Council", "United Nations Security Council",
               "Security Council of the United Nations"),
        "fr": ("Conseil de sécurité", "Conseil de sécurité de l'Organisation des Nations Unies"),
        "es": ("Consejo de Seguridad", "Consejo de Seguridad de las Naciones Unidas"),
        "ru": ("Совет Безопасности", "Совет Безопасности Организации Объединенных Наций"),
        "ar": ("مجلس الأمن", "مجلس الأمن التابع للأمم المتحدة"),
    }, {}),
    ("HRC", "organ", "Human Rights Council", {
        "en": ("Human Rights Council", "United Nations Human Rights Council"),
        "fr": ("Conseil des droits de l'homme", "Conseil des droits de l'homme des Nations Unies"),
        "es": ("Consejo de Derechos Humanos", "Consejo de Derechos Humanos de las Naciones Unidas"),
        "ru": ("Совет по правам человека",
               "Совет по правам человека Организации Объединенных Наций"),
        "ar": ("مجلس حقوق الإنسان", "مجلس حقوق الإنسان التابع للأمم المتحدة"),
    }, {}),
    ("ECOSOC", "organ", "United Nations Economic and Social Council", {
        "en": ("Economic and Social Council", "United Nations Economic and Social Council"),
        "zh": ("经济及社会理事会", "经社理事会"),
        "fr": ("Conseil économique et social",),
        "es": ("Consejo Económico y Social",),
        "ru": ("Экономический и Социальный Совет",),
        "ar": ("المجلس الاقتصادي والاجتماعي",),
    }, {"en": ("ECOSOC",), "fr": ("ECOSOC",), "es": ("ECOSOC",), "ru": ("ЭКОСОС",)}),
    ("SECRETARIAT", "organ", "United Nations Secretariat", {
        "en": ("United Nations Secretariat", "Secretariat of the United Nations"),
        "zh": ("秘书处",),
        "fr": ("Secrétariat de l'Organisation des Nations Unies",),
        "es": ("Secretaría de las Naciones Unidas",),
        "ru": ("Секретариат Организации Объединенных Наций",),
        "ar": ("الأمانة العامة للأمم المتحدة", "الأمانة العامة"),
    }, {"en": ("Secretariat",), "fr": ("Secrétariat",), "es": ("Secretaría",),
        "ru": ("Секретариат",)}),
    ("SG", "post", None, {
        "en": ("Secretary-General", "Secretary-General of the United Nations",
               "United Nations Secretary-General"),
        "zh": ("秘书长", "联合国秘书长"),
        "fr": ("Secrétaire général", "Secrétaire général de l'Organisation des Nations Unies"),
        "es": ("Secretario General", "Secretario General de las Naciones Unidas"),
        "ru": ("Генеральный секретарь", "Генеральный секретарь Организации Объединенных Наций"),
        "ar": ("الأمين العام", "الأمين العام للأمم المتحدة"),
    }, {}),
    ("OHCHR", "office", "Office of the United Nations High Commissioner for Human Rights (OHCHR)", {
        "en": ("Office of the United Nations High Commissioner for Human Rights",
               "Office of the High Commissioner for Human Rights",
               "Office of the High Commissioner"),
        "zh": ("人权事务高级专员办事处", "高级专员办事处", "联合国人权高专办"),
        "fr": ("Haut-Commissariat des Nations Unies aux droits de l'homme",
               "Haut-Commissariat aux droits de l'homme"),
        "es": ("Oficina del Alto Comisionado de las Naciones Unidas para los Derechos Humanos",
               "Oficina del Alto Comisionado para los Derechos Humanos",
               "Oficina del Alto Comisionado"),
        "ru": ("Управление Верховного комиссара Организации Объединенных Наций по правам человека",
               "Управление Верховного комиссара по правам человека"),
        "ar": ("مفوضية الأمم المتحدة السامية لحقوق الإنسان", "المفوضية السامية لحقوق الإنسان"),
    }, {"en": ("OHCHR",), "fr": ("HCDH",), "es": ("ACNUDH",), "ru": ("УВКПЧ",)}),
    ("HCHR", "post", None, {
        "en": ("United Nations High Commissioner for Human Rights",
               "High Commissioner for Human Rights", "High Commissioner"),
        "zh": ("联合国人权事务高级专员", "人权事务高级专员", "高级专员", "人权高专"),
        "fr": ("Haut-Commissaire des Nations Unies aux droits de l'homme",
               "Haute-Commissaire des Nations Unies aux droits de l'homme",
               "Haut-Commissaire aux droits de l'homme", "Haute-Commissaire aux droits de l'homme",
               "Haut-Commissaire", "Haute-Commissaire"),
        "es": ("Alto Comisionado de las Naciones Unidas para los Derechos Humanos",
               "Alta Comisionada de las Naciones Unidas para los Derechos Humanos",
               "Alto Comisionado para los Derechos Humanos",
               "Alta Comisionada para los Derechos Humanos", "Alto Comisionado", "Alta Comisionada"),
        "ru": ("Верховный комиссар Организации Объединенных Наций по правам человека",
               "Верховный комиссар по правам человека", "Верховный комиссар"),
        "ar": ("مفوض الأمم المتحدة السامي لحقوق الإنسان", "المفوض السامي لحقوق الإنسان",
               "مفوضة الأمم المتحدة السامية لحقوق الإنسان", "المفوضة السامية لحقوق الإنسان"),
    }, {}),
    ("ICJ", "organ", "International Court of Justice", {
        "en": ("International Court of Justice",),
        "fr": ("Cour internationale de Justice",),
        "es": ("Corte Internacional de Justicia",),
        "ru": ("Международный Суд",),
        "ar": ("محكمة العدل الدولية",),
    }, {"en": ("ICJ",), "fr": ("CIJ",), "es": ("CIJ",)}),
    ("ICC", "organisation", "International Criminal Court", {
        "en": ("International Criminal Court",),
        "fr": ("Cour pénale internationale",),
        "es": ("Corte Penal Internacional",),
        "ru": ("Международный уголовный суд",),
        "ar": ("المحكمة الجنائية الدولية",),
    }, {"en": ("ICC",), "fr": ("CPI",), "es": ("CPI",), "ru": ("МУС",)}),
    ("OSCE", "organisation", "Organization for Security and Co-operation in Europe (OSCE)", {
        "en": ("Organization for Security and Co-operation in Europe",
               "Organization for Security and Cooperation in Europe"),
        "fr": ("Organisation pour la sécurité et la coopération en Europe",),
        "es": ("Organización para la Seguridad y la Cooperación en Europa",),
        "ru": ("Организация по безопасности и сотрудничеству в Европе",),
        "ar": ("منظمة الأمن والتعاون في أوروبا",),
    }, {"en": ("OSCE",), "fr": ("OSCE",), "es": ("OSCE",), "ru": ("ОБСЕ",)}),
    ("OSCE_MINSK", "organ", "OSCE Minsk Group", {
        "en": ("OSCE Minsk Group", "Minsk Group of the OSCE", "Minsk Group"),
        "fr": ("Groupe de Minsk de l'OSCE", "Groupe de Minsk"),
        "es": ("Grupo de Minsk de la OSCE", "Grupo de Minsk"),
        "ru": ("Минская группа ОБСЕ", "Минская группа"),
        "ar": ("مجموعة مينسك التابعة لمنظمة الأمن والتعاون في أوروبا", "مجموعة مينسك"),
    }, {}),
    ("NAM", "organisation", "Non-Aligned Movement", {
        "en": ("Non-Aligned Movement", "Movement of Non-Aligned Countries"),
        "fr": ("Mouvement des pays non alignés",),
        "es": ("Movimiento de Países No Alineados",),
        "ru": ("Движение неприсоединения",),
        "ar": ("حركة عدم الانحياز",),
    }, {"en": ("NAM",)}),
    ("AU", "organisation", None, {
        "en": ("African Union",),
        "zh": ("非洲联盟", "非盟"),
        "fr": ("Union africaine",),
        "es": ("Unión Africana",),
        "ru": ("Африканский союз",),
        "ar": ("الاتحاد الأفريقي",),
    }, {"en": ("AU",), "fr": ("UA",), "es": ("UA",), "ru": ("АС",)}),
    ("EU", "organisation", None, {
        "en": ("European Union",),
        "zh": ("欧洲联盟", "欧盟"),
        "fr": ("Union européenne",),
        "es": ("Unión Europea",),
        "ru": ("Европейский союз",),
        "ar": ("الاتحاد الأوروبي",),
    }, {"en": ("EU",), "fr": ("UE",), "es": ("UE",), "ru": ("ЕС",)}),
    ("UN", "organisation", "United Nations", {
        "en": ("United Nations", "United Nations Organization"),
        "fr": ("Organisation des Nations Unies", "Nations Unies"),
        "es": ("Naciones Unidas", "Organización de las Naciones Unidas"),
        "ru": ("Организация Объединенных Наций",),
        "ar": ("الأمم المتحدة", "منظمة الأمم المتحدة"),
    }, {"en": ("UN",), "fr": ("ONU",), "es": ("ONU",), "ru": ("ООН",)}),
)

# organs.csv name_en -> the key it feeds; rows not listed (instruments) become blockers
_CSV_TYPES = {"organ", "organisation", "court"}

# Expressions that contain a body's name but are not that body.
_BLOCKERS: dict[str, tuple[str, ...]] = {
    "en": (
        "Under-Secretary-General", "Assistant Secretary-General", "Deputy Secretary-General",
        "High Commissioner for Refugees", "United Nations High Commissioner for Refugees",
        "Office of the United Nations High Commissioner for Refugees",
        "Office of the High Commissioner for Refugees",
        "High Commissioner on National Minorities", "Peace and Security Council",
        "UN-Women", "UN-Habitat", "UN Women",
    ),
    "zh": (
        "副秘书长", "助理秘书长", "常务副秘书长", "难民事务高级专员", "联合国难民事务高级专员",
        "联合国难民事务高级专员办事处", "难民事务高级专员办事处", "少数民族问题高级专员",
        "和平与安全理事会",
    ),
    "fr": (
        "Secrétaire général adjoint", "Sous-Secrétaire général", "Vice-Secrétaire général",
        "Haut-Commissaire des Nations Unies pour les réfugiés", "Haut-Commissaire pour les réfugiés",
        "Haut-Commissariat des Nations Unies pour les réfugiés",
        "Haut-Commissaire pour les minorités nationales", "Conseil de paix et de sécurité",
    ),
    "es": (
        "Secretario General Adjunto", "Vicesecretario General", "Subsecretario General",
        "Alto Comisionado de las Naciones Unidas para los Refugiados",
        "Alto Comisionado para los Refugiados", "Consejo de Paz y Seguridad",
    ),
    "ru": ("Верховный комиссар ООН по делам беженцев", "Верховный комиссар по делам беженцев",
           "Совет мира и безопасности"),
    "ar": ("مفوض الأمم المتحدة السامي لشؤون اللاجئين", "مجلس السلم والأمن"),
}


def _split(cell: str | None) -> list[str]:
    return [a.strip() for a in (cell or "").split(";") if a.strip()]


_ACRONYM = re.compile(r"\s*\(([A-Z]{2,})\)$")


@cache
def _data() -> tuple[dict[str, Body], dict[str, dict[str, list[tuple[str, bool]]]], dict[str, list[str]]]:
    """Bodies by key; their names per language as (name, case_sensitive); instrument blockers."""
    rows: dict[str, dict[str, str]] = {}
    instruments: dict[str, list[str]] = {"en": [], "zh": []}
    with reference_path("organs.csv").open(encoding="utf-8", newline="") as f:
        for r in csv.DictReader(f):
            if r["type"] in _CSV_TYPES:
                rows[r["name_en"]] = r
            else:
                instruments["en"].append(r["name_en"])
                instruments["zh"].append(r["name_zh"])
    out: dict[str, Body] = {}
    forms: dict[str, dict[str, list[tuple[str, bool]]]] = {}
    for key, kind, csv_name, per_lang, acronyms in _BODIES:
        names: dict[str, list[tuple[str, bool]]] = {lang: [] for lang in LANGS}
        qid = None
        if csv_name is not None:
            r = rows[csv_name]  # KeyError: organs.csv changed under us
            qid = r["wikidata_qid"] or None
            en = _ACRONYM.sub("", r["name_en"])
            names["en"].append((en, False))
            names["zh"].append((r["name_zh"], False))
            names["zh"].extend((a, False) for a in _split(r["zh_aliases"]))
        for lang, lst in per_lang.items():
            names[lang].extend((n, False) for n in lst)
        for lang, lst in acronyms.items():
            names[lang].extend((n, True) for n in lst)
        for lang in LANGS:  # dedupe, keep order
            seen: set[tuple[str, bool]] = set()
            names[lang] = [n for n in names[lang] if not (n in seen or seen.add(n))]
        labels = {lang: full[0] for lang in LANGS if (full := [n for n, cs in names[lang] if not cs])}
        out[key] = Body(key, kind, MappingProxyType(labels), qid)
        forms[key] = names
    return out, forms, instruments


def bodies() -> dict[str, Body]:
    """Every known body by key."""
    return dict(_data()[0])


def names(key: str, lang: str) -> list[str]:
    """The recognised names of one body in one language."""
    return [n for n, _cs in _data()[1].get(key, {}).get(lang, [])]


def _phrases(langs: tuple[str, ...]) -> Iterator[Phrase]:
    out, forms, instruments = _data()
    for lang in langs:
        for key, per_lang in forms.items():
            for name, cs in per_lang.get(lang, []):
                yield Phrase(name, out[key], cs)
        for blocker in (*_BLOCKERS.get(lang, ()), *instruments.get(lang, ())):
            yield Phrase(blocker, None)


@cache
def _lexicon(lang: str | None) -> Lexicon:
    return Lexicon(_phrases((lang,) if lang in LANGS else LANGS))


def lexicon(lang: str | None = None) -> Lexicon:
    """The (cached) matcher for one language (``zh``, ``zh-CN`` ...), or for all six."""
    code = lang.split("-")[0].split("_")[0].lower() if lang else None
    return _lexicon(code if code in LANGS else None)


def find_bodies(text: str, lang: str | None = None) -> list[tuple[Body, int, int, str]]:
    """``(body, start, end, surface)`` for each body named in ``text``, in order, longest first."""
    return [(h.value, h.start, h.end, h.surface) for h in lexicon(lang).finditer(text)]


def resolve_body(name: str, lang: str | None = None) -> Body | None:
    """The body that ``name``, taken as one whole name, denotes, or ``None``."""
    return lexicon(lang).lookup(name)
