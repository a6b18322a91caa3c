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

venv_dir() { echo "$CACHE_DIR/venv-core$1"; }

# The work tree on a collection path, as ansible-galaxy would install it.
link_collection() {
  mkdir -p "$COLLECTION_ROOT/ansible_collections/promops"
  ln -sfn ../../../.. "$COLLECTION_DIR"
}

log() { printf '==> %s\n' "$*" >&2; }
