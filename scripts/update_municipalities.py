"""Rebuild the shipped reference data, plugins/cohort_site/data/japan_municipalities.csv.

    python scripts/update_municipalities.py JAPAN_CSV [POPULATION_CSV ...]

JAPAN_CSV has the columns code, prefecture, name, kana, type, designated_city (every municipality
of Japan and the wards of the designated cities; from the CC0 dataset code4fukui/localgovjp).
Each POPULATION_CSV has code and population_2020_preliminary (e.g. Tokyo's 2020 census preliminary
count); its figures fill the population column, which stays blank (unknown) for everyone else.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

TARGET = Path(__file__).resolve().parent.parent / "plugins" / "cohort_site" / "data" / "japan_municipalities.csv"
COLUMNS = ("code", "prefecture", "name", "kana", "type", "designated_city", "population_2020_preliminary")


def main(japan: str, *populations: str) -> None:
    figures: dict[str, str] = {}
    for path in populations:
        with open(path, encoding="utf-8", newline="") as f:
            figures.update({row["code"]: row["population_2020_preliminary"] for row in csv.DictReader(f)})
    with open(japan, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    unknown = set(figures) - {row["code"] for row in rows}
    if unknown:
        sys.exit(f"population for codes not in {japan}: {sorted(unknown)}")
    with TARGET.open("w", encoding="utf-8", newline="") as f:
        out = csv.DictWriter(f, COLUMNS, lineterminator="\n")
        out.writeheader()
        for row in rows:
            out.writerow({**row, "designated_city": row["designated_city"] or "0",
                          "population_2020_preliminary": figures.get(row["code"], "")})
    print(f"{TARGET}: {len(rows)} rows, {len(figures)} with a population")


if __name__ == "__main__":
    main(*sys.argv[1:])
