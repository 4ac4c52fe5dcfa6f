# Sourced by the sync profiling scripts (profile-sync.sh, pg-sync-cpu.sh): the provider simulator in its own process
# and one integration on it, set up through the CLI as `coursebridge bench sync` sets it up.

# Starts `BIN simulate` (100,000 items, seed 7) with its output in OUT/sim.out; sets SIM to its pid. The caller
# stops it (trap).
start_simulator() {
  local bin=$1 out=$2
  "$bin" simulate --port 0 --items 100000 --seed 7 </dev/null >"$out/sim.out" 2>"$out/sim.err" &
  SIM=$!
  for _ in $(seq 600); do grep -q 'Ctrl-C stops' "$out/sim.out" 2>/dev/null && break; sleep 0.1; done
}

# A group, its platform admin and integration 1 of PROVIDER on the simulator whose banner block is titled BLOCK,
# through the caller's `cb` (the CLI on its database); credentials on standard input, never on a command line.
add_bench_integration() {
  local provider=$1 block=$2 out=$3
  local lines
  lines=$(awk -v p="$block" '$0 == p {f = 1; next} f && NF == 0 {exit} f {print}' "$out/sim.out" | sed 's/^ *//')
  cb group add Bench >/dev/null
  cb user add --email admin@bench.example >/dev/null
  cb group member add 1 admin@bench.example --role platform-admin >/dev/null
  # shellcheck disable=SC2046  # the simulator's --api-base/--token-url words
  cb integration add "$provider" --group 1 --author admin@bench.example $(grep -- --api-base <<<"$lines") >/dev/null
  grep = <<<"$lines" | cb integration credentials 1 >/dev/null
}
