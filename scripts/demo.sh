#!/usr/bin/env bash
# The main job on the embedded default: the bundled model and sample period (April 2024, synthetic lots),
# through every module. Writes its files to out/demo/ (SQLite ledger, keys, certificate, SVGs).
set -euo pipefail
cd "$(dirname "$0")/.."
C=$PWD/.build/debug/circula
OUT=out/demo
rm -rf "$OUT" && mkdir -p "$OUT" && cd "$OUT"
step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

step "Elements we recover, with the lists they are on"
$C elements --class recovered

step "The sample period's input: 27 lots (bundled, synthetic)"
$C lots check

step "Plant balance of the period: every element through the flowsheet, recycled share of cathode copper"
$C balance
$C balance --element Cu --sankey cu-sankey.svg > /dev/null

step "Reconciliation of noisy measurements (synthetic, one planted gross error)"
$C balance --measurements "$OLDPWD/Sources/CirculaBalance/Resources/sample-measurements.csv" --use-transfer-coefficients | sed -n '1,7p'

step "Ledger: credits from the balance's attribution, allocated to two customers, a signed certificate"
F=$($C balance --conversion-factor --element Cu)
echo "conversion factor for recycled Cu credits (recycled Cu in cathode / recycled Cu input): $F"
$C ledger init --company "Circula Smelting (demo)" --period month --max-period-months 3 --carry-over carry \
  --site saganoseki="Saganoseki smelter" --product cu-cathode=Cu:cathode \
  --account pool-cu=saganoseki:cu-cathode:$F \
  --account alpha-cu=saganoseki:cu-cathode:$F:"Customer Alpha" \
  --account beta-cu=saganoseki:cu-cathode:$F:"Customer Beta" | tail -3
$C ledger receive --site saganoseki --sample --recycled-only --elements Cu \
  --ring-fence "Customer Alpha (wire mill scrap)=Customer Alpha" --ring-fence "Customer Beta (stamping scrap)=Customer Beta" | tail -3
$C ledger issue --all --element Cu --from-balance | tail -4
$C ledger deliver --sample | tail -2
$C ledger allocate --delivery D24-04-001 --account alpha-cu
$C ledger allocate --delivery D24-04-002 --account beta-cu
$C ledger allocate --delivery D24-04-003 --account pool-cu
$C ledger allocate --delivery D24-04-004 --account pool-cu
$C ledger balance
$C certificate keygen --out keys
$C certificate issue --delivery D24-04-001 --key keys/issuer.key.pem --out cert-D24-04-001.json
$C certificate verify cert-D24-04-001.json --key keys/issuer.pub.pem
$C ledger verify
$C ledger ratio --product cu-cathode --sample-lots

step "Feed-mix plan for 2025 terms (TC \$21.25/t, RC 2.125 c/lb)"
$C plan | sed -n '1,16p;/^Cathode copper/p;/^Binding/,$p'

step "What falling TC/RC does to the best plan"
$C plan --sweep tc=80:-20:10 --chart plan-tc.svg | tail -3

step "Outlook: the recycling ratio to 2040 against the 50% goal"
$C outlook --to 2040 --chart outlook.svg | tail -6

step "Files written in $OUT"
ls -1
