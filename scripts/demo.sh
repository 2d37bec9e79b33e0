#!/usr/bin/env bash
# The main job on the embedded default: the bundled model (the whole plant) and the sample fiscal year
# (April 2024 - March 2025, synthetic lots from scripts/generate-fiscal-year.py), through every module.
# Writes its files to out/demo/ (SQLite ledger, keys, certificate, SVGs, fiscal-year.html), fresh each run.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
C=$ROOT/.build/debug/circula
FY=$ROOT/Sources/CirculaCore/Resources/sample-fiscal-year.csv
OUT=out/demo
rm -rf "$OUT" && mkdir -p "$OUT" && cd "$OUT"
cp "$FY" fiscal-year-lots.csv && FY=fiscal-year-lots.csv   # the bundled sample year, under a short name
step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

step "Elements we recover, with the lists they are on"
$C elements --class recovered

step "The model: the whole plant, validated (coefficients, sources, one metal per product stream)"
$C model validate
$C model show | sed -n 1p

step "The fiscal year's input: lots checked against the model (feed ids, categories, required assays)"
$C lots check "$FY" | sed -n 1,2p

step "Fiscal year balanced month by month: recycling ratios and every product stream"
$C year --lots "$FY" --products --html fiscal-year.html | tee year.txt
$C balance --lots "$FY" --element Cu --sankey cu-sankey.svg > /dev/null

step "The same year month by month with in-process stock (anode stock, matte, slimes; synthetic month-end figures)"
$C balance --lots "$FY" --by-month --stock "$ROOT/Sources/CirculaBalance/Resources/sample-fiscal-year-stock.csv" --element Cu \
  --inventory-attribution fifo | tee year-stock.txt

step "Reconciliation of noisy measurements (synthetic, one planted gross error)"
$C balance --measurements "$ROOT/Sources/CirculaBalance/Resources/sample-measurements.csv" --use-transfer-coefficients | sed -n '1,7p'

step "Ledger: credits for the year's recycled copper from the balance's attribution, deliveries, a signed certificate"
F=$($C balance --lots "$FY" --conversion-factor --element Cu)
echo "conversion factor for recycled Cu credits (recycled Cu in cathode / recycled Cu input, fiscal year): $F"
# The company's third-party-validated model is a monthly mass balance with carry-over: ISCC PLUS (periods of at most
# three months, 0.5 % stock tolerance, documents on every entry and withdrawal) is the bundled profile that matches it.
$C ledger init --scheme iscc-plus --company "Circula Smelting (demo)" --period month --max-period-months 3 --carry-over carry \
  --site saganoseki="Saganoseki smelter" --product cu-cathode=Cu:cathode \
  --account pool-cu=saganoseki:cu-cathode:$F \
  --account alpha-cu=saganoseki:cu-cathode:$F:"Customer Alpha" \
  --account beta-cu=saganoseki:cu-cathode:$F:"Customer Beta" | tail -3
$C ledger scheme | sed -n 1,5p
$C ledger receive --site saganoseki --lots "$FY" --recycled-only --elements Cu \
  --ring-fence "Customer Alpha (wire mill scrap)=Customer Alpha" --ring-fence "Customer Beta (stamping scrap)=Customer Beta" | tail -3 | cut -c1-160
$C ledger issue --all --element Cu --from-balance --lots "$FY" | tail -4
$C ledger deliver --sample | tail -2
$C ledger allocate --delivery D24-04-001 --account alpha-cu
$C ledger allocate --delivery D24-04-002 --account beta-cu
$C ledger allocate --delivery D24-04-003 --account pool-cu
$C ledger allocate --delivery D24-04-004 --account pool-cu
$C certificate keygen --out keys
$C certificate issue --delivery D24-04-001 --key keys/issuer.key.pem --out cert-D24-04-001.json
$C certificate verify cert-D24-04-001.json --key keys/issuer.pub.pem
$C ledger verify
$C certificate credential cert-D24-04-001.json --key keys/issuer.key.pem --out credential-D24-04-001.json
$C certificate status-list --key keys/issuer.key.pem --out status-list.json --revocation-out status-revocation.json --message-out status-message.json
$C certificate credential-status credential-D24-04-001.json --status-list status-revocation.json --key keys/issuer.pub.pem

step "Audit export: April closed (unclaimed credits carry over, as ISCC PLUS allows), signed checkpoint, the auditor's bundle"
$C ledger close-period --period 2024-04
mkdir -p checkpoints && $C ledger checkpoint --key keys/issuer.key.pem --out checkpoints
mkdir -p certificates && cp cert-D24-04-001.json certificates/
$C ledger export --period 2024-04 --out audit-2024-04 --key keys/issuer.pub.pem --checkpoints checkpoints --certificates certificates | tail -3
(cd audit-2024-04 && find . -type f | sort | sed 's|^\./|  |')
# The auditor's own check, with Python's standard library only: recompute every event hash of the bundle.
python3 audit-2024-04/verify_chain.py audit-2024-04

step "Ratio report: the scheme's ratio and the plant's, deliveries reconciled with production and stock, quarter and FY totals"
$C ledger ratio --product cu-cathode --lots "$FY" | tee ratio.txt

step "Co-creation statement of Customer Alpha for April 2024 (the customer portal's data): text, CSV, printable HTML"
$C ledger statement --customer "Customer Alpha" --period 2024-04 | sed -n 1,24p
$C ledger statement --customer "Customer Alpha" --period 2024-04 --format csv --out statement-alpha-2024-04.csv
$C ledger statement --customer "Customer Alpha" --period 2024-04 --format html --out statement-alpha-2024-04.html

step "Battery line: recycled content of the cathode material vs Regulation (EU) 2023/1542 Art. 8"
$C battery report --lots "$FY" | tee battery.txt

step "Rare-earth line: oxides, purities, magnet-derived shares"
$C rare-earths --lots "$FY" | tee rare-earths.txt

step "Feed-mix plan for 2025 terms (TC \$21.25/t, RC 2.125 c/lb)"
$C plan | sed -n '1,16p;/^Cathode copper/p;/^Binding/,$p'

step "Outlook: the recycling ratio to 2040 against the 50% goal"
$C outlook --to 2040 --chart outlook.svg | tail -6

step "Summary of the fiscal year"
grep -E '^(FY |Fiscal year:|Rare metals)' year.txt
grep -E 'FAIL|pass' battery.txt | sed 's/  */ /g'
tail -1 rare-earths.txt
echo "HTML report: $OUT/fiscal-year.html (self-contained, opens offline)"
ls -1
