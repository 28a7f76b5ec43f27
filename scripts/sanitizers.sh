#!/usr/bin/env bash
# Builds the unit tests with AddressSanitizer (leaks included) and UndefinedBehaviorSanitizer in
# their own tree, build-asan/, and runs them. Any report fails the run: UBSan stops at the first
# finding (-fno-sanitize-recover), ASan and LeakSanitizer exit non-zero by themselves.
#   scripts/sanitizers.sh [GTEST_FILTER]
# The end-to-end tests are left out: they run the Release executable of build/.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh

sanitize="-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined"
cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_CXX_FLAGS="$sanitize" \
  -DCMAKE_EXE_LINKER_FLAGS="-fsanitize=address,undefined" \
  -DCMAKE_SHARED_LINKER_FLAGS="-fsanitize=address,undefined" >/dev/null
cmake --build build-asan --target marina_unit_tests -j"$(nproc)"

export ASAN_OPTIONS="detect_leaks=1:strict_string_checks=1:detect_stack_use_after_return=1"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
build-asan/marina_unit_tests --gtest_brief=1 ${1:+--gtest_filter="$1"}
