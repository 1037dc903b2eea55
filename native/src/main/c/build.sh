#!/usr/bin/env bash
# Builds libveilkernels.so from the C sources in this folder. Called by the Maven build
# (native/pom.xml, process-classes phase) with: build.sh HEADER_DIR JAVA_HOME OUT_FILE
# Each ISA file is compiled with its own -m flags; cpu.c decides at run time which is used,
# so the library runs on any x86-64 CPU (never -march=native here).
set -euo pipefail
src="$(cd "$(dirname "$0")" && pwd)"
hdr="$1"; jhome="$2"; out="$3"
obj="$(dirname "$hdr")/native-obj"
mkdir -p "$obj" "$(dirname "$out")"
CC="${CC:-gcc}"
CFLAGS=(-O3 -fPIC -std=gnu11 -Wall -Wextra -Werror -fno-strict-aliasing -fvisibility=hidden
        -I"$src" -I"$hdr" -I"$jhome/include" -I"$jhome/include/linux")
compile() { "$CC" "${CFLAGS[@]}" "${@:2}" -c "$src/$1" -o "$obj/${1%.c}.o"; }
compile cpu.c
compile portable.c
compile prg.c
compile rns.c
compile jni_bridge.c -fvisibility=default
AVX512=(-mavx2 -mbmi2 -mavx512f -mavx512dq -mavx512vl -mavx512bw)
compile avx2.c -mavx2 -mbmi2
compile prg_avx2.c -mavx2 -mbmi2
compile avx512.c "${AVX512[@]}"
compile prg_avx512.c "${AVX512[@]}"
compile avx512ifma.c "${AVX512[@]}" -mavx512ifma
compile curve25519.c
compile msm.c
compile msm_table.c
compile ristretto.c
compile curve_ifma.c "${AVX512[@]}" -mavx512ifma
# Pre-allocation scheduling with register pressure: the 10-limb fe4 code otherwise spills heavily
# with AVX2's 16 registers (about 10% slower scalar multiplication).
compile curve_avx2.c -mavx2 -mbmi2 -fschedule-insns -fsched-pressure
compile jni_curve.c -fvisibility=default
"$CC" -shared -o "$out" "$obj"/*.o -Wl,-z,noexecstack
