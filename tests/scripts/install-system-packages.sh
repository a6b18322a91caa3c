#!/usr/bin/env bash
# Debian packages the test suite needs on the host (Debian 12 or 13, as root).
source "$(dirname "$0")/common.sh"
# shellcheck source=/dev/null
. /etc/os-release
case ${VERSION_CODENAME:-} in
  bookworm | trixie) log "host: ${PRETTY_NAME}, Python $HOST_PYTHON" ;;
  *) log "host: ${PRETTY_NAME:-unknown}: the test suite is written for Debian 12 (bookworm) and 13 (trixie); trying anyway" ;;
esac
packages=(podman runc debootstrap rsync openssl python3-venv git ca-certificates curl shellcheck openssh-client)
# From Debian 13 on, podman's network backend (netavark) runs nft, which it
# only recommends.
[ "${VERSION_CODENAME:-}" = bookworm ] || packages+=(nftables)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  log "installing Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
