#!/usr/bin/env bash
# Writes what users see of a marina-sim binary into OUT, for a byte-for-byte comparison of two
# builds (a refactoring that must change nothing visible):
#   scripts/golden-outputs.sh OLD_BINARY /tmp/before && scripts/golden-outputs.sh build/marina-sim /tmp/after
#   diff -r /tmp/before /tmp/after
# keys and every help text, theory tables, 30-round runs of every method x compressor with the
# network on and off, some 250 error messages (contradictions, typos, ranges, the bad-input
# corpus), advise and a small sweep. Takes about a minute and a half on 2 cores.
set -u
[[ $# -eq 2 ]] || { echo "usage: scripts/golden-outputs.sh BINARY OUT" >&2; exit 2; }
BIN=$(realpath "$1"); OUT=$(realpath -m "$2")
rm -rf "$OUT"; mkdir -p "$OUT"
cd "$(dirname "$0")/.."
q=scenarios/quickstart.toml
"$BIN" keys > "$OUT/keys.txt" 2>&1
for c in run theory sweep advise plot platform keys; do "$BIN" $c --help > "$OUT/help-$c.txt" 2>&1; done
"$BIN" --help > "$OUT/help.txt" 2>&1
"$BIN" theory $q > "$OUT/theory-q.txt" 2>&1
"$BIN" theory $q --set compressor.name=top_k > "$OUT/theory-topk.txt" 2>&1
"$BIN" theory scenarios/paper/base.toml > "$OUT/theory-paper.txt" 2>&1
methods="gd dcgd diana vr_diana marina vr_marina vr_marina_online pp_marina ef21 dasha dasha_page"
comps="identity rand_k perm_k top_k qsgd natural natural_dithering"
for m in $methods; do
  for c in $comps; do
    for net in none simgrid; do
      d="$OUT/run-$m-$c-$net"
      "$BIN" run $q --set method.name=$m --set compressor.name=$c --set run.rounds=30 --set run.network=$net --set run.targets=[1e-2,1e-3] --out "$d" --quiet > "$d.log" 2>&1; echo "rc=$?" >> "$d.log"
    done
  done
done
# error messages: contradictions, typos, ranges
i=0
err() { i=$((i+1)); "$BIN" run $q "$@" --out "$OUT/err-run-$i" --quiet > "$OUT/err-$i.txt" 2>&1; echo "rc=$? args=$*" >> "$OUT/err-$i.txt"; }
for m in $methods marna vr_maria ppmarina dianna; do
  for k in method.clients=3 method.sampling=with_replacement method.large_batch=5 method.batch_size=3 method.batch_fraction=0.2 method.p=0.5 method.p=theory*2 method.alpha=0.5 method.mu=0.1 wire.downlink=delta compressor.k=3 compressor.levels=3; do
    err --set method.name=$m --set $k
  done
  for c in $comps topk rand_kk natual; do err --set method.name=$m --set compressor.name=$c; done
done
err --set method.clients=3 --set method.alpha=0.5
err --set method.alpha=0.5 --set method.clients=3
err --set compressor.name=qsgd --set compressor.k=7 --set method.alpha=0.5
err --set compressor.k=100000
err --set compressor.name=top_k --set compressor.k=100000 --set method.name=ef21
err --set problem.name=logistic
err --set method.nme=marina
err --set compresor.k=2
err --set method.name=pp_marina --set method.clients=100
err --set method.name=vr_marina --set method.batch_size=100000
err --set method.step_size=theory --set method.p=1.5
err --set compressor.name=perm_k --set split.workers=5
err --set compressor.name=top_k --set method.name=ef21 --set wire.indices=none
for f in tests/bad_inputs/*.toml; do b=$(basename $f .toml); "$BIN" run $f --out "$OUT/bad-run-$b" --quiet > "$OUT/bad-$b.txt" 2>&1; echo "rc=$?" >> "$OUT/bad-$b.txt"; done
# scenario written with method keys in file (line numbers)
cat > "$OUT/golden_lines.toml" <<'T'
[method]
name = "marina"
alpha = 0.5
clients = 3
[compressor]
name = "qsgd"
k = 4
T
"$BIN" run "$OUT/golden_lines.toml" --out "$OUT/lines-run" > "$OUT/lines.txt" 2>&1; echo "rc=$?" >> "$OUT/lines.txt"
"$BIN" run "$OUT/golden_lines.toml" --set method.name=diana --out "$OUT/lines-run2" > "$OUT/lines2.txt" 2>&1; echo "rc=$?" >> "$OUT/lines2.txt"
# advise small
"$BIN" advise $q --rounds 40 --k 1,4 --out "$OUT/advise" --no-plots > "$OUT/advise.txt" 2>&1; echo "rc=$?" >> "$OUT/advise.txt"
"$BIN" advise $q --rounds 20 --methods gd,ef21,vr_diana,pp_marina --k 2 --out "$OUT/advise2" --no-plots > "$OUT/advise2.txt" 2>&1; echo "rc=$?" >> "$OUT/advise2.txt"
"$BIN" advise $q --methods foo > "$OUT/advise3.txt" 2>&1; echo "rc=$?" >> "$OUT/advise3.txt"
# small sweep
cat > "$OUT/golden_sweep.toml" <<T
[sweep]
base = "$PWD/scenarios/quickstart.toml"
name = "golden"
[set]
run.rounds = 20
[axes]
method = [{name = "marina"}, {name = "ef21", "compressor.name" = "top_k"}, {name = "pp_marina", clients = 2}]
compressor.k = [1, 4]
T
"$BIN" sweep "$OUT/golden_sweep.toml" --out "$OUT/sweep" --no-plots > "$OUT/sweep.txt" 2>&1; echo "rc=$?" >> "$OUT/sweep.txt"
# strip wall-clock things
find "$OUT" -name '*.txt' -o -name '*.log' | xargs sed -i -E 's/[0-9]+(\.[0-9]+)? ?(s|ms) (elapsed|wall)//g' 2>/dev/null
grep -rlI "$OUT" "$OUT" | xargs -r sed -i "s#$OUT#OUT#g"
true
