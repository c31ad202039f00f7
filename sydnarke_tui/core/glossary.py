"""The one glossary: the Swedish words the screens, the CLI and every report format print.

Where the app and the nämnd's printed report used different words, the printed
report's word wins (the 2019 verksamhetsberättelse: "Totalt intäkter",
"Totalt kostnader", "Analys" for the written assessment of a goal). The words of
the enumerations (statuses, kinds of line, severities) are in their tables in
`core.concepts`, with everything else about how each member is shown.
"""

from __future__ import annotations

import re

from .concepts import KIND, Kind

# A figure path's last part (core.compute), as the checker and the link list name it.
FIGURE_FIELDS = {"budget": "budget", "outcome": "utfall", "deviation": "avvikelse", "forecast": "prognos",
                 "previous": "utfall föregående år", "budget_to_date": "budget t.o.m.",
                 "deviation_to_date": "avvikelse t.o.m."}

# Statement rows and columns.
TOTAL_REVENUE = KIND[Kind.REVENUE].total_label
TOTAL_COST = KIND[Kind.COST].total_label
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
