#!/usr/bin/env python3
"""Sample fiscal year April 2024 - March 2025: SYNTHETIC lots, month by month, for `circula year` and `make demo`.

Seeded (rerun gives the same file): python3 scripts/generate-fiscal-year.py
Writes Sources/CirculaCore/Resources/sample-fiscal-year.csv. Stdlib only.

Lot sizes and assays scatter around the catalogue compositions of metallurgy.yaml (relative noise per
assay, lot masses uniform in a range, number of lots per month varying, a smelter maintenance month).
Nothing here fixes the copper recycling ratio: it follows from the lots through the balance.
Supplier names are placeholders, not real companies.
"""
import os, random

random.seed(20240401)

ELEMENTS = ["Cu", "Fe", "S", "As", "Sb", "Bi", "Pb", "Zn", "Ni", "Sn", "Al", "Se", "Te", "Hg", "Au", "Ag", "Pt", "Pd",
            "Rh", "Ir", "Ru", "In", "Ga", "Ge", "Cd", "Ta", "Nb", "Mn", "Li", "Co", "B", "Nd", "Pr", "Dy", "Tb"]
UNITS = {e: "%" for e in ELEMENTS}
for e in ["Se", "Te", "Hg", "Au", "Ag", "Pt", "Pd", "Rh", "Ir", "Ru", "In", "Ga", "Ge", "Cd"]:
    UNITS[e] = "g/t"
COMPOUNDS = ["Li2CO3", "NiSO4·6H2O", "MnSO4·H2O", "In2O3", "Y2O3", "La2O3", "CeO2", "Pr6O11", "Nd2O3", "Sm2O3", "Eu2O3",
             "Gd2O3", "Tb4O7", "Dy2O3", "Ho2O3", "Er2O3", "Tm2O3", "Yb2O3", "Lu2O3"]
COLUMNS = [f"{e}[{UNITS[e]}]" for e in ELEMENTS] + [f"{c}[%]" for c in COMPOUNDS]

# Nominal assays per feed (units as in COLUMNS): the catalogue values of metallurgy.yaml.
FEEDS = {
    "cu_conc_chalcopyrite": dict(Cu=28, Fe=26, S=30, As=0.08, Sb=0.01, Bi=0.005, Pb=0.3, Zn=0.8, Ni=0.02, Se=200, Te=20, Hg=3,
                                 Au=3, Ag=60, In=10, Ga=5, Ge=5, Cd=40, Co=0.015),
    "cu_conc_complex_as": dict(Cu=26, Fe=24, S=32, As=1.0, Sb=0.15, Bi=0.02, Pb=0.8, Zn=2.0, Hg=20, Au=5, Ag=150),
    "pcb_mixed": dict(Cu=18, Fe=5, Al=4, Sn=3.5, Pb=1.5, Ni=1.0, Zn=1.0, Sb=0.2, Bi=0.02, Ta=0.05, Au=250, Ag=800, Pd=80, Pt=5,
                      Ru=10, In=30, Ga=20, Ge=10),
    "escrap_pgm_rich": dict(Cu=12, Fe=6, Ni=3, Sn=1.5, Au=300, Ag=3000, Pt=200, Pd=900, Rh=60, Ru=150, Ir=25),
    "escrap_ta_capacitors": dict(Ta=30, Nb=1, Mn=6, Ag=0.5, Ni=2),
    "ito_target_scrap": {"In2O3": 90.0, "Sn": 7.47},
    "cu_scrap_no1": dict(Cu=99.3),
    "cu_scrap_no2": dict(Cu=96, Sn=0.8, Pb=0.5, Zn=0.8, Fe=0.5, Ni=0.1, Ag=50),
    "cu_scrap_lowgrade": dict(Cu=85, Sn=2, Pb=2, Zn=4, Fe=2, Ni=0.8, Sb=0.1, Ag=200, Au=5),
    "blackmass_nmc111": dict(Li=3.96, Ni=11.16, Co=11.20, Mn=10.44, Cu=2.0, Al=2.5),
    "blackmass_nmc622": dict(Li=3.94, Ni=19.98, Co=6.69, Mn=6.23, Cu=2.0, Al=2.5),
    "blackmass_nmc811": dict(Li=3.92, Ni=26.55, Co=3.33, Mn=3.11, Cu=2.0, Al=2.5),
    "co_hydroxide_primary": dict(Co=35, Mn=2, Cu=0.5, Fe=0.5),
    "niso4_primary": {"NiSO4·6H2O": 98.5},
    "mnso4_primary": {"MnSO4·H2O": 99.0},
    "li2co3_technical": {"Li2CO3": 99.0},
    "ndfeb_scrap_ev": dict(Nd=22, Pr=6, Dy=3.5, Tb=0.5, Fe=64, B=1.0, Co=1.5),
    "ree_ionic_clay_concentrate": {"Y2O3": 59.64, "La2O3": 2.01, "CeO2": 0.99, "Pr6O11": 0.99, "Nd2O3": 3.19, "Sm2O3": 2.15,
                                   "Eu2O3": 0.09, "Gd2O3": 5.24, "Tb4O7": 1.04, "Dy2O3": 6.88, "Ho2O3": 1.47, "Er2O3": 3.92,
                                   "Tm2O3": 0.55, "Yb2O3": 3.07, "Lu2O3": 0.43},
}

# feed, category, suppliers, lots per month (min, max), wet t per lot (min, max), moisture %
PLAN = [
    ("cu_conc_chalcopyrite", "primary", ["Sample Mine A (Chile)", "Sample Mine B (Peru)", "Sample Mine C (Australia)"], (9, 11), (8790, 10650), 8.5),
    ("cu_conc_complex_as", "primary", ["Sample Mine D (Peru)"], (1, 1), (6000, 8000), 9.0),
    ("pcb_mixed", "post-consumer", ["Sample E-Scrap Collector (Japan)", "Sample E-Scrap Trader (EU)", "Sample E-Scrap Network (Taiwan)"], (3, 5), (800, 1100), 1.0),
    ("escrap_pgm_rich", "post-consumer", ["Sample Electronics Dismantler (Japan)"], (1, 1), (150, 300), 0.5),
    ("escrap_ta_capacitors", "post-consumer", ["Sample E-Scrap Collector (Japan)"], (1, 1), (5, 10), 0.2),
    ("ito_target_scrap", "pre-consumer", ["Customer Gamma (display maker - ITO returns)"], (1, 1), (3, 8), 0.1),
    ("cu_scrap_no1", "pre-consumer", ["Customer Alpha (wire mill scrap)", "Customer Beta (stamping scrap)"], (4, 5), (770, 975), 0.2),
    ("cu_scrap_no2", "post-consumer", ["Sample Scrap Yard (Japan)", "Sample Collection Network (Japan)"], (2, 3), (900, 1100), 0.5),
    ("cu_scrap_lowgrade", "post-consumer", ["Sample Scrap Yard (Japan)", "Sample Scrap Trader (Asia)"], (2, 2), (800, 1000), 1.0),
    ("blackmass_nmc622", "post-consumer", ["Sample Battery Recycler (Japan)"], (2, 2), (35, 50), 2.0),
    ("blackmass_nmc811", "pre-consumer", ["Sample Cell Plant (gigafactory scrap)"], (1, 1), (30, 45), 1.5),
    ("blackmass_nmc111", "post-consumer", ["Sample Battery Recycler (Japan)"], (1, 1), (15, 30), 2.0),
    ("co_hydroxide_primary", "primary", ["Sample Cobalt Producer (DRC)"], (1, 1), (100, 140), 0.0),
    ("niso4_primary", "primary", ["Sample Nickel Refinery (Indonesia)"], (2, 2), (250, 300), 0.0),
    ("mnso4_primary", "primary", ["Sample Manganese Refiner (China)"], (1, 1), (100, 140), 0.0),
    ("li2co3_technical", "primary", ["Sample Brine Producer (Chile)"], (1, 2), (120, 170), 0.0),
    ("ndfeb_scrap_ev", "post-consumer", ["Sample Motor Dismantler (Japan)", "Sample Magnet Maker (swarf - Japan)"], (2, 2), (70, 95), 0.5),
    ("ree_ionic_clay_concentrate", "primary", ["Sample REE Mine (Southeast Asia)"], (2, 2), (190, 225), 1.0),
]
# Magnet-maker swarf is pre-consumer; the dismantler's rotors are post-consumer.
CATEGORY_BY_SUPPLIER = {"Sample Magnet Maker (swarf - Japan)": "pre-consumer"}
MONTHS = [(2024, m) for m in range(4, 13)] + [(2025, m) for m in range(1, 4)]
DAYS = {1: 31, 2: 28, 3: 31, 4: 30, 5: 31, 6: 30, 7: 31, 8: 31, 9: 30, 10: 31, 11: 30, 12: 31}
MAINTENANCE = (2024, 10)   # flash-furnace shutdown: fewer concentrate lots


def noisy(value, relative=0.06):
    if value >= 80:          # scrap and refined grades sit near their nominal
        relative = 0.003
    return value * random.uniform(1 - relative, 1 + relative)


def fmt(value):
    return f"{value:.4f}".rstrip("0").rstrip(".") if value < 1 else f"{value:.3f}".rstrip("0").rstrip(".")


def documents(lot_id, year, month, sequence, category):
    """SYNTHETIC document references, one list per lot: the weighbridge ticket, the assay certificate and, for
    recycled feed, the supplier's declaration of origin (what ISCC PLUS 204 and ASI CoC ask for on receipt).
    Derived from the lot, so the seeded random numbers above are drawn exactly as before."""
    refs = [f"WB-{year}{month:02d}-{sequence:04d}", f"ASSAY-{lot_id}"]
    if category != "primary":
        refs.append(f"DECL-{lot_id}")
    return ";".join(refs)


rows = []
for year, month in MONTHS:
    lots = []
    for feed, category, suppliers, (nmin, nmax), (lo, hi), moisture in PLAN:
        n = random.randint(nmin, nmax)
        if (year, month) == MAINTENANCE and feed.startswith("cu_conc"):
            n = max(1, n - 3)
        for i in range(n):
            supplier = suppliers[(i + month) % len(suppliers)]
            nominal = FEEDS[feed]
            assays = {k: noisy(v) for k, v in nominal.items()}
            total = sum(v / (1e4 if UNITS.get(k) == "g/t" else 1) for k, v in assays.items())
            if total > 99.5:     # a lot cannot assay above 100%: scale the scatter back
                assays = {k: v * 99.5 / total for k, v in assays.items()}
            day = random.randint(1, DAYS[month])
            lots.append((f"{year}-{month:02d}-{day:02d}", supplier, feed, CATEGORY_BY_SUPPLIER.get(supplier, category),
                         random.uniform(lo, hi), moisture * random.uniform(0.9, 1.1), assays))
    lots.sort(key=lambda lot: (lot[0], lot[2], lot[1]))
    for k, (date, supplier, feed, category, wet, moisture, assays) in enumerate(lots):
        cells = []
        for column in COLUMNS:
            name = column.split("[")[0]
            cells.append(fmt(assays[name]) if name in assays else "")
        lot_id = f"FY24-{month:02d}-{k + 1:03d}"
        rows.append(",".join([lot_id, date, supplier, feed, category, f"{wet:.1f}", f"{moisture:.2f}"] + cells
                             + [documents(lot_id, year, month, k + 1, category)]))

header = "lot_id,date,supplier,feed,category,wet_mass[t],moisture[%]," + ",".join(COLUMNS) + ",documents"
lines = ["# Sample fiscal year April 2024 - March 2025: SYNTHETIC lots from scripts/generate-fiscal-year.py (seeded),",
         "# scattered around the catalogue compositions of metallurgy.yaml; supplier names are placeholders, not real companies.",
         "# documents: SYNTHETIC weighbridge-ticket, assay-certificate and (recycled feed) declaration-of-origin references.",
         header] + rows
path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Sources", "CirculaCore", "Resources", "sample-fiscal-year.csv")
with open(path, "w", encoding="utf-8") as out:
    out.write("\n".join(lines) + "\n")

# What went in (not a target: the recycling ratio comes from the balance).
cu = recycled = 0.0
for line in rows:
    cells = line.split(",")
    if cells[7]:
        kg = float(cells[5]) * (1 - float(cells[6]) / 100) * float(cells[7]) / 100
        cu += kg
        recycled += kg if cells[4] != "primary" else 0
print(f"{len(rows)} lots; Cu input {cu:,.0f} t, recycled {recycled:,.0f} t ({recycled / cu * 100:.1f}% of input)")
