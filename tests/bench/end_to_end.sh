#!/usr/bin/env bash
# End-to-end benchmark: the same scenario simulated (SimGrid) and with the network off,
# reporting wall time, CPU time, peak memory, rounds per second and the simulated/plain
# ratio. Timings are measured here, never asserted by tests.
#   tests/bench/end_to_end.sh [SCENARIO] [--set key=value ...]
# Default scenario: the paper's mushrooms MARINA setup (n = 5, RandK K = 1, 40,000 rounds).
set -euo pipefail
cd "$(dirname "$0")/../.."
exe=build/marina-sim
[[ -x $exe ]] || { echo "end_to_end.sh: build first (scripts/build.sh)" >&2; exit 2; }
[[ -x /usr/bin/time ]] || { echo "end_to_end.sh: needs GNU time (apt-get install time)" >&2; exit 2; }
scenario=${1:-scenarios/paper/base.toml}
shift || true
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

measure() {  # measure LABEL NETWORK
  /usr/bin/time -f "%e %U %S %M" -o "$out/$1.time" "$exe" run "$scenario" --set "run.network=$2" \
    --out "$out/$1" --quiet "${extra[@]}" || return 1
  read -r wall user sys rss < "$out/$1.time"
  rounds=$(python3 -c "import json;print(json.load(open('$out/$1/summary.json'))['rounds'])")
  printf "%-10s wall %8.2f s  cpu %8.2f s  peak %7.1f MB  %9.0f rounds/s (wall)\n" "$1" "$wall" \
    "$(echo "$user + $sys" | bc)" "$(echo "$rss / 1024" | bc -l)" "$(echo "$rounds / $wall" | bc -l)"
  echo "$wall $(echo "$user + $sys" | bc)" > "$out/$1.sum"
}
extra=("$@")
set --
echo "scenario: $scenario ${extra[*]:-}"
measure simulated simgrid
measure plain none
read -r sw sc < "$out/simulated.sum"
read -r pw pc < "$out/plain.sum"
printf "ratio simulated/plain: wall %.3f, cpu %.3f\n" "$(echo "$sw / $pw" | bc -l)" "$(echo "$sc / $pc" | bc -l)"
