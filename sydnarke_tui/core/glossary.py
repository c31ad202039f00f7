"""The one glossary: the Swedish words the screens, the CLI and every report format print.

Where the app and the nämnd's printed report used different words, the printed
report's word wins (the 2019 verksamhetsberättelse: "Totalt intäkter",
"Totalt kostnader", "Analys" for the written assessment of a goal). Status words
are keyed by the enumeration values of the data contract (DESIGN.md 5), so
`core.model` builds its enum-keyed dictionaries from these.
"""

from __future__ import annotations

import re

# Indicator, goal, line and finding enumerations (values as in the JSON report).
STATUS_WORDS = {"achieved": "uppnådd", "partly": "delvis", "not_achieved": "ej uppnådd", "not_measured": "ej mätt"}
GOAL_STATUS_WORDS = {"achieved": "uppnås", "partly": "delvis", "not_achieved": "uppnås ej",
                     "not_assessed": "ej bedömt"}
KIND_WORDS = {"revenue": "intäkt", "cost": "kostnad"}
SEVERITY_WORDS = {"error": "fel", "warning": "varning", "rounding": "avrundning"}
SEVERITY_PLURAL_WORDS = {"error": "fel", "warning": "varningar", "rounding": "avrundningar"}

# Statement rows and columns.
TOTAL_REVENUE = "Totalt intäkter"
TOTAL_COST = "Totalt kostnader"
NET_RESULT = "Nettoresultat"
TOTAL_INVESTED = "Totalt investerat"
SUM = "Summa"  # a verksamhet's subtotal ("Summa <verksamhet>") and the split's bottom row
TOTALS = {"revenue": TOTAL_REVENUE, "cost": TOTAL_COST, "net": NET_RESULT}
LINE_LABEL = "Slagtext"
PROJECT = "Projekt"
MUNICIPALITY = "Kommun"
COMMON = "Gemensamt"
VARAV = "varav"
FORECAST_FULL_YEAR = "Prognos helår"
DEVIATION = "Avvikelse"

# The report's chapters, numbered as in the nämnd's own report.
CH_OPERATIONS = "Verksamheter"
CH_GOALS = "Måluppfyllelse"
CH_GOAL_TABLE = "Nämndmål"
CH_ASSESSMENT = "Bedömning av måluppfyllelse"
CH_NARRATIVE = "Verksamhetsberättelse"
CH_ECONOMY = "Ekonomi"
OPERATING_STATEMENT = "Driftredovisning"
INVESTMENT_STATEMENT = "Investeringsredovisning"
SPLIT_TABLE = "Fördelning per medlemskommun"
CH_CHECKS = "Bilaga: Kontroll av tryckta värden"
CONTENTS = "Innehåll"


def report_title(year: int, period_name: str, full_year: bool) -> str:
    """'Verksamhetsberättelse 2020' at full year; 'Delårsrapport T1 2020' at a tertial (T1, T2);
    'Delårsrapport 2020' at the delår."""
    if full_year:
        return f"Verksamhetsberättelse {year}"
    if re.fullmatch(r"T\d", period_name.strip()):
        return f"Delårsrapport {period_name.strip()} {year}"
    return f"Delårsrapport {year}"
