# shellcheck shell=bash disable=SC2034
# Shared settings for the test scripts; sourced, not run (the variables are
# used by the scripts that source it).
# Everything slow to fetch lives in a cache outside the work tree, so a fresh
# clone reuses it; delete the folder to start from nothing.
set -euo pipefail
REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
CACHE_DIR=${PROMOPS_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/promops-prometheus}
BUILD_DIR=$REPO_ROOT/build
COLLECTION_ROOT=$BUILD_DIR/collections
COLLECTION_DIR=$COLLECTION_ROOT/ansible_collections/promops/prometheus
# ansible-core versions under test: the oldest and the newest supported.
CORE_VERSIONS=${PROMOPS_CORE_VERSIONS:-"2.16 2.19"}
NEWEST_CORE=2.19
SERVERS_DIR=$CACHE_DIR/servers
export CONTAINERS_CONF=$REPO_ROOT/tests/containers.conf
# Ansible's own folder (temporary files, collections that tools install) and
# pip's downloads live in the cache too: the test run leaves the rest of the
# user's home alone.
export ANSIBLE_HOME=$CACHE_DIR/ansible-home ANSIBLE_ASYNC_DIR=$CACHE_DIR/ansible-home/async
export PIP_CACHE_DIR=$CACHE_DIR/pip

venv_dir() { echo "$CACHE_DIR/venv-core$1"; }

# The work tree on a collection path, as ansible-galaxy would install it.
link_collection() {
  mkdir -p "$COLLECTION_ROOT/ansible_collections/promops"
  ln -sfn ../../../.. "$COLLECTION_DIR"
}

log() { printf '==> %s\n' "$*" >&2; }

# The Debian archive this machine's apt uses (deb822 or one-line sources).
debian_archive_uri() {
  local uri
  uri=$(awk '/^URIs:/ {print $2; exit}' /etc/apt/sources.list.d/debian.sources \
          /etc/apt/sources.list.d/*.sources 2>/dev/null || true)
  [ -n "$uri" ] || uri=$(awk '$1 == "deb" {print ($2 ~ /^\[/ ? $3 : $2); exit}' \
                           /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null || true)
  if [ -z "$uri" ]; then
    log "no Debian archive in this machine's apt sources (/etc/apt/sources.list.d/*.sources or" \
        "/etc/apt/sources.list): add the archive apt should use, then run this again"
    return 1
  fi
  echo "$uri"
}
