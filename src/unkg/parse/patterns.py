"""Line patterns of UN documents in the six languages, in one place.

Each pattern matches a whole block (a cover line, an address, a heading); the parser
modules only combine them. Chinese forms come first: full-width punctuation (，：；),
optional spaces around digits, and ``(签名)`` / ``（签名）`` both occur.
"""

from __future__ import annotations

import re

# --- cover page -----------------------------------------------------------------------
UNITED_NATIONS = re.compile(
    r"^(?:United Nations|联合国|Nations Unies|Naciones Unidas|Организация Объединенных Наций"
    r"|الأمم المتحدة|الأمــم المتحـدة)$"
)
DISTR = re.compile(r"^(?:Distr\.?|Distr\.\s*:|Distribución|Распр\.)\s*[:：]?\s*\S.*$", re.I)
ORIGINAL = re.compile(r"^(?:Original|原文|Original\s*:|Язык оригинала|الأصل)\s*[:：]", re.I)
LANGUAGE_NAME = re.compile(
    r"^(?:Chinese|English|French|Spanish|Russian|Arabic|Français|Español|Русский|中文|عربي)$"
)
# body names printed on the cover; spaces inside Chinese names are PDF letter-spacing
BODY_NAMES: dict[str, tuple[str, ...]] = {
    "GA": ("大会", "General Assembly", "Assemblée générale", "Asamblea General",
           "Генеральная Ассамблея", "الجمعية العامة"),
    "SC": ("安全理事会", "Security Council", "Conseil de sécurité", "Consejo de Seguridad",
           "Совет Безопасности", "مجلس الأمن"),
    "HRC": ("人权理事会", "Human Rights Council", "Conseil des droits de l’homme",
            "Conseil des droits de l'homme", "Consejo de Derechos Humanos",
            "Совет по правам человека", "مجلس حقوق الإنسان"),
    "ECOSOC": ("经济及社会理事会", "Economic and Social Council", "Conseil économique et social",
               "Consejo Económico y Social", "Экономический и Социальный Совет",
               "المجلس الاقتصادي والاجتماعي"),
}

# "[根据第六委员会的报告 (A/77/415，第12段)]", "[without reference to a Main Committee (A/75/L.95)]"
REPORT_BASIS = re.compile(r"^\[(?:根据|未经发交|on the report|without reference|sur (?:la base du )?rapport|sans renvoi|"
                          r"sobre la base|sin remisión|по докладу|без передачи|بناء على|دون الإحالة).*\]$",
                          re.I)

# adoption lines
ADOPTION = re.compile(
    r"^(?:Resolution adopted by the .+ on .+|Adopted by the .+ (?:at its .+ meeting|on .+)"
    r"|.{0,30}\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日.{0,30}(?:通过的决议|决议|通过)"
    r"|Résolution adoptée par .+|Adoptée par .+|Resolución aprobada por .+|Aprobada por .+"
    r"|Резолюция, принятая .+|Принята .+|قرار اتخذ(?:ت|)ه .+|اتخذ(?:ه|ها) .+)$"
)

# "53/30. 标题", "78/272 اتفاق", "S-34/1. Title"
RESOLUTION_TITLE = re.compile(r"^(?P<num>(?:[A-Z]{1,2}-)?\d{1,4}/\d{1,4})\s*[.．]?\s+(?P<title>\S.*)$")
# "Resolution 2593 (2021)", "第2593(2021)号决议", "Résolution 2593 (2021)"
SC_RESOLUTION_HEADING = re.compile(
    r"^(?:Resolution|Résolution|Resolución|Резолюция|القرار)\s+(?P<num>\d{1,4}\s*\(\d{4}\))$"
    r"|^第\s*(?P<numzh>\d{1,4}\s*[（(]\d{4}[)）])\s*号决议$"
)
# "Brazil and Switzerland: draft resolution", "巴西和瑞士：决议草案"
DRAFT_SPONSORS = re.compile(
    r"^(?P<sponsors>.+?)\s*[*†‡]?\s*[:：]\s*[*†‡]?\s*(?P<kind>draft resolution|draft decision|amendment|决议草案|决定草案|"
    r"修正案|projet de résolution|projet de décision|proyecto de resolución|проект резолюции"
    r"|مشروع قرار|amendments? to draft (?:resolution|decision)\s+\S+|对决议草案\S*的修正案)$",
    re.I,
)
# a committee line on the cover: "Sixth Committee", "第六委员会"
COMMITTEE = re.compile(
    r"^(?:(?:First|Second|Third|Fourth|Fifth|Sixth) Committee|Special Political and Decolonization Committee"
    r"|第[一二三四五六]委员会|(?:Première|Deuxième|Troisième|Quatrième|Cinquième|Sixième) Commission)$"
)
REPORT_TITLE = re.compile(r"^(?:Report of the .{3,200}|Rapport d.{3,200}|Informe d.{3,200}|.{2,80}的报告)$")

# --- letters and other communications --------------------------------------------------
LETTER_HEADING = re.compile(
    r"^(?:.{0,40}\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日.{2,80}的信"
    r"|(?:Identical letters|Letter) dated .+ (?:addressed to|from) .+"
    r"|Lettre(?:s identiques)? datée.+|Carta(?:s idénticas)? de fecha .+|(?:Идентичные письма|Письмо) .+ от .+"
    r"|(?:رسالة|رسائل متطابقة) مؤرخة .+)$"
)
NOTE_VERBALE_HEADING = re.compile(r"^(?:.{0,60}普通照会|Note verbale dated .+|Note verbale datée .+)$")

ANNEX_HEADING = re.compile(
    r"^(?:附件(?:[一二三四五六七八九十]+|\s*[IVX\d]+)?|.{4,160}的附件(?:[一二三四五六七八九十]+)?"
    r"|Annex(?:es)?(?:\s+[IVX\d]+)?|Annex(?:\s+[IVX\d]+)? to .{4,200}|Enclosure"
    r"|Annexe(?:\s+[IVX\d]+)?|Annexe .{4,200}|Anexo(?:\s+[IVX\d]+)?|Anexo de .{4,200}"
    r"|Приложение(?:\s+[IVX\d]+)?|Приложение к .{4,200}|المرفق(?:\s+.{1,10})?|مرفق .{4,200})$"
)

# --- resolutions ----------------------------------------------------------------------------
ADDRESS = re.compile(
    r"^(?:(?:大会|安全理事会|人权理事会|经济及社会理事会|[\u4e00-\u9fff]{2,16}(?:委员会|理事会|会议))\s*[，,]"
    r"|The (?:General Assembly|Security Council|Human Rights Council|Economic and Social Council"
    r"|[A-Z][\w’' -]{3,60}(?:Committee|Council|Commission|Conference))\s*,?"
    r"|(?:Le|La|L’|L') ?(?:Assemblée générale|Conseil de sécurité|Conseil des droits de l[’']homme"
    r"|Conseil économique et social)\s*,?"
    r"|(?:La Asamblea General|El Consejo de Seguridad|El Consejo de Derechos Humanos"
    r"|El Consejo Económico y Social)\s*,?"
    r"|(?:Генеральная Ассамблея|Совет Безопасности|Совет по правам человека"
    r"|Экономический и Социальный Совет)\s*,?"
    r"|(?:إن )?(?:الجمعية العامة|مجلس الأمن|مجلس حقوق الإنسان|المجلس الاقتصادي والاجتماعي)\s*[،,]?)$"
)
# "1. ", "1．", "1 - " (Arabic), "(a) ", "（a）"
NUMBERED = re.compile(r"^(?P<num>\d{1,3})\s*(?:[.．]|\s-)\s*(?=\S)")
#: "1000." and beyond: taken as a paragraph number only right after the number before it (a line
#: may well begin with a year: "2021. The Assembly …")
LONG_NUMBERED = re.compile(r"^(?P<num>[1-9]\d{3,4})\s*[.．]\s*(?=\S)")
SUBNUMBERED = re.compile(r"^(?P<num>\((?:[a-z]{1,2}|[ivx]{1,5}|\d{1,2})\)|（(?:[a-z]{1,2}|[ivx]{1,5})）|[a-z]\))\s+(?=\S)")  # "(a)", "（a）", French "a)"
BULLET = re.compile(r"^[•·▪●◦\-–]\s*(?=\S)")

MEETING_LINE = re.compile(
    r"^(?:第\s*(?P<zh>\d{1,5})\s*次(?:全体)?会议|(?P<en>\d{1,5})(?:st|nd|rd|th) (?:plenary )?meeting"
    r"|(?P<fr>\d{1,5})(?:e|re) séance(?: plénière)?|(?P<es>\d{1,5})ª sesión(?: plenaria)?"
    r"|(?P<ru>\d{1,5})-[еяй] (?:пленарное )?заседание|الجلسة (?:العامة )?(?P<ar>\d{1,5}))$"
)
VOTE_BLOCK_START = re.compile(r"^\[")

# signature: "罗伯特·基思·雷(签名)", "(Signed) Robert Keith Rae", "(签字)"
SIGNED_ZH = re.compile(r"^(?P<name>.{1,40}?)\s*[（(]签[名字][)）]$")
SIGNED_EN = re.compile(r"^\((?:Signed|Signé|Firmado|Подпись|توقيع)\)\s*(?P<name>.{1,80})$")
