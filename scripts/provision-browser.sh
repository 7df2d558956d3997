#!/usr/bin/env bash
# Makes a Chromium available to the demo's browser test (examples/demo, playwright-core), which
# drives the machine's own browser: Playwright never downloads one here.
#
#  - SESSIONKIT_CHROMIUM set: that executable is used as it is; nothing is installed.
#  - /usr/bin/chromium present: nothing to do.
#  - Otherwise, as root with apt-get (Debian CI machines): apt-get install chromium (and
#    fonts-liberation, so screenshots show real text), from the package sources this machine's
#    apt is already set up with. No other host is contacted.
#  - Otherwise: an error saying how to get one. The browser test fails loudly without it.
set -euo pipefail

log() { printf '[provision-browser] %s\n' "$*" >&2; }
die() {
  printf '[provision-browser] ERROR: %s\n' "$*" >&2
  exit 1
}

if [[ -n "${SESSIONKIT_CHROMIUM:-}" ]]; then
  [[ -x "$SESSIONKIT_CHROMIUM" ]] || die "SESSIONKIT_CHROMIUM=$SESSIONKIT_CHROMIUM is not an executable"
  log "using SESSIONKIT_CHROMIUM=$SESSIONKIT_CHROMIUM"
  exit 0
fi
if [[ -x /usr/bin/chromium ]]; then
  log "chromium present: $(/usr/bin/chromium --version 2>/dev/null || echo /usr/bin/chromium)"
  exit 0
fi

HOW_TO_FIX="Install Chromium (Debian/Ubuntu: apt-get install chromium) or point
SESSIONKIT_CHROMIUM at a Chromium or Chrome executable."
[[ $(id -u) == 0 ]] || die "/usr/bin/chromium is missing, and installing it needs root.
$HOW_TO_FIX"
command -v apt-get >/dev/null 2>&1 || die "/usr/bin/chromium is missing and there is no apt-get.
$HOW_TO_FIX"

started=$(date +%s.%N)
log 'installing chromium from the Debian archive (once per machine)'
# Recommends left out: a print dialog, upower and a notification daemon serve no headless test.
DEBIAN_FRONTEND=noninteractive apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
  chromium fonts-liberation >/dev/null
[[ -x /usr/bin/chromium ]] || die "apt-get install chromium left no /usr/bin/chromium"
log "$(awk -v a="$started" -v b="$(date +%s.%N)" 'BEGIN { printf "installed in %.1fs", b - a }'): $(/usr/bin/chromium --version)"
