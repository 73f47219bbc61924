#!/usr/bin/env bash
# Idempotent set-up for LLMCache: installs the Debian packages the build needs and,
# when asked, fetches the embedding model. Safe to run again: it only does what is missing.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

log() { printf '[setup] %s\n' "$*" >&2; }

# Debian packages the build links against (pkg-config finds them), and the PostgreSQL server that the
# shared-store tests start a throw-away cluster of (scripts/pg-cluster.sh).
packages=(pkg-config libsqlite3-dev libopenblas-dev postgresql)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done

if ((${#missing[@]})); then
  if [ "$(id -u)" -eq 0 ]; then
    sudo=()
  elif command -v sudo >/dev/null 2>&1; then
    sudo=(sudo)
  else
    log "missing Debian packages: ${missing[*]}; run as root or install sudo, then run again"
    exit 1
  fi
  log "installing Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  "${sudo[@]}" apt-get update -qq
  "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  log "Debian packages present: ${packages[*]}"
fi

if [ -x "$here/fetch-model.sh" ]; then
  "$here/fetch-model.sh"
fi
