#!/usr/bin/env bash
# Issue 12's table: for every run of a downlink sweep (scenarios/paper/downlink*.toml), the
# first evaluated round where |grad f|^2 <= REL * |grad f(x^0)|^2, and there the uplink,
# downlink and total bits (all workers) and the simulated seconds. Runs that never got there
# report their last row, marked "not reached".
#   scripts/downlink-table.sh SWEEP_FOLDER [REL=1e-2]
set -euo pipefail
if [[ $# -lt 1 || ! -d "$1/runs" ]]; then
  echo "usage: $0 SWEEP_FOLDER [relative target, default 1e-2]" >&2
  exit 2
fi
sweep=$1
rel=${2:-1e-2}
echo "| data set | K | downlink | rounds | uplink bits | downlink bits | total bits | simulated s |"
echo "|---|---|---|---|---|---|---|---|"
for run in "$sweep"/runs/*/; do
  [[ -f "$run/trace.csv" && -f "$run/scenario.toml" ]] || continue
  # data.path, compressor.k and wire.downlink from the resolved scenario.
  key=$(awk -F' *= *' '
    function value(v) { sub(/ *#.*/, "", v); gsub(/"/, "", v); return v }
    /^\[/ { section = $0; next }
    section == "[data]" && $1 == "path" { data = value($2); sub(/.*\//, "", data) }
    section == "[compressor]" && $1 == "k" { k = value($2) }
    section == "[wire]" && $1 == "downlink" { down = value($2) }
    END { print data "|" k "|" down }' "$run/scenario.toml")
  row=$(awk -F, -v rel="$rel" '
    NR == 1 { next }
    NR == 2 { threshold = rel * $10 }
    { last = $0 }
    $10 <= threshold && !done { done = 1; hit = $0 }
    END {
      line = done ? hit : last
      split(line, f, ",")
      printf "%s|%.4g|%.4g|%.4g|%.4g\n", (done ? f[1] : f[1] " (not reached)"), f[4], f[5], f[4] + f[5], f[2]
    }' "$run/trace.csv")
  echo "| ${key//|/ | } | ${row//|/ | } |"
done | sort -t'|' -k2,2 -k3,3n -k4,4r
