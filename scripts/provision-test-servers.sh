#!/usr/bin/env bash
# Makes real Redis 8 / Valkey 9 / Valkey 8.1 / memcached servers available to the test harness
# (packages/test-servers). Idempotent; a few seconds when everything is already there.
#
#  - External servers configured (all SESSIONKIT_*_URL variables, see the test-servers README),
#    or SESSIONKIT_SKIP_PROVISION=1: nothing to do.
#  - SESSIONKIT_TEST_IMAGES=official, or unset while the official images (redis:8,
#    valkey/valkey:9, valkey/valkey:8.1, memcached:1.6) are already present: only check that the
#    Docker engine answers; the harness runs the official images with mapped ports.
#  - Otherwise (SESSIONKIT_TEST_IMAGES=local or unset; offline CI machines, as root): install
#    docker.io + debootstrap, start dockerd without a bridge network, build local images from
#    Debian packages, and write .sessionkit/test-env.sh telling the harness to use them with
#    host networking.
# No network probe decides anything here. The only hosts it connects to are the package
# sources this machine's apt is already set up with (read from /etc/apt), through apt and
# debootstrap.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ENV_FILE="$ROOT/.sessionkit/test-env.sh"
CACHE_DIR="${SESSIONKIT_CACHE_DIR:-/var/cache/sessionkit}"
DOCKERD_LOG="${SESSIONKIT_DOCKERD_LOG:-/var/log/sessionkit-dockerd.log}"
PREFIX="${SESSIONKIT_LOCAL_IMAGE_PREFIX:-sessionkit-local}"
IMG_REDIS8="$PREFIX/redis:8"
IMG_VALKEY8="$PREFIX/valkey:8.1"
IMG_VALKEY9="$PREFIX/valkey:9"
# memcached with SASL PLAIN (libsasl2-modules) and saslpasswd2 (sasl2-bin). The tag names what
# the image holds: images are built only when missing, so a new content needs a new tag.
IMG_MEMCACHED="$PREFIX/memcached:1.6-sasl"

T0=$(date +%s.%N)
log() { printf '[provision] %s\n' "$*" >&2; }
die() {
  printf '[provision] ERROR: %s\n' "$*" >&2
  exit 1
}
# step NAME CMD...: runs CMD and prints how long it took.
step() {
  local name="$1" t
  shift
  t=$(date +%s.%N)
  "$@"
  log "$(awk -v a="$t" -v b="$(date +%s.%N)" -v n="$name" 'BEGIN { printf "%-34s %6.1fs", n, b - a }')"
}
finish() {
  log "$(awk -v a="$T0" -v b="$(date +%s.%N)" 'BEGIN { printf "%-34s %6.1fs", "total", b - a }')"
  exit 0
}

HOW_TO_FIX="Install and start Docker (https://docs.docker.com/engine/install/) so the harness can run
the official images, or point the tests at running servers with SESSIONKIT_REDIS8_URL,
SESSIONKIT_VALKEY9_URL, SESSIONKIT_VALKEY8_URL, SESSIONKIT_MEMCACHED_SERVERS and
SESSIONKIT_REDIS_CLUSTER_NODES (see packages/test-servers/README.md).
On a Debian machine without Docker Hub access, run this script as root."

engine_answers() { timeout 10 docker info >/dev/null 2>&1; }
image_exists() { docker image inspect "$1" >/dev/null 2>&1; }
OFFICIAL_IMAGES=(redis:8 valkey/valkey:9 valkey/valkey:8.1 memcached:1.6)
official_images_present() {
  local img
  for img in "${OFFICIAL_IMAGES[@]}"; do image_exists "$img" || return 1; done
}

# The Debian archive this machine's apt uses (the main one, not -security/-updates only):
# from deb822 .sources files or the classic sources.list. SESSIONKIT_DEBIAN_MIRROR overrides it.
debian_mirror() {
  if [[ -n "${SESSIONKIT_DEBIAN_MIRROR:-}" ]]; then
    echo "$SESSIONKIT_DEBIAN_MIRROR"
    return
  fi
  local found
  found=$(
    {
      cat /etc/apt/sources.list.d/*.sources 2>/dev/null
      echo
    } | awk '
      /^[[:space:]]*$/ { if (uri != "" && main) { print uri; exit } uri = ""; main = 0; next }
      /^URIs:/ { uri = $2 }
      /^Suites:/ { for (i = 2; i <= NF; i++) if ($i !~ /-/) main = 1 }
    '
  )
  if [[ -z "$found" ]]; then
    found=$(cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null | awk '
      $1 == "deb" {
        i = 2
        if ($i ~ /^\[/) { while ($i !~ /\]$/) i++; i++ }
        if ($(i + 1) !~ /-/) { print $i; exit }
      }')
  fi
  [[ -n "$found" ]] || die "no Debian archive found in /etc/apt/sources.list(.d); set SESSIONKIT_DEBIAN_MIRROR"
  echo "${found%/}"
}

# --- 1. Nothing to do? -------------------------------------------------------------------------
if [[ "${SESSIONKIT_SKIP_PROVISION:-}" == "1" ]]; then
  log 'SESSIONKIT_SKIP_PROVISION=1: skipping'
  finish
fi
if [[ -n "${SESSIONKIT_REDIS8_URL:-}" && -n "${SESSIONKIT_VALKEY9_URL:-}" &&
  -n "${SESSIONKIT_VALKEY8_URL:-}" && -n "${SESSIONKIT_MEMCACHED_SERVERS:-}" &&
  -n "${SESSIONKIT_REDIS_CLUSTER_NODES:-}" ]]; then
  log 'external servers configured (SESSIONKIT_*_URL): nothing to provision'
  finish
fi

ENGINE_UP=0
command -v docker >/dev/null 2>&1 && engine_answers && ENGINE_UP=1
IMAGES="${SESSIONKIT_TEST_IMAGES:-}"
case "$IMAGES" in
  '' | local | official) ;;
  *) die "SESSIONKIT_TEST_IMAGES must be 'official' or 'local', got '$IMAGES'" ;;
esac
if [[ "$IMAGES" == official || ("$IMAGES" == '' && $ENGINE_UP == 1) ]] &&
  { [[ "$IMAGES" == official ]] || official_images_present; }; then
  [[ $ENGINE_UP == 1 ]] || die "SESSIONKIT_TEST_IMAGES=official needs a running Docker engine.
$HOW_TO_FIX"
  rm -f "$ENV_FILE"
  log 'official images (SESSIONKIT_TEST_IMAGES=official or already present): nothing to build'
  finish
fi

# --- 2. Local engine and images ----------------------------------------------------------------
is_root() { [[ $(id -u) == 0 ]]; }
need_root() {
  is_root || die "$1 needs root (and apt-get), but this is $(id -un).
$HOW_TO_FIX"
}

install_packages() {
  command -v apt-get >/dev/null 2>&1 || die "no apt-get to install $*.
$HOW_TO_FIX"
  DEBIAN_FRONTEND=noninteractive apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

start_dockerd() {
  mkdir -p "$(dirname "$DOCKERD_LOG")"
  log "starting dockerd (no bridge, log: $DOCKERD_LOG)"
  setsid dockerd --bridge=none --iptables=false --ip6tables=false \
    >>"$DOCKERD_LOG" 2>&1 </dev/null &
  local i
  for i in $(seq 1 60); do
    engine_answers && return 0
    sleep 1
  done
  die "dockerd did not answer within 60 s; see $DOCKERD_LOG"
}

if [[ $ENGINE_UP == 0 ]]; then
  need_root 'Starting a local Docker engine'
  if ! command -v dockerd >/dev/null 2>&1; then
    step 'apt-get install docker.io' install_packages docker.io
  fi
  step 'start dockerd' start_dockerd
fi

# Base rootfs tarballs are cached; per-image rootfs are temporary.
base_tarball() {
  local tarball="$CACHE_DIR/trixie-minbase.tar"
  if [[ ! -s "$tarball" ]]; then
    command -v debootstrap >/dev/null 2>&1 || install_packages debootstrap
    local dir="$CACHE_DIR/tmp-debootstrap"
    rm -rf "$dir" && mkdir -p "$dir"
    debootstrap --variant=minbase trixie "$dir" "$(debian_mirror)" >"$CACHE_DIR/debootstrap.log" 2>&1 ||
      die "debootstrap failed; see $CACHE_DIR/debootstrap.log"
    tar -C "$dir" -cf "$tarball.part" . && mv "$tarball.part" "$tarball"
    rm -rf "$dir"
  fi
  echo "$tarball"
}

# build_image NAME CMD_JSON USER FILES APT_SETUP PACKAGES...
# FILES: what the image must hold, space-separated; a bare name is a binary in /usr/bin, anything
# else a path (glob) inside the rootfs.
build_image() {
  local name="$1" cmd="$2" user="$3" files="$4" setup="$5"
  shift 5
  local tarball dir file list log="$CACHE_DIR/build-${name//[\/:]/_}.log"
  tarball=$(base_tarball)
  dir="$(mktemp -d "$CACHE_DIR/rootfs.XXXXXX")"
  tar -C "$dir" -xf "$tarball"
  # No service starts inside the chroot; postinst scripts that still fail leave binaries behind.
  printf '#!/bin/sh\nexit 101\n' >"$dir/usr/sbin/policy-rc.d" && chmod +x "$dir/usr/sbin/policy-rc.d"
  eval "$setup"
  chroot "$dir" /bin/sh -c "export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq && apt-get install -y -qq --no-install-recommends $*" \
    >"$log" 2>&1 || true
  read -ra list <<<"$files" # split without glob expansion
  for file in "${list[@]}"; do
    [[ $file == */* ]] || file="usr/bin/$file"
    compgen -G "$dir/$file" >/dev/null || die "building $name: /$file missing; see $log"
  done
  chroot "$dir" apt-get clean >/dev/null 2>&1 || true
  rm -rf "$dir"/var/lib/apt/lists/* "$dir/usr/sbin/policy-rc.d"
  tar -C "$dir" -c . | docker import --change "CMD $cmd" --change "USER $user" \
    --change 'WORKDIR /tmp' - "$name" >/dev/null
  rm -rf "$dir"
}

# Valkey 9 comes from sid, whose Release file is past Valid-Until on the mirror: pin it low.
SID_SETUP='
  echo "deb $(debian_mirror) sid main" >"$dir/etc/apt/sources.list.d/sid.list"
  echo "Acquire::Check-Valid-Until \"false\";" >"$dir/etc/apt/apt.conf.d/99no-valid-until"
  printf "Package: *\nPin: release n=sid\nPin-Priority: 100\n" >"$dir/etc/apt/preferences.d/sid"
'

build_missing() {
  local missing=()
  local img
  for img in "$IMG_REDIS8" "$IMG_VALKEY8" "$IMG_VALKEY9" "$IMG_MEMCACHED"; do
    image_exists "$img" || missing+=("$img")
  done
  [[ ${#missing[@]} == 0 ]] && return 0
  need_root "Building the local images (${missing[*]})"
  mkdir -p "$CACHE_DIR"
  step 'base rootfs (debootstrap trixie)' base_tarball >/dev/null
  image_exists "$IMG_REDIS8" ||
    step "build $IMG_REDIS8" build_image "$IMG_REDIS8" '["redis-server"]' root redis-server '' \
      redis-server redis-tools
  image_exists "$IMG_VALKEY8" ||
    step "build $IMG_VALKEY8" build_image "$IMG_VALKEY8" '["valkey-server"]' root valkey-server '' \
      valkey-server valkey-tools
  image_exists "$IMG_VALKEY9" ||
    step "build $IMG_VALKEY9" build_image "$IMG_VALKEY9" '["valkey-server"]' root valkey-server \
      "$SID_SETUP" valkey-server/sid valkey-tools/sid
  image_exists "$IMG_MEMCACHED" ||
    step "build $IMG_MEMCACHED" build_image "$IMG_MEMCACHED" '["memcached"]' nobody \
      'memcached usr/sbin/saslpasswd2 usr/lib/*/sasl2/libplain.so*' '' \
      memcached libsasl2-modules sasl2-bin
}
step 'images' build_missing

write_env() {
  mkdir -p "$(dirname "$ENV_FILE")"
  cat >"$ENV_FILE.part" <<EOF
# Written by scripts/provision-test-servers.sh: local images, host networking.
export SESSIONKIT_CONTAINER_NETWORK=host
export SESSIONKIT_IMAGE_REDIS8=$IMG_REDIS8
export SESSIONKIT_IMAGE_VALKEY9=$IMG_VALKEY9
export SESSIONKIT_IMAGE_VALKEY8=$IMG_VALKEY8
export SESSIONKIT_IMAGE_MEMCACHED=$IMG_MEMCACHED
export TESTCONTAINERS_RYUK_DISABLED=true
export TESTCONTAINERS_HOST_OVERRIDE=localhost
EOF
  mv "$ENV_FILE.part" "$ENV_FILE"
}
step 'write .sessionkit/test-env.sh' write_env
finish
