# shellcheck shell=bash disable=SC2034
# Shared settings for the test scripts; sourced, not run (the variables are
# used by the scripts that source it).
# Everything slow to fetch lives in a cache outside the work tree, so a fresh
# clone reuses it; delete the folder to start from nothing.
set -euo pipefail
REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
CACHE_DIR=${PROMOPS_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/promops-prometheus}
# Scripts this one starts find the same cache, whatever HOME they run with.
export PROMOPS_CACHE_DIR=$CACHE_DIR
BUILD_DIR=$REPO_ROOT/build
COLLECTION_ROOT=$BUILD_DIR/collections
COLLECTION_DIR=$COLLECTION_ROOT/ansible_collections/promops/prometheus
# ansible-core versions under test, oldest first. Each runs on a Python it
# supports as a controller: this machine's, or else the one of a Debian test
# image, in a container (see on_core).
CORE_VERSIONS=${PROMOPS_CORE_VERSIONS:-"2.16 2.19 2.20 2.21"}
NEWEST_CORE=${CORE_VERSIONS##* }
# The tools (molecule with the podman driver, ansible-runner, the demo and the
# benchmarks) run here on 2.19: the `ansible` package that brings
# containers.podman is pinned to it, and it runs on Debian 12's and 13's Python.
TOOLS_CORE=2.19
HOST_PYTHON=$(python3 -c 'import sys; print("%d.%d" % sys.version_info[:2])')
# The Python of each Debian release the test images are built from.
IMAGE_PYTHONS="bookworm:3.11 trixie:3.13"
SERVERS_DIR=$CACHE_DIR/servers
export PROMOPS_SERVERS_DIR=$SERVERS_DIR
export CONTAINERS_CONF=$REPO_ROOT/tests/containers.conf
# Ansible's own folder (temporary files, collections that tools install) and
# pip's downloads live in the cache too: the test run leaves the rest of the
# user's home alone.
export ANSIBLE_HOME=$CACHE_DIR/ansible-home ANSIBLE_ASYNC_DIR=$CACHE_DIR/ansible-home/async
export PIP_CACHE_DIR=$CACHE_DIR/pip

# The controller Pythons an ansible-core supports: oldest newest.
core_pythons() {
  case $1 in
    2.16 | 2.17) echo 3.10 3.12 ;;
    2.18 | 2.19) echo 3.11 3.13 ;;
    2.20 | 2.21) echo 3.12 3.14 ;;
    *) log "no known controller Python for ansible-core $1"; return 1 ;;
  esac
}

python_fits() {  # PYTHON CORE
  local low high
  read -r low high <<< "$(core_pythons "$2")"
  [ "$(printf '%s\n' "$low" "$1" "$high" | sort -V | sed -n 2p)" = "$1" ]
}

# Where ansible-core $1 runs: "host", or the Debian suite of the image whose
# Python it supports.
core_runner() {
  local pair
  if python_fits "$HOST_PYTHON" "$1"; then echo host; return; fi
  for pair in $IMAGE_PYTHONS; do
    if python_fits "${pair#*:}" "$1"; then echo "${pair%%:*}"; return; fi
  done
  log "neither this machine's Python $HOST_PYTHON nor a test image's ($IMAGE_PYTHONS) runs ansible-core $1"
  return 1
}

core_python() {
  local runner pair
  runner=$(core_runner "$1")
  if [ "$runner" = host ]; then echo "$HOST_PYTHON"; return; fi
  for pair in $IMAGE_PYTHONS; do [ "${pair%%:*}" = "$runner" ] && echo "${pair#*:}"; done
}

venv_dir() { echo "$CACHE_DIR/venv-core$1-py$(core_python "$1")"; }

# Runs a command where ansible-core $1 runs, with its virtualenv first on the
# PATH: here, or in a container of the controller image of its runner, with
# the work tree and the cache at the same paths, this machine's network, and
# its pip configuration and CA bundle (the image knows neither, and tools such
# as ansible-test run pip without the environment).
on_core() {
  local core=$1 runner venv var
  shift
  runner=$(core_runner "$core")
  venv=$(venv_dir "$core")
  if [ "$runner" = host ]; then
    PATH=$venv/bin:$PATH "$@"
    return
  fi
  local args=(--rm --privileged --network host --volume "$REPO_ROOT:$REPO_ROOT" --volume "$CACHE_DIR:$CACHE_DIR"
              --workdir "$PWD" --env HOME="$CACHE_DIR/container-home" --env PROMOPS_CACHE_DIR="$CACHE_DIR"
              --env PATH="$venv/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin")
  for var in $(compgen -e); do
    case $var in ANSIBLE_* | PROMOPS_* | PIP_* | PYTHONPATH | MOLECULE_*) args+=(--env "$var") ;; esac
  done
  if [ -f /etc/pip.conf ]; then args+=(--volume /etc/pip.conf:/etc/pip.conf:ro); fi
  if [ -d /etc/xdg/pip ]; then args+=(--volume /etc/xdg/pip:/etc/xdg/pip:ro); fi
  args+=(--volume /etc/ssl/certs/ca-certificates.crt:/etc/ssl/certs/ca-certificates.crt:ro)
  mkdir -p "$CACHE_DIR/container-home"
  podman run "${args[@]}" "localhost/promops-controller:$runner" "$@"
}

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

# Waits (at most 60 s) until systemd in container $1 has booted.
wait_for_systemd() {
  local state='' attempt
  for attempt in $(seq 1 60); do
    state=$(podman exec "$1" systemctl is-system-running 2>/dev/null || true)
    if [ "$state" = running ] || [ "$state" = degraded ]; then return 0; fi
    [ "$attempt" -lt 60 ] && sleep 1
  done
  log "systemd in $1 did not boot: $state"
  return 1
}

# The key Ansible logs in to the test containers with (made once); prints its
# private half's path.
ssh_key() {
  local key=$CACHE_DIR/ssh/id_ed25519
  if [ ! -f "$key" ]; then
    mkdir -p "$(dirname "$key")"
    ssh-keygen -q -t ed25519 -N '' -C promops-tests -f "$key"
  fi
  echo "$key"
}

# A free TCP port on 127.0.0.1.
free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
