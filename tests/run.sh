#!/usr/bin/env bash
# The whole test suite, from a fresh Debian 12 machine (as root):
#   bash tests/run.sh              every stage
#   bash tests/run.sh unit lint    only the named stages (setup always runs)
# Stages: unit sanity lint integration packaging molecule demo
source "$(dirname "$0")/scripts/common.sh"

ALL_STAGES=(unit sanity lint integration packaging molecule demo)
stages=("$@")
[ ${#stages[@]} -eq 0 ] && stages=("${ALL_STAGES[@]}")
for stage in "${stages[@]}"; do
  [[ " ${ALL_STAGES[*]} " == *" $stage "* ]] || { echo "unknown stage '$stage'; stages: ${ALL_STAGES[*]}" >&2; exit 2; }
done

newest_venv=$(venv_dir "$NEWEST_CORE")
SECONDS=0

setup() {
  bash "$REPO_ROOT/tests/scripts/install-system-packages.sh"
  bash "$REPO_ROOT/tests/scripts/make-venvs.sh"
  bash "$REPO_ROOT/tests/scripts/fetch-servers.sh"
  link_collection
  # Mount point for the Alertmanager templates of each suite (see tests/integration/servers.py).
  mkdir -p /usr/share/prometheus
}

run_unit() {
  for core in $CORE_VERSIONS; do
    log "unit tests (ansible-core $core)"
    (cd "$REPO_ROOT" && PYTHONPATH=$COLLECTION_ROOT "$(venv_dir "$core")/bin/python" -m pytest \
       -p no:cacheprovider -q tests/unit)
  done
}

run_sanity() {
  bash "$REPO_ROOT/tests/scripts/sanity.sh"
}

run_lint() {
  log "ansible-lint (production profile)"
  (cd "$REPO_ROOT" && ANSIBLE_COLLECTIONS_PATH=$COLLECTION_ROOT "$newest_venv/bin/ansible-lint" --offline)
  log "antsibull-changelog lint (changelog fragments)"
  (cd "$REPO_ROOT" && PATH=$newest_venv/bin:$PATH antsibull-changelog lint)
}

run_integration() {
  for core in $CORE_VERSIONS; do
    log "integration tests against real servers (ansible-core $core)"
    # Two workers: most of a test is waiting for a server or an ansible process.
    (cd "$REPO_ROOT/tests/integration" && ANSIBLE_COLLECTIONS_PATH=$COLLECTION_ROOT \
       "$(venv_dir "$core")/bin/python" -m pytest -p no:cacheprovider -q -n 2 .)
  done
}

run_packaging() {
  log "collection tarball, ansible-doc from a clean install, execution environment"
  (cd "$REPO_ROOT/tests/packaging" && "$newest_venv/bin/python" -m pytest -p no:cacheprovider -q .)
}

run_molecule() {
  bash "$REPO_ROOT/tests/scripts/run-molecule.sh"
}

# The README's demo, then the site (its second run: nothing may change) and
# health playbooks as AWX runs them, through ansible-runner, on its container.
run_demo() {
  bash "$REPO_ROOT/extensions/demo/up.sh"
  local status=0
  (cd "$REPO_ROOT/tests/awx" && ANSIBLE_COLLECTIONS_PATH=$COLLECTION_ROOT \
     "$newest_venv/bin/python" -m pytest -p no:cacheprovider -q .) || status=$?
  bash "$REPO_ROOT/extensions/demo/down.sh"
  return $status
}

setup
for stage in "${stages[@]}"; do
  start=$SECONDS
  "run_$stage"
  log "$stage passed in $((SECONDS - start)) s"
done
log "all stages passed in $SECONDS s: ${stages[*]}"
