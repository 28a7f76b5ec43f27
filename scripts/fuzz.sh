#!/usr/bin/env bash
# Fuzzes the readers of user files with libFuzzer under ASan and UBSan: the LIBSVM reader
# (tests/fuzz/fuzz_libsvm.cpp), the scenario loader (tests/fuzz/fuzz_scenario.cpp) and the
# image readers, IDX plain or gzip (fuzz_idx.cpp) and CIFAR (fuzz_cifar.cpp).
#   scripts/fuzz.sh [SECONDS]     # per fuzzer, default 60
# Builds into build-fuzz/ straight from the sources the targets need (no CMake: the sanitizer
# flags must reach every translation unit). toml++ is linked as Debian ships it, the library
# marina-sim itself uses, not recompiled header-only under the sanitizers: toml++ 3.3.0 has
# known undefined behaviour on malformed UTF-8 and assertions that fire on malformed headers
# (marzer/tomlplusplus #190, #294, #295, PR #301); the fuzzer would stop on those instead of
# looking for bugs in our code. tests/bad_inputs/ keeps the inputs that reach them. New inputs go to build-fuzz/corpus/, crash reproducers to
# build-fuzz/artifacts/; the seed corpora in tests/fuzz/corpus/ are never written.
# Exits non-zero if a fuzzer found a crash, a sanitizer report, a leak or a timeout.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds="${1:-60}"
[[ "$seconds" =~ ^[1-9][0-9]*$ ]] || { echo "usage: scripts/fuzz.sh [SECONDS]" >&2; exit 2; }

# Debian 12: clang 14; libFuzzer (libclang_rt.fuzzer-x86_64.a) is in libclang-rt-14-dev, which
# the clang package does not pull in. The headers come from the project's own dependencies.
bash scripts/install-deps.sh clang-14 libclang-rt-14-dev

cxx=clang++-14
flags=(-std=c++20 -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined
       -Wall -Wextra -Wpedantic -Wno-psabi -I. -isystem /usr/include/eigen3 -DEIGEN_DONT_PARALLELIZE)
out=build-fuzz
mkdir -p "$out/artifacts"

# build NAME SOURCE... [-- LINK FLAGS...]: rebuilds a fuzzer when a source, a header it may
# include or this script changed.
build() {
  local name=$1 binary="$out/$1"
  shift
  local sources=() extra=()
  while (($#)) && [[ "$1" != "--" ]]; do sources+=("$1"); shift; done
  (($#)) && shift && extra=("$@")
  if [[ -x "$binary" && ! scripts/fuzz.sh -nt "$binary" ]] &&
     [[ -z "$(find "${sources[@]}" methods sim tests/fuzz -name '*.[ch]pp' -newer "$binary" -print -quit)" ]]; then
    return
  fi
  echo "fuzz: building $binary" >&2
  "$cxx" "${flags[@]}" "${sources[@]}" "${extra[@]}" -o "$binary"
}

build fuzz_libsvm tests/fuzz/fuzz_libsvm.cpp methods/data/libsvm.cpp
build fuzz_idx tests/fuzz/fuzz_idx.cpp methods/data/idx.cpp methods/data/byte_file.cpp -- -lz
build fuzz_cifar tests/fuzz/fuzz_cifar.cpp methods/data/cifar.cpp methods/data/byte_file.cpp -- -lz
# The scenario loader (sim/scenario/) needs no SimGrid; its schema comes from the registries of
# methods/, compressors and problems (docs/extending.md), so the numerics are linked too (all
# but the torch module, which methods/ loads at run time: methods/problems/neural_backend.hpp).
read -r -a toml_flags <<<"$(pkg-config --cflags --libs tomlplusplus)"
mapfile -t methods_sources < <(find methods -name '*.cpp' ! -name torch_models.cpp | sort)
# The loader never builds a model, so the module's path (CMake sets it to the built library) is
# one that cannot exist: a fuzz input that did reach a model would fail loudly, not load torch.
build fuzz_scenario tests/fuzz/fuzz_scenario.cpp sim/scenario/*.cpp "${methods_sources[@]}" -- "${toml_flags[@]}" \
  '-DMARINA_TORCH_MODULE_PATH="/nonexistent/libmarina_torch.so"' -lpthread -lz -ldl

status=0
for name in fuzz_libsvm fuzz_scenario fuzz_idx fuzz_cifar; do
  seeds="tests/fuzz/corpus/${name#fuzz_}"
  work="$out/corpus/${name#fuzz_}"
  mkdir -p "$work"
  echo "fuzz: running $name for ${seconds}s" >&2
  # -timeout: an input that takes seconds is a bug too (quadratic parsing, endless loops).
  if ! ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
       "$out/$name" -max_total_time="$seconds" -timeout=10 -print_final_stats=1 \
       -artifact_prefix="$out/artifacts/$name-" "$work" "$seeds" 2>"$out/$name.log"; then
    echo "fuzz: $name FAILED; log in $out/$name.log, reproducer in $out/artifacts/:" >&2
    grep -E "ERROR|SUMMARY|Test unit written|broke|does not load|different values" "$out/$name.log" | head -20 >&2 || true
    status=1
  else
    grep -E "^stat::number_of_executed_units|^Done" "$out/$name.log" | sed "s/^/fuzz: $name: /" >&2 || true
  fi
done
exit "$status"
