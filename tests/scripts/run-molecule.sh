#!/usr/bin/env bash
# Runs the collection's molecule scenarios (extensions/molecule/) with the
# newest ansible-core venv, on local systemd images. Usage:
#   run-molecule.sh [scenario ...]      default: every scenario
# PROMOPS_MOLECULE_COMMAND=converge (or verify, destroy, ...) runs one step
# instead of the full test sequence.
source "$(dirname "$0")/common.sh"

venv=$(venv_dir "$NEWEST_CORE")
[ -x "$venv/bin/molecule" ] || { log "missing $venv/bin/molecule; run tests/scripts/make-venvs.sh"; exit 1; }
export PATH=$venv/bin:$PATH

"$REPO_ROOT/tests/scripts/build-images.sh"

# The collection under test comes from the work tree; containers.podman
# (for the podman driver) from the venv's `ansible` package.
link_collection
export ANSIBLE_COLLECTIONS_PATH=$COLLECTION_ROOT
export ANSIBLE_LOCAL_TEMP=$CACHE_DIR/ansible-tmp
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
  export PROMOPS_SID_SYSTEMD=false
  export PROMOPS_SID_OPT_CGROUP=--volume=/sys/fs/cgroup/unified:/sys/fs/cgroup:rw
  export PROMOPS_SID_OPT_CGROUPNS=--cgroupns=private
  export PROMOPS_SID_OPT_TMPFS_RUN=--tmpfs=/run
  export PROMOPS_SID_OPT_TMPFS_LOCK=--tmpfs=/run/lock
  export PROMOPS_SID_OPT_TMPFS_TMP=--tmpfs=/tmp
  export PROMOPS_SID_OPT_ENV=--env=container=podman
fi

if [ $# -gt 0 ]; then
  scenarios=("$@")
else
  scenarios=()
  for f in "$REPO_ROOT"/extensions/molecule/*/molecule.yml; do
    scenarios+=("$(basename "$(dirname "$f")")")
  done
fi

cd "$REPO_ROOT" || exit 1
command=${PROMOPS_MOLECULE_COMMAND:-test}
status=0
for scenario in "${scenarios[@]}"; do
  start=$SECONDS
  log "molecule $command -s $scenario"
  if molecule "$command" -s "$scenario"; then
    log "scenario $scenario passed in $((SECONDS - start)) s"
  else
    log "scenario $scenario FAILED after $((SECONDS - start)) s"
    status=1
    # Leave nothing running behind a failed scenario.
    if [ "$command" = test ]; then molecule destroy -s "$scenario" >/dev/null 2>&1 || true; fi
  fi
done
exit $status
