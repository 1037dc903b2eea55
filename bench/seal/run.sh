#!/usr/bin/env bash
# Veilgrid's BFV (JMH) and Microsoft SEAL (node-seal 6.0.3, WebAssembly) on the same machine in
# one run, same parameters (N = 8192 and 16384, SEAL's default 128-bit moduli, t = the 20-bit
# batching prime).
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
node bench/seal/seal-bench.mjs 8192 16384 > "$out/seal.jsonl"
python3 - "$out" <<'PY'
import json, sys
out = sys.argv[1]
vg = {}
for r in json.load(open(f"{out}/veilgrid.json")):
    op = r["benchmark"].rsplit(".", 1)[1]
    n = int(r["params"]["preset"][1:])
    vg[(n, op)] = (r["primaryMetric"]["score"], r["primaryMetric"]["scoreError"])
# SEAL's add writes into an existing ciphertext: Veilgrid's counterpart is addInPlace; the
# allocating add is shown against the same SEAL figure.
pairs = {"add": ["addInPlace", "add"]}
print(f"{'N':>6} {'operation':<20} {'Veilgrid µs':>16} {'SEAL (wasm) µs':>15} {'SEAL/Veilgrid':>14}")
for line in open(f"{out}/seal.jsonl"):
    s = json.loads(line)
    ours = int(__import__("subprocess").check_output(["java", "-cp", "bench/target/benchmarks.jar",
        "org.veilgrid.bench.PlainModulusProbe", str(s["n"])]).decode().strip())
    if ours != int(s["t"]):
        sys.exit(f"plaintext moduli differ at N={s['n']}: SEAL {s['t']}, Veilgrid {ours}")
    for op in pairs.get(s["op"], [s["op"]]):
        v, err = vg.get((s["n"], op), (float("nan"), 0))
        print(f"{s['n']:>6} {op:<20} {v:>9.1f} ± {err:<5.1f} {s['micros']:>15.1f} {s['micros'] / v:>13.1f}x")
PY
