#!/usr/bin/env bash
# Runs the collection's molecule scenarios (extensions/molecule/) on local
# systemd images: the podman ones with the tools core's venv here, the `fleet`
# one with the newest ansible-core (where on_core runs it) against a container
# reached over SSH, failing on any deprecation warning. Usage:
#   run-molecule.sh [scenario ...]      default: every scenario
# PROMOPS_MOLECULE_COMMAND=converge (or verify, destroy, ...) runs one step
# instead of the full test sequence. With PROMOPS_MOLECULE_QUEUE=FILE, the
# scenarios are taken one at a time from the top of FILE (one name a line)
# until it is empty, so that two runs of this script share out its list.
source "$(dirname "$0")/common.sh"

venv=$(venv_dir "$TOOLS_CORE")
[ -x "$venv/bin/molecule" ] || { log "missing $venv/bin/molecule; run tests/scripts/make-venvs.sh"; exit 1; }
export PATH=$venv/bin:$PATH

"$REPO_ROOT/tests/scripts/build-images.sh" tests

# The collection under test comes from the work tree; containers.podman
# (for the podman driver) from the venv's `ansible` package.
link_collection
export ANSIBLE_COLLECTIONS_PATH=$COLLECTION_ROOT
export ANSIBLE_LOCAL_TEMP=$CACHE_DIR/ansible-tmp
# Each target's shell expands remote_tmp. Its default, ~/.ansible/tmp, is the
# home of the password database on the local connection of the podman
# driver's plays, whatever HOME says; $HOME is the home below here, and the
# login user's on the containers, as with the default.
# shellcheck disable=SC2016
export ANSIBLE_REMOTE_TEMP='$HOME/.ansible/tmp'
# The podman driver keeps its job files in $HOME/.ansible_async: give it a
# home in the cache (rootful podman keeps its images in /var/lib/containers).
export HOME=$CACHE_DIR/molecule-home
mkdir -p "$HOME"
export ANSIBLE_NOCOLOR=1 PY_COLORS=0

# systemd 258+ (Debian sid) refuses cgroup v1 and hybrid hosts. On a hybrid
# host the sid container gets the unified hierarchy mounted as its
# /sys/fs/cgroup and boots systemd without podman's systemd mode; on a
# cgroup v2 host podman's `systemd: always` is enough.
if [ "$(stat -fc %T /sys/fs/cgroup)" != cgroup2fs ] && [ -d /sys/fs/cgroup/unified ]; then
  # Mounted so, the hierarchy shows the container's systemd the host's root,
  # outside the cgroup namespace podman gives it; systemd moves itself there,
  # which nsdelegate forbids (a host's systemd mounts it with nsdelegate).
  if awk '$5 == "/sys/fs/cgroup/unified" {print $NF}' /proc/self/mountinfo | grep -qw nsdelegate; then
    log "this host mounts cgroups hybrid, with nsdelegate on /sys/fs/cgroup/unified: Debian sid's systemd" \
        "cannot boot in a container here. Run the scenarios on a host with the unified hierarchy (cgroup v2," \
        "Debian's default)."
    exit 1
  fi
  export PROMOPS_SID_SYSTEMD=false
  export PROMOPS_SID_OPT_CGROUP=--volume=/sys/fs/cgroup/unified:/sys/fs/cgroup:rw
  export PROMOPS_SID_OPT_CGROUPNS=--cgroupns=private
  export PROMOPS_SID_OPT_TMPFS_RUN=--tmpfs=/run
  export PROMOPS_SID_OPT_TMPFS_LOCK=--tmpfs=/run/lock
  export PROMOPS_SID_OPT_TMPFS_TMP=--tmpfs=/tmp
  export PROMOPS_SID_OPT_ENV=--env=container=podman
fi

queue=${PROMOPS_MOLECULE_QUEUE:-}
if [ -n "$queue" ]; then
  scenarios=()
elif [ $# -gt 0 ]; then
  scenarios=("$@")
else
  scenarios=()
  for f in "$REPO_ROOT"/extensions/molecule/*/molecule.yml; do
    scenarios+=("$(basename "$(dirname "$f")")")
  done
fi

# The first name of the queue, taken off it.
take_from_queue() {
  # shellcheck disable=SC2016
  flock "$queue.lock" sh -c 'head -n 1 "$0" && sed -i 1d "$0"' "$queue"
}

cd "$REPO_ROOT" || exit 1
command=${PROMOPS_MOLECULE_COMMAND:-test}

# Ansible reaches each platform over SSH on a 127.0.0.1 port of its own,
# published by the platform (PROMOPS_SSH_PORT_<NAME> in its molecule.yml) or by
# ssh-container.sh; the scenario's ssh configuration PROMOPS_SSH_CONFIG sends
# each host name there (extensions/molecule/config.yml), delegated tasks' too.
PROMOPS_SSH_KEY=$(ssh_key)
export PROMOPS_SSH_KEY

ssh_config_for() {  # SCENARIO
  export PROMOPS_SSH_CONFIG=$CACHE_DIR/ssh/hosts-$1
  : > "$PROMOPS_SSH_CONFIG"
}

reach() {  # NAME PORT
  local name=${1^^}
  export "PROMOPS_SSH_PORT_${name//-/_}=$2"
  printf 'Host %s\n  HostName 127.0.0.1\n  Port %s\n' "$1" "$2" >> "$PROMOPS_SSH_CONFIG"
}

# A platform's container keeps its port from one molecule command to the next.
publish_ports() {  # SCENARIO
  local name port
  ssh_config_for "$1"
  for name in $(python -c 'import sys, yaml
for platform in yaml.safe_load(open(sys.argv[1]))["platforms"]: print(platform["name"])' \
                  "$REPO_ROOT/extensions/molecule/$1/molecule.yml"); do
    port=$(podman port "$name" 22/tcp 2>/dev/null | sed -n '1s/.*://p')
    reach "$name" "${port:-$(free_port)}"
  done
}

# The fleet scenario's host is a container with sshd on a 127.0.0.1 port, made
# here; molecule runs where the newest ansible-core runs, and the run fails on
# a deprecation warning.
run_fleet_scenario() {
  local port status=0 output=$BUILD_DIR/molecule-fleet.log
  bash "$REPO_ROOT/tests/scripts/build-images.sh" controllers && bash "$REPO_ROOT/tests/scripts/make-venvs.sh" containers \
    || return 1
  port=$(bash "$REPO_ROOT/tests/scripts/ssh-container.sh" start promops-fleet trixie) || return 1
  ssh_config_for fleet
  reach promops-fleet "$port"
  # Its host is new: molecule must not remember a prepared one from a run before.
  [ "$command" != test ] || molecule reset -s fleet >/dev/null
  ANSIBLE_DEPRECATION_WARNINGS=true \
    on_core "$NEWEST_CORE" molecule "$command" -s fleet 2>&1 | tee "$output" || status=$?
  if grep -q 'DEPRECATION WARNING' "$output"; then
    log "deprecation warnings with ansible-core $NEWEST_CORE:"
    grep -A3 'DEPRECATION WARNING' "$output" >&2
    status=1
  fi
  bash "$REPO_ROOT/tests/scripts/ssh-container.sh" stop promops-fleet
  return $status
}

run_scenario() {
  if [ "$1" = fleet ]; then run_fleet_scenario; else publish_ports "$1" && molecule "$command" -s "$1"; fi
}
status=0
while :; do
  if [ -n "$queue" ]; then
    scenario=$(take_from_queue)
  else
    [ ${#scenarios[@]} -gt 0 ] || break
    scenario=${scenarios[0]}
    scenarios=("${scenarios[@]:1}")
  fi
  [ -n "$scenario" ] || break
  start=$SECONDS
  log "molecule $command -s $scenario"
  if run_scenario "$scenario"; then
    log "scenario $scenario passed in $((SECONDS - start)) s"
  else
    log "scenario $scenario FAILED after $((SECONDS - start)) s"
    status=1
    # Leave nothing running behind a failed scenario.
    if [ "$command" = test ]; then molecule destroy -s "$scenario" >/dev/null 2>&1 || true; fi
  fi
done
exit $status
