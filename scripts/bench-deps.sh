#!/usr/bin/env bash
# Installs what the PyTorch side of the neural benchmark needs (tests/bench/pytorch_gradient.py):
# Debian's python3-torch (the same libtorch 1.13.1 marina-sim links) and python3-torchvision
# (torchvision's resnet18). Not part of the build or the tests.
#   scripts/bench-deps.sh
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh python3-torch python3-torchvision
