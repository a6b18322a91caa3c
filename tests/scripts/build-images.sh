#!/usr/bin/env bash
# Debian base images with systemd for the molecule scenarios, built locally
# with debootstrap (no container registry is needed). Ansible reaches their
# containers over SSH, as root with the test key ($CACHE_DIR/ssh, made here)
# or as a sudoer (ssh-container.sh). An image is built when podman does not
# have it for this recipe and key yet; `PROMOPS_REBUILD_IMAGES=1` forces a rebuild.
#   build-images.sh [tests|controllers]   default: both
# Two runs of this script at once build each image once (a lock per image).
source "$(dirname "$0")/common.sh"
which=${1:-all}

SUITES=${PROMOPS_IMAGE_SUITES:-"bookworm trixie sid"}
IMAGE_REPO=localhost/promops-debian
ROOTFS_DIR=$CACHE_DIR/rootfs
archive_uri=$(debian_archive_uri)
key=$(ssh_key)
# What an image is made from: the recipe's version and the key it lets in.
recipe="2 $(ssh-keygen -lf "$key.pub" | cut -d' ' -f2)"

# Holds the lock of image $1 until this shell ends.
lock_image() {
  local fd
  mkdir -p "$CACHE_DIR/locks"
  exec {fd}> "$CACHE_DIR/locks/image-${1//[:\/]/_}"
  flock "$fd"
}

test_image_current() {  # SUITE
  [ "${PROMOPS_REBUILD_IMAGES:-0}" != 1 ] \
    && [ "$(podman image inspect --format '{{index .Labels "promops.recipe"}}' "$IMAGE_REPO:$1" 2>/dev/null)" = "$recipe" ]
}

build_image() {  # SUITE
  local suite=$1 image=$IMAGE_REPO:$1 rootfs=$ROOTFS_DIR/$1 old_id unit
  lock_image "$image"
  test_image_current "$suite" && return 0
  log "building $image with debootstrap ($archive_uri)"
  rm -rf "$rootfs" && mkdir -p "$rootfs"
  debootstrap --variant=minbase \
    --include=systemd,systemd-sysv,python3,python3-apt,dbus,openssh-server,sudo \
    "$suite" "$rootfs" "$archive_uri" >"$ROOTFS_DIR/$suite.log" 2>&1 || {
      tail -20 "$ROOTFS_DIR/$suite.log" >&2; return 1; }
  # Trim what a test container never needs, and keep systemd from starting
  # units that make no sense inside a container.
  rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/*
  # Empty package lists must look stale, so the first apt run updates them.
  touch -d @0 "$rootfs"/var/lib/apt/lists
  echo "deb $archive_uri $suite main" > "$rootfs/etc/apt/sources.list"
  rm -f "$rootfs"/etc/apt/sources.list.d/*.sources
  for unit in getty.target systemd-logind.service; do
    ln -sfn /dev/null "$rootfs/etc/systemd/system/$unit"
  done
  : > "$rootfs/etc/machine-id"
  install -d -m 0700 "$rootfs/root/.ssh"
  install -m 0600 "$key.pub" "$rootfs/root/.ssh/authorized_keys"
  # The archive may serve a frozen snapshot whose Release files have expired.
  echo 'Acquire::Check-Valid-Until "false";' > "$rootfs/etc/apt/apt.conf.d/99promops-valid-until"
  old_id=$(podman image inspect --format '{{.Id}}' "$image" 2>/dev/null || true)
  tar -C "$rootfs" -c . | podman import --quiet \
    --change 'CMD ["/sbin/init"]' --change 'STOPSIGNAL=SIGRTMIN+3' \
    --change "LABEL promops.recipe=\"$recipe\"" - "$image" >/dev/null
  rm -rf "$rootfs"
  # Drop the image this one replaces, unless a container still uses it.
  if [ -n "$old_id" ]; then podman rmi "$old_id" >/dev/null 2>&1 || true; fi
  log "built $image"
}

# The suites are built side by side: debootstrap mostly waits for downloads.
mkdir -p "$ROOTFS_DIR"
builds=()
for suite in $SUITES; do
  [ "$which" != controllers ] || break
  test_image_current "$suite" && continue
  (build_image "$suite") &
  builds+=("$!")
done
for pid in "${builds[@]}"; do
  wait "$pid" || { log "an image could not be built (see above)"; exit 1; }
done

# The controller images: a test image plus what the test stages need, for
# the ansible-core versions that run in a container (on_core in common.sh).
build_controller() {  # SUITE
  local suite=$1 image=localhost/promops-controller:$1 old_id
  lock_image "$image"
  if [ "${PROMOPS_REBUILD_IMAGES:-0}" != 1 ] && podman image exists "$image"; then
    return 0
  fi
  build_image "$suite" || return 1
  log "building $image"
  podman rm --force promops-controller-build-"$suite" >/dev/null 2>&1 || true
  podman run --name promops-controller-build-"$suite" "localhost/promops-debian:$suite" sh -c \
    'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
       python3-venv git rsync shellcheck openssh-client ca-certificates >/dev/null && apt-get clean' \
    || { podman rm --force promops-controller-build-"$suite" >/dev/null; log "could not build $image"; return 1; }
  old_id=$(podman image inspect --format '{{.Id}}' "$image" 2>/dev/null || true)
  podman commit --quiet --change 'CMD ["/bin/bash"]' promops-controller-build-"$suite" "$image" >/dev/null
  podman rm promops-controller-build-"$suite" >/dev/null
  if [ -n "$old_id" ]; then podman rmi "$old_id" >/dev/null 2>&1 || true; fi
  log "built $image"
}

[ "$which" != tests ] || exit 0
runners=$(for core in $CORE_VERSIONS "$TOOLS_CORE"; do core_runner "$core"; done | grep -vx host | sort -u || true)
for suite in $runners; do
  (build_controller "$suite") || exit 1
done
