#!/usr/bin/env bash
# CKKS beside Microsoft SEAL (with and without Intel HEXL) and OpenFHE, in one run (issue #18's
# anchors). Needs the peers built by the workspace's native peer harness
# (../shared/peers/native/run.sh build: PEER_DIR/install/{seal,seal-hexl,hexl,openfhe}); this
# script only compiles the three small CKKS programs here against them, then runs ROUNDS
# interleaved rounds at N = 8192 and 16384 and prints the medians.
#
# Usage: BENCH_JAR=bench/target/benchmarks.jar [PEER_DIR=~/.cache/veil-peers] [ROUNDS=3] [SECS=1.0]
#        [WARMUPS=4] [ITERATIONS=5] bash bench/peers/ckks/run.sh
# WARMUPS x 1 s of JMH warm-up per fork: a fork needs 3-4 s at N = 16384 before its JIT-compiled
# call path reaches the speed it keeps (1 s, the first runs' setting, measured part of that
# transient); the native peers have no such transient and time SECS after their own warm-up calls.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
PEER_DIR="${PEER_DIR:-$HOME/.cache/veil-peers}"
ROUNDS="${ROUNDS:-3}"
SECS="${SECS:-1.0}"
WARMUPS="${WARMUPS:-4}"
ITERATIONS="${ITERATIONS:-5}"
: "${BENCH_JAR:?set BENCH_JAR to the Veilgrid benchmark jar, bench/target/benchmarks.jar}"
INS="$PEER_DIR/install" BIN="$PEER_DIR/bin-ckks"
mkdir -p "$BIN"
F="-O3 -march=native -std=c++17"
g++ $F -I"$INS/seal/include/SEAL-4.4" "$HERE/seal_ckks_bench.cpp" -o "$BIN/seal_ckks_bench" -L"$INS/seal/lib" -lseal-4.4 -lpthread
if [ -f "$INS/seal-hexl/lib/libseal-4.4.a" ]; then
    cpuf=$(ls "$INS"/hexl/lib/libcpu_features.a 2>/dev/null || echo -lcpu_features)
    g++ $F -I"$INS/seal-hexl/include/SEAL-4.4" -I"$INS/hexl/include" "$HERE/seal_ckks_bench.cpp" -o "$BIN/seal_hexl_ckks_bench" \
        -L"$INS/seal-hexl/lib" -L"$INS/hexl/lib" -lseal-4.4 -lhexl $cpuf -lpthread
fi
of="$INS/openfhe/include/openfhe"
ofdefs=$(grep -o -- '-D[A-Z_]*=[^ "]*' "$INS/openfhe/lib/OpenFHE/OpenFHEConfig.cmake" | sort -u | tr '\n' ' ')
g++ $F $ofdefs -I"$of" -I"$of/core" -I"$of/pke" -I"$of/binfhe" "$HERE/openfhe_ckks_bench.cpp" -o "$BIN/openfhe_ckks_bench" \
    -L"$INS/openfhe/lib" -lOPENFHEpke_static -lOPENFHEbinfhe_static -lOPENFHEcore_static -lpthread
res="$PEER_DIR/results-ckks/$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$res"
echo "[ckks-peers] results in $res" >&2
for r in $(seq 1 "$ROUNDS"); do
    for preset in N8192 N16384; do
        mapfile -t info < <(java -cp "$BENCH_JAR" org.veilgrid.bench.CkksPresetPrimes "$preset")
        read -r n depth first <<<"${info[1]}"
        echo "[ckks-peers] round $r: $preset Veilgrid" >&2
        java -jar "$BENCH_JAR" CkksBenchmark -p preset="$preset" -f 1 -wi "$WARMUPS" -w 1 -i "$ITERATIONS" -r 1 -rf json -rff "$res/r$r-veil-$n.json" >"$res/r$r-veil-$n.out" 2>&1 || true
        echo "[ckks-peers] round $r: $preset SEAL" >&2
        "$BIN/seal_ckks_bench" "$SECS" ${info[0]} >"$res/r$r-seal-$n.json" 2>"$res/r$r-seal-$n.err" || true
        if [ -x "$BIN/seal_hexl_ckks_bench" ]; then
            echo "[ckks-peers] round $r: $preset SEAL+HEXL" >&2
            "$BIN/seal_hexl_ckks_bench" "$SECS" ${info[0]} >"$res/r$r-sealhexl-$n.json" 2>"$res/r$r-sealhexl-$n.err" || true
        fi
        echo "[ckks-peers] round $r: $preset OpenFHE" >&2
        "$BIN/openfhe_ckks_bench" "$SECS" "$n" "$depth" "$first" >"$res/r$r-openfhe-$n.json" 2>"$res/r$r-openfhe-$n.err" || true
    done
done
python3 "$HERE/summary.py" "$res" | tee "$res/summary.md"
