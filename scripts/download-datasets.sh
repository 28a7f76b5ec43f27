#!/usr/bin/env bash
# Downloads the paper's four LIBSVM data sets (mushrooms, a9a, w8a, phishing) from the
# LIBSVM site and checks their sha256, for users without ../shared/datasets.
#   scripts/download-datasets.sh [DEST]          # default DEST: $MARINA_DATA_DIR or ./data
#   scripts/download-datasets.sh --verify DIR    # only check the files already in DIR
# Then point marina-sim at them: export MARINA_DATA_DIR=DEST
set -euo pipefail

base_url="https://www.csie.ntu.edu.tw/~cjlin/libsvmtools/datasets/binary"
declare -A sha256=(
  [mushrooms]=51919a59d92e6ec922259e77afd91d9a809299613ee0da052a19abe746aa2244
  [a9a]=f5d5ffd8d865ff41328e7ee043e4b020816914ff6843ff15b98905ddbedce906
  [w8a]=b464b4f6ce6a5d9e181ffc793e19a04751036273722312398ef7673705014902
  [phishing]=0b0ca40e17bc95e909bfa587c408bf69904571ace01dea26e34cafc464f2da93
)

verify() {  # verify FILE NAME
  local got
  got=$(sha256sum "$1" | cut -d' ' -f1)
  if [[ "$got" != "${sha256[$2]}" ]]; then
    echo "download-datasets: $1: sha256 $got, expected ${sha256[$2]}" >&2
    return 1
  fi
}

if [[ "${1:-}" == "--verify" ]]; then
  dir=${2:?usage: download-datasets.sh --verify DIR}
  status=0
  for name in "${!sha256[@]}"; do verify "$dir/$name" "$name" && echo "ok $name" || status=1; done
  exit $status
fi

dest=${1:-${MARINA_DATA_DIR:-data}}
mkdir -p "$dest"
for name in mushrooms a9a w8a phishing; do
  if [[ -f "$dest/$name" ]] && verify "$dest/$name" "$name" 2>/dev/null; then
    echo "have $name"
    continue
  fi
  tmp="$dest/.$name.partial"
  # mushrooms, w8a and a9a are served as is; phishing too (no .bz2 on the LIBSVM page).
  curl -fsSL "$base_url/$name" -o "$tmp"
  verify "$tmp" "$name" || { rm -f "$tmp"; exit 1; }
  mv "$tmp" "$dest/$name"
  echo "got $name"
done
echo "export MARINA_DATA_DIR=$(cd "$dest" && pwd)"
