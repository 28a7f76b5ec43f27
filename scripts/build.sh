#!/usr/bin/env bash
# Installs what is missing, configures and builds marina-sim into ./build.
# Warnings are errors when CI is set (CI=true), as DESIGN.md asks.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
werror=OFF
[[ "${CI:-}" == "true" ]] && werror=ON
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DMARINA_WERROR="$werror" >/dev/null
cmake --build build -j"$(nproc)"
