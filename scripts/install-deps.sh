#!/usr/bin/env bash
# Installs the Debian 12 packages marina-sim needs to build and test, and nothing else, plus
# any packages given as arguments (scripts/fuzz.sh passes clang's).
#   scripts/install-deps.sh [EXTRA_PACKAGE ...]
# Safe to rerun: it only calls apt-get when something is missing. Needs root (or sudo).
set -euo pipefail

packages=(
  g++ cmake make pkg-config
  libsimgrid-dev        # SimGrid 3.32 (pkg-config only; Debian ships no CMake package for it)
  libeigen3-dev         # Eigen 3.4
  libboost-dev          # Boost.Random
  libgtest-dev          # GoogleTest
  libcli11-dev          # command line
  libtomlplusplus-dev   # scenario files
  nlohmann-json3-dev    # summary.json
  gnuplot-nox           # marina-sim plot (PNG and SVG)
  parallel              # tests run sweeps through GNU parallel (marina-sim sweep --list)
  libtorch-dev          # libtorch 1.13.1: gradients of the neural models (issue 18)
  # torch calls sgemm_ through libblas.so.3; without this it gets the reference BLAS, many
  # times slower. The serial build: torch runs one intra-op thread per model and the
  # workers run in parallel on our pool, so BLAS threads would only compete for the cores.
  libopenblas0-serial
  zlib1g-dev            # gzip-compressed IDX files
  dataset-fashion-mnist # Fashion-MNIST in /usr/share/datasets/fashion-mnist, found with no configuration
  "$@"
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if ((${#missing[@]})); then
  echo "install-deps: installing ${missing[*]}" >&2
  sudo_cmd=()
  [[ $(id -u) -eq 0 ]] || sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
