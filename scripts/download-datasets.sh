#!/usr/bin/env bash
# Downloads data sets for users without ../shared/datasets and checks their sha256:
#   - the paper's four LIBSVM sets (mushrooms, a9a, w8a, phishing), from the LIBSVM site;
#   - CIFAR-10 and CIFAR-100 (binary versions, 163 MiB and 161 MiB), from the authors' site,
#     unpacked to DEST/cifar-10-batches-bin/ and DEST/cifar-100-binary/.
#   scripts/download-datasets.sh [DEST] [NAME ...]   # default: the four LIBSVM sets
#   scripts/download-datasets.sh --verify DIR         # only check what is already in DIR
# NAMEs: mushrooms a9a w8a phishing cifar-10 cifar-100.
# DEST defaults to $MARINA_DATA_DIR, else the repository's data/ folder, which marina-sim
# searches with no configuration (sim/experiment/dataset_locator.cpp); any other DEST
# needs `export MARINA_DATA_DIR=DEST`. Fashion-MNIST comes from Debian
# (dataset-fashion-mnist, installed by scripts/install-deps.sh).
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
libsvm_url="https://www.csie.ntu.edu.tw/~cjlin/libsvmtools/datasets/binary"
cifar_url="https://www.cs.toronto.edu/~kriz"
declare -A sha256=(
  [mushrooms]=51919a59d92e6ec922259e77afd91d9a809299613ee0da052a19abe746aa2244
  [a9a]=f5d5ffd8d865ff41328e7ee043e4b020816914ff6843ff15b98905ddbedce906
  [w8a]=b464b4f6ce6a5d9e181ffc793e19a04751036273722312398ef7673705014902
  [phishing]=0b0ca40e17bc95e909bfa587c408bf69904571ace01dea26e34cafc464f2da93
  # The tarballs as served (170,052,171 and 168,513,733 bytes).
  [cifar-10]=c4a38c50a1bc5f3a1c5537f2155ab9d68f9f25eb1ed8d9ddda3db29a59bca1dd
  [cifar-100]=58a81ae192c23a4be8b1804d68e518ed807d710a4eb253b1f2a199162a40d8ec
)
declare -A tarball=([cifar-10]=cifar-10-binary.tar.gz [cifar-100]=cifar-100-binary.tar.gz)
declare -A folder=([cifar-10]=cifar-10-batches-bin [cifar-100]=cifar-100-binary)
# What each tarball unpacks to that marina-sim reads, with its size (records x record bytes).
declare -A cifar_files=(
  [cifar-10]="data_batch_1.bin:30730000 data_batch_2.bin:30730000 data_batch_3.bin:30730000
              data_batch_4.bin:30730000 data_batch_5.bin:30730000 test_batch.bin:30730000"
  [cifar-100]="train.bin:153700000 test.bin:30740000"
)
libsvm_sets=(mushrooms a9a w8a phishing)

verify() {  # verify FILE NAME
  local got
  got=$(sha256sum "$1" | cut -d' ' -f1)
  if [[ "$got" != "${sha256[$2]}" ]]; then
    echo "download-datasets: $1: sha256 $got, expected ${sha256[$2]}" >&2
    return 1
  fi
}

# The unpacked files are there with their sizes (the tarball's sha256 was checked when it came).
have_cifar() {  # have_cifar DIR NAME
  local entry file size
  for entry in ${cifar_files[$2]}; do
    file="$1/${folder[$2]}/${entry%%:*}"
    size=${entry##*:}
    [[ -f "$file" && $(stat -c %s "$file") == "$size" ]] || return 1
  done
}

if [[ "${1:-}" == "--verify" ]]; then
  dir=${2:?usage: download-datasets.sh --verify DIR}
  status=0
  for name in "${libsvm_sets[@]}"; do
    [[ -e "$dir/$name" ]] || continue
    verify "$dir/$name" "$name" && echo "ok $name" || status=1
  done
  for name in cifar-10 cifar-100; do
    [[ -e "$dir/${folder[$name]}" ]] || continue
    if have_cifar "$dir" "$name"; then echo "ok $name"; else echo "download-datasets: $dir/${folder[$name]}: files missing or of the wrong size" >&2; status=1; fi
  done
  exit $status
fi

dest=${1:-${MARINA_DATA_DIR:-$repo/data}}
shift || true
names=("$@")
((${#names[@]})) || names=("${libsvm_sets[@]}")
for name in "${names[@]}"; do
  [[ -n "${sha256[$name]:-}" ]] || { echo "download-datasets: unknown data set '$name' (known: ${libsvm_sets[*]} cifar-10 cifar-100)" >&2; exit 2; }
done
mkdir -p "$dest"

get_libsvm() {  # get_libsvm NAME
  local name=$1 tmp
  if [[ -f "$dest/$name" ]] && verify "$dest/$name" "$name" 2>/dev/null; then echo "have $name"; return; fi
  tmp="$dest/.$name.partial"
  # mushrooms, w8a and a9a are served as is; phishing too (no .bz2 on the LIBSVM page).
  curl -fsSL "$libsvm_url/$name" -o "$tmp"
  verify "$tmp" "$name" || { rm -f "$tmp"; exit 1; }
  mv "$tmp" "$dest/$name"
  echo "got $name"
}

get_cifar() {  # get_cifar NAME: download, check, unpack beside, move into place, drop the tarball
  local name=$1 tmp work
  if have_cifar "$dest" "$name"; then echo "have $name"; return; fi
  tmp="$dest/.${tarball[$name]}.partial"
  curl -fsSL "$cifar_url/${tarball[$name]}" -o "$tmp" || { rm -f "$tmp"; echo "download-datasets: cannot download $cifar_url/${tarball[$name]}" >&2; exit 1; }
  verify "$tmp" "$name" || { rm -f "$tmp"; exit 1; }
  # Unpacked in a scratch folder first, so an interrupted run leaves no half-filled folder
  # that looks complete.
  work=$(mktemp -d "$dest/.$name.partial-XXXXXX")
  tar -xzf "$tmp" -C "$work"
  rm -rf "${dest:?}/${folder[$name]}"
  mv "$work/${folder[$name]}" "$dest/${folder[$name]}"
  rm -rf "$work" "$tmp"
  have_cifar "$dest" "$name" || { echo "download-datasets: $dest/${folder[$name]}: unexpected contents" >&2; exit 1; }
  echo "got $name"
}

for name in "${names[@]}"; do
  if [[ -n "${folder[$name]:-}" ]]; then get_cifar "$name"; else get_libsvm "$name"; fi
done
dest_abs=$(cd "$dest" && pwd)
if [[ "$dest_abs" != "$repo/data" ]]; then echo "export MARINA_DATA_DIR=$dest_abs"; fi
