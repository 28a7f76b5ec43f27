#!/usr/bin/env bash
# Installs what is missing, configures and builds into ./build: every target, or only the
# targets named (`scripts/build.sh marina-sim`: the tool and its torch module, without the
# test and benchmark binaries, about half the compile time).
# Warnings are errors when CI is set (CI=true), as DESIGN.md asks.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
werror=OFF
[[ "${CI:-}" == "true" ]] && werror=ON
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DMARINA_WERROR="$werror" >/dev/null
targets=()
for t in "$@"; do targets+=(--target "$t"); done
cmake --build build -j"$(nproc)" "${targets[@]}"
