#!/usr/bin/env bash
# A sealed-bid double auction between participants who share nothing but a roster and the
# auction's terms, on one machine: 3 compute parties and 6 institutions, each a separate process
# with the identity it made itself. Each party listens under its own .test host name on its own
# loopback address (127.0.0.2, .3, .4), which its card carries, so no DNS entry or /etc/hosts
# edit is needed. Orders, shares, results and rejection reasons travel only over mutual-TLS gRPC;
# the outcome every institution checked is compared with the cleartext reference ('veil auction
# clear' on the whole book, which no participant of a real auction could run).
#
#   examples/scripts/federation-auction.sh [WORK_DIR]
#
# Environment: VEIL (the command to run, default: the repository's ./veil), INSTITUTIONS (6),
# PRICES (64 price points), PORT (7500), VEIL_JAVA_OPTS (JVM options for ./veil; default: the C1
# compiler only and the serial collector, which suit nine short-lived JVMs sharing one machine —
# see docs/BENCHMARKS.md, "Federated auction").
set -euo pipefail
export VEIL_JAVA_OPTS="${VEIL_JAVA_OPTS--XX:TieredStopAtLevel=1 -XX:+UseSerialGC}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
veil="${VEIL:-$root/veil}"
work="${1:-$(mktemp -d)}"
institutions="${INSTITUTIONS:-6}"
prices="${PRICES:-64}"
port="${PORT:-7500}"
mkdir -p "$work"
cd "$work"
say() { printf '%s\n' "$*" >&2; }
now_ms() { date +%s%3N; }

say "[1/5] each participant makes its own identity (keys stay in its folder)"
cards=()
for p in 0 1 2; do
  $veil identity init --name "party-$p" --role compute-party --host "party-$p.test" --address "127.0.0.$((p + 2))" \
    --port "$port" --out "party-$p" >/dev/null
  cards+=("party-$p/card.cose")
done
for ((i = 0; i < institutions; i++)); do
  $veil identity init --name "bank-$i" --role institution --host "bank-$i.test" --out "bank-$i" >/dev/null
  cards+=("bank-$i/card.cose")
done

say "[2/5] the roster is assembled from the public cards alone; the auction's terms are called on it"
$veil roster add "${cards[@]}" --out roster.cbor >/dev/null
$veil auction new --roster roster.cbor --auction-id fed-auction --price-grid "100:$((100 + prices - 1)):1" \
  --out terms.cbor >&2

python3 - "$institutions" "$prices" <<'PY'
import random, sys
institutions, prices = int(sys.argv[1]), int(sys.argv[2])
random.seed(15)
lines = ["institution,side,price,quantity"]
for i in range(institutions):
    side = "buy" if i % 2 == 0 else "sell"
    for _ in range(3):
        lines.append(f"bank-{i},{side},{random.randint(100, 100 + prices - 1)},{random.randint(1, 500)}")
open("book.csv", "w").write("\n".join(lines) + "\n")
PY

say "[3/5] 3 compute parties and $institutions institutions run as separate processes"
start=$(now_ms)
parties=()
for p in 0 1 2; do
  $veil auction party --identity "party-$p" --roster roster.cbor --terms terms.cbor --json \
    >"party-$p/result.json" 2>"party-$p/log" &
  parties+=($!)
done
subs=()
for ((i = 0; i < institutions; i++)); do
  $veil auction submit --identity "bank-$i" --roster roster.cbor --terms terms.cbor --orders book.csv \
    --evidence "bank-$i/evidence" --json >"bank-$i/outcome.json" 2>"bank-$i/log" &
  subs+=($!)
done
status=0
for s in "${subs[@]}"; do wait "$s" || status=1; done
for s in "${parties[@]}"; do wait "$s" || status=1; done
elapsed=$(($(now_ms) - start))
if [ "$status" != 0 ]; then
  say "FAILED: a participant exited with an error; logs in $work/*/log"
  exit 1
fi

say "[4/5] every institution's checked outcome equals the cleartext reference"
$veil auction clear --orders book.csv --price-grid "100:$((100 + prices - 1)):1" --auction-id fed-auction --json \
  >reference.json
python3 - "$institutions" <<'PY'
import json, sys
institutions = int(sys.argv[1])
ref = json.load(open("reference.json"))
views = {v["institution"]: v for v in ref["privateViews"]}
for i in range(institutions):
    name = f"bank-{i}"
    got = json.load(open(f"{name}/outcome.json"))
    want = views.get(name, {"bought": 0, "sold": 0})
    assert got["accepted"] and got["resultVerified"], (name, got)
    assert (got["price"], got["volume"]) == (ref["price"], ref["volume"]), (name, got, ref)
    assert (got["bought"], got["sold"]) == (want["bought"], want["sold"]), (name, got, want)
for p in range(3):
    got = json.load(open(f"party-{p}/result.json"))
    assert (got["price"], got["volume"]) == (ref["price"], ref["volume"]), (p, got, ref)
    assert got["uncollected"] == [], (p, got)
party_ms = max(json.load(open(f"party-{p}/result.json"))["millis"] for p in range(3))
inst_ms = max(json.load(open(f"bank-{i}/outcome.json"))["millis"] for i in range(institutions))
print(f"cleared at {ref['price']}, volume {ref['volume']}; in the processes: parties {party_ms} ms from listening"
      f" to the signed result, institutions {inst_ms} ms from sending to the checked outcome and fill proof",
      file=sys.stderr)
PY

say "[5/5] a third party checks bank-0's fill from its public evidence and the roster"
$veil auction check-fill --roster roster.cbor --terms terms.cbor --institution bank-0 --evidence bank-0/evidence >&2

say "ok: 3 parties and $institutions institutions, $prices price points, proofs on, in ${elapsed} ms (processes started to last exit); work in $work"
