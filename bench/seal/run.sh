#!/usr/bin/env bash
# Veilgrid's BFV (JMH) and Microsoft SEAL (node-seal 6.0.3, WebAssembly) on the same machine in
# one run, same parameters (N = 4096 and 8192, the presets' prime sizes, t = 65537).
# Needs Node.js 20 and npm (node-seal 7 needs a newer Node). Writes $OUT (default
# bench/seal/results) with both raw outputs; prints one table.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
out="${OUT:-$root/bench/seal/results}"
mkdir -p "$out"
cd "$root"
[ -f bench/target/benchmarks.jar ] || mvn -B -q -pl bench -am package -DskipTests
(cd bench/seal && npm install --no-audit --no-fund --silent)
java -jar bench/target/benchmarks.jar BfvBenchmark -rf json -rff "$out/veilgrid.json" > "$out/veilgrid.txt"
node bench/seal/seal-bench.mjs 4096 8192 > "$out/seal.jsonl"
python3 - "$out" <<'PY'
import json, sys
out = sys.argv[1]
vg = {}
for r in json.load(open(f"{out}/veilgrid.json")):
    op = r["benchmark"].rsplit(".", 1)[1]
    n = int(r["params"]["preset"][1:])
    vg[(n, op)] = (r["primaryMetric"]["score"], r["primaryMetric"]["scoreError"])
print(f"{'N':>6} {'operation':<20} {'Veilgrid µs':>16} {'SEAL (wasm) µs':>15} {'ratio':>7}")
for line in open(f"{out}/seal.jsonl"):
    s = json.loads(line)
    v, err = vg.get((s["n"], s["op"]), (float("nan"), 0))
    print(f"{s['n']:>6} {s['op']:<20} {v:>9.1f} ± {err:<5.1f} {s['micros']:>15.1f} {v / s['micros']:>6.2f}x")
PY
