#!/usr/bin/env bash
# The whole test suite, from a fresh Debian 12 or 13 machine (as root):
#   bash tests/run.sh              every stage
#   bash tests/run.sh unit lint    only the named stages (setup always runs)
# Stages: unit sanity lint integration packaging molecule demo
# Each ansible-core of CORE_VERSIONS runs on this machine's Python when it
# supports it, else in a container of the Debian 13 (or 12) test image.
source "$(dirname "$0")/scripts/common.sh"

ALL_STAGES=(unit sanity lint integration packaging molecule demo)
stages=("$@")
[ ${#stages[@]} -eq 0 ] && stages=("${ALL_STAGES[@]}")
for stage in "${stages[@]}"; do
  [[ " ${ALL_STAGES[*]} " == *" $stage "* ]] || { echo "unknown stage '$stage'; stages: ${ALL_STAGES[*]}" >&2; exit 2; }
done

SECONDS=0

# The sanity stage's own virtualenvs (ansible-test's) are made beside the
# others: most of the time is downloads.
setup() {
  local prime=''
  bash "$REPO_ROOT/tests/scripts/install-system-packages.sh"
  bash "$REPO_ROOT/tests/scripts/build-images.sh"
  link_collection
  if [[ " ${stages[*]} " == *" sanity "* ]]; then
    bash "$REPO_ROOT/tests/scripts/sanity.sh" --prime-venvs > "$BUILD_DIR/sanity-venvs.log" 2>&1 &
    prime=$!
  fi
  bash "$REPO_ROOT/tests/scripts/make-venvs.sh"
  bash "$REPO_ROOT/tests/scripts/fetch-servers.sh"
  if [ -n "$prime" ] && ! wait "$prime"; then
    cat "$BUILD_DIR/sanity-venvs.log" >&2
    log "ansible-test's virtualenvs could not be made (above)"
    exit 1
  fi
  # Mount point for the Alertmanager templates of each suite (see tests/integration/servers.py).
  mkdir -p /usr/share/prometheus
}

where() {
  local runner
  runner=$(core_runner "$1")
  if [ "$runner" = host ]; then echo "ansible-core $1, Python $(core_python "$1")"
  else echo "ansible-core $1, Python $(core_python "$1") in a Debian $runner container"; fi
}

run_unit() {
  for core in $CORE_VERSIONS; do
    log "unit tests ($(where "$core"))"
    # Two workers: half of the time is fault servers' timeouts.
    (cd "$REPO_ROOT" && PYTHONPATH=$COLLECTION_ROOT on_core "$core" python -m pytest -p no:cacheprovider -q -n 2 tests/unit)
  done
}

run_sanity() {
  bash "$REPO_ROOT/tests/scripts/sanity.sh"
}

# ansible-lint with the newest core (its rules and deprecations are the
# current ones); the changelog once.
run_lint() {
  log "ansible-lint, production profile ($(where "$NEWEST_CORE"))"
  (cd "$REPO_ROOT" && ANSIBLE_COLLECTIONS_PATH=$COLLECTION_ROOT on_core "$NEWEST_CORE" ansible-lint --offline)
  log "antsibull-changelog lint (changelog fragments)"
  (cd "$REPO_ROOT" && on_core "$TOOLS_CORE" antsibull-changelog lint)
}

# Each core against one server generation, so that every generation meets
# a core: the oldest core the servers of Debian 12 (which it shipped with),
# the newest core sid's, and the cores between, in turn, those of Debian 13,
# then 12. A generation meets the whole suite once: a core between that comes
# to Debian 12's servers after the oldest core runs the tests marked
# `controller` (playbooks, action plugins, module defaults); the modules
# themselves run on it in the unit stage. PROMOPS_SUITES (of bookworm trixie
# sid) sets the generations of every core, each with the whole suite.
run_integration() {
  local core suites tests between=(trixie bookworm) next=0 met=''
  for core in $CORE_VERSIONS; do
    if [ "$core" = "${CORE_VERSIONS%% *}" ]; then suites=bookworm
    elif [ "$core" = "$NEWEST_CORE" ]; then suites=sid
    else suites=${between[next % 2]}; next=$((next + 1)); fi
    tests=(.)
    if [ -n "${PROMOPS_SUITES:-}" ]; then suites=$PROMOPS_SUITES
    elif [[ " $met " == *" $suites "* ]]; then tests=(-m controller .)
    fi
    met="$met $suites"
    log "integration tests${tests[1]:+ marked ${tests[1]}} against real servers of $suites ($(where "$core"))"
    # Two workers: most of a test is waiting for a server or an ansible process.
    (cd "$REPO_ROOT/tests/integration" && ANSIBLE_COLLECTIONS_PATH=$COLLECTION_ROOT PROMOPS_SUITES=$suites \
       on_core "$core" sh -c 'mkdir -p /usr/share/prometheus && exec python -m pytest -p no:cacheprovider -q -n 2 "$@"' \
       pytest "${tests[@]}")
  done
}

run_packaging() {
  log "collection tarball, ansible-doc from a clean install, execution environment"
  (cd "$REPO_ROOT/tests/packaging" && on_core "$TOOLS_CORE" python -m pytest -p no:cacheprovider -q .)
}

run_molecule() {
  bash "$REPO_ROOT/tests/scripts/run-molecule.sh"
}

# The README's demo, then the site (its second run: nothing may change) and
# health playbooks as AWX runs them, through ansible-runner, on its container;
# last, the command the demo prints, as a newcomer would type it.
run_demo() {
  local status=0
  bash "$REPO_ROOT/extensions/demo/up.sh" | tee "$BUILD_DIR/demo-up.log"
  (cd "$REPO_ROOT/tests/awx" && ANSIBLE_COLLECTIONS_PATH=$COLLECTION_ROOT \
     on_core "$TOOLS_CORE" python -m pytest -p no:cacheprovider -q .) || status=$?
  if [ $status -eq 0 ]; then
    next=$(sed -n 's/^Next: *//p' "$BUILD_DIR/demo-up.log")
    log "the demo's next step, as printed: $next"
    (cd "$REPO_ROOT" && env -i HOME="$HOME" PATH=/usr/sbin:/usr/bin:/sbin:/bin bash -c "$next") || status=$?
  fi
  bash "$REPO_ROOT/extensions/demo/down.sh"
  return $status
}

# Much of each stage is waiting (for containers, servers, downloads, timeouts):
# the stages run in lanes side by side, the molecule scenarios two at a time in
# theirs, unless PROMOPS_SERIAL=1. The lanes beside this one write to
# build/lane-<first stage>.log, shown when they end; the demo's container
# publishes 9090 and 9093, the scenarios' only their SSH ports, on free ones.
BESIDE=("molecule" "integration packaging demo")

# Called where errexit holds (never as `run_lane || ...`): a failing command
# ends the lane.
run_lane() {  # STAGE...
  local stage start
  for stage in "$@"; do
    start=$SECONDS
    "run_$stage"
    log "$stage passed in $((SECONDS - start)) s"
  done
}

selected() {  # STAGE...: those of the stages this run was asked for, in order
  local stage
  for stage in "$@"; do [[ " ${stages[*]} " == *" $stage "* ]] && echo "$stage"; done
  return 0
}

setup
lane_pids=() lane_logs=() here=("${stages[@]}")
kill_lanes() { local pid; for pid in "${lane_pids[@]}"; do kill -- "-$pid" 2>/dev/null || true; done; }
if [ "${PROMOPS_SERIAL:-0}" != 1 ] && [ ${#stages[@]} -gt 1 ]; then
  export PROMOPS_MOLECULE_LANES=2
  for lane in "${BESIDE[@]}"; do
    # shellcheck disable=SC2086 # a lane is a list of stages
    mapfile -t mine < <(selected $lane)
    if [ ${#mine[@]} -eq 0 ] || [ ${#mine[@]} -eq ${#here[@]} ]; then continue; fi
    mapfile -t here < <(for stage in "${here[@]}"; do [[ " ${mine[*]} " == *" $stage "* ]] || echo "$stage"; done)
    lane_logs+=("$BUILD_DIR/lane-${mine[0]}.log")
    log "${mine[*]} beside; output: ${lane_logs[-1]}"
    # A process group of its own (set -m), so that a failure stops it whole.
    set -m
    run_lane "${mine[@]}" > "${lane_logs[-1]}" 2>&1 &
    lane_pids+=("$!")
    set +m
  done
  trap kill_lanes EXIT
fi
# A failure here ends the run, and the trap stops the lanes beside.
run_lane "${here[@]}"
for i in "${!lane_pids[@]}"; do
  status=0
  wait "${lane_pids[i]}" || status=$?
  log "output of the lane beside (${lane_logs[i]}):"
  cat "${lane_logs[i]}"
  [ $status -eq 0 ] || { log "the lane of ${lane_logs[i]} FAILED"; exit $status; }
done
trap - EXIT
log "all stages passed in $SECONDS s: ${stages[*]}"
