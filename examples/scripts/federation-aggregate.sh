#!/usr/bin/env bash
# A one-shot aggregation round between participants who share nothing but a roster, on one
# machine: the server, 5 committee members and 20 clients are separate processes, each with the
# identity it made itself; the server listens under its own .test host name on its own loopback
# address (127.0.0.2), which its card carries, so no DNS entry or /etc/hosts edit is needed. The
# committee of 5 is the roster's committee members, with the sealing keys on their cards. The
# server's last step (unmasking) runs on 3 stateless replicas of its unmasker (127.0.0.3-5, one
# card, a copy of one identity folder each), reached through grpc-java's round_robin.
#
#   examples/scripts/federation-aggregate.sh [WORK_DIR]
#
# Environment: VEIL (the command to run, default: the repository's ./veil), CLIENTS (20),
# MEMBERS (5; 0 draws the committee among the clients), UNMASKERS (3 replicas, at most 3; 0
# unmasks in the server), DIM (10000 values per client), PORT (7400; the unmasker listens on
# PORT+1).
#
# The last line gives two times: the round as the server measures it (first client message to the
# sum) and the wall clock from launching the client processes to the server's exit, which includes
# every JVM's start-up (docs/BENCHMARKS.md).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
veil="${VEIL:-$root/veil}"
work="${1:-$(mktemp -d)}"
clients="${CLIENTS:-20}"
members="${MEMBERS:-5}"
unmaskers="${UNMASKERS:-3}"
dim="${DIM:-10000}"
port="${PORT:-7400}"
if ((unmaskers < 0 || unmaskers > 3)); then
  printf 'UNMASKERS must lie in 0..3, got %s\n' "$unmaskers" >&2
  exit 2
fi
committee=$((members > 0 ? members : 5))
mkdir -p "$work"
cd "$work"
say() { printf '%s\n' "$*" >&2; }
background=()
trap 'for p in "${background[@]}"; do kill "$p" 2>/dev/null || true; done' EXIT

say "[1/4] each participant makes its own identity (keys stay in its folder)"
$veil identity init --name agg-server --role aggregation-server --host agg-server.test --address 127.0.0.2 \
  --port "$port" --out server >/dev/null
cards=(server/card.cose)
if ((unmaskers > 0)); then
  addresses=()
  for ((u = 0; u < unmaskers; u++)); do addresses+=(--address "127.0.0.$((3 + u))"); done
  $veil identity init --name unmask --role aggregation-unmasker --host unmask.agg-server.test "${addresses[@]}" \
    --port "$((port + 1))" --out unmask >/dev/null
  cards+=(unmask/card.cose)
fi
for ((m = 0; m < members; m++)); do
  $veil identity init --name "member-$m" --role committee-member --host "member-$m.test" --out "member-$m" >/dev/null
  cards+=("member-$m/card.cose")
done
for ((c = 0; c < clients; c++)); do
  $veil identity init --name "client-$c" --role aggregation-client --host "client-$c.test" --out "client-$c" >/dev/null
  cards+=("client-$c/card.cose")
done

say "[2/4] the roster is assembled from the public cards alone"
$veil roster add "${cards[@]}" --out roster.cbor >/dev/null
$veil roster show roster.cbor | head -1 >&2

say "[3/4] the server, $unmaskers unmasking replica(s), $members committee member(s) and $clients clients run as separate processes"
unmask_option=()
for ((u = 0; u < unmaskers; u++)); do
  # Each replica host holds its own copy of the unmasker's folder (owner-only files stay so).
  cp -rp unmask "unmask-$u"
  $veil aggregate unmasker --identity "unmask-$u" --roster roster.cbor --listen "127.0.0.$((3 + u)):$((port + 1))" \
    >"unmask-$u/out" 2>"unmask-$u/log" &
  background+=($!)
  unmask_option=(--unmasker unmask)
done
$veil aggregate server --identity server --roster roster.cbor --dim "$dim" --bound 1000000 --committee "$committee" \
  --threshold "$((committee / 2 + 1))" --min-counted 2 --client-seconds 120 --member-seconds 120 "${unmask_option[@]}" \
  --json >sum.json 2>server.log &
server=$!
member_pids=()
for ((m = 0; m < members; m++)); do
  $veil aggregate client --identity "member-$m" --roster roster.cbor --no-input 2>"member-$m/log" &
  member_pids+=($!)
done
# The clients start once the server, the replicas and the members are up and waiting, as they
# would be on their own machines: on one machine their JVMs' start-up would otherwise compete
# with the clients' and stretch the client phase.
ready() { grep -q "$2" "$1" 2>/dev/null; }
for ((w = 0; w < 1200; w++)); do
  up=1
  ready server.log "listening on" || up=0
  for ((u = 0; u < unmaskers; u++)); do ready "unmask-$u/log" "listening on" || up=0; done
  for ((m = 0; m < members; m++)); do ready "member-$m/log" "waiting for the server's task" || up=0; done
  ((up)) && break
  if ! kill -0 "$server" 2>/dev/null; then say "FAILED: the server exited: $(cat server.log)"; exit 1; fi
  sleep 0.1
done
expected=$(python3 - "$clients" "$dim" <<'PY'
import sys, random
clients, dim = int(sys.argv[1]), int(sys.argv[2])
random.seed(15)
total = [0] * dim
for c in range(clients):
    v = [random.randint(-1000000, 1000000) for _ in range(dim)]
    open(f"client-{c}/values.txt", "w").write(",".join(map(str, v)))
    total = [a + b for a, b in zip(total, v)]
print(sum(total))
PY
)
pids=()
started=$(date +%s%N)
for ((c = 0; c < clients; c++)); do
  $veil aggregate client --identity "client-$c" --roster roster.cbor --values-file "client-$c/values.txt" \
    2>"client-$c/log" &
  pids+=($!)
done
for p in "${pids[@]}"; do wait "$p"; done
wait "$server"
finished=$(date +%s%N)
for p in "${member_pids[@]}"; do wait "$p"; done

say "[4/4] check the sum against the cleartext"
got=$(python3 -c 'import json,sys; d=json.load(open("sum.json")); print(sum(d["sum"]), len(d["counted"]))')
read -r total counted <<<"$got"
if [ "$total" != "$expected" ] || [ "$counted" != "$clients" ]; then
  say "FAILED: sum of sums $total (expected $expected), $counted of $clients clients counted"
  exit 1
fi
where="in the server"
if ((unmaskers > 0)); then
  where="by $(grep -l 'unmasked round' unmask-*/log 2>/dev/null | tr '\n' ' ' | sed 's|/log||g; s| $||') of $unmaskers unmasking replicas"
fi
say "ok: only the sum of $counted clients' $dim values was unmasked ($where; checked against the cleartext); work in $work"
# The server's own measure (first client message to the sum) leaves out the clients' JVM start-up;
# the wall clock from starting the client processes to the server's exit includes it.
say "time: $(grep -o 'the round took [0-9]* ms[^;]*' server.log || echo 'the server reported no round time');" \
  "$(((finished - started) / 1000000)) ms from starting the $clients client processes to the server's exit"
