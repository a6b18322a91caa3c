#!/usr/bin/env bash
# The whole test suite, from a fresh Debian 12 or 13 machine (as root):
#   bash tests/run.sh              every stage
#   bash tests/run.sh unit lint    only the named stages (setup always runs)
# Stages: unit lint integration sanity packaging molecule demo
# Each ansible-core of CORE_VERSIONS runs on this machine's Python when it
# supports it, else in a container of the Debian 13 (or 12) test image.
source "$(dirname "$0")/scripts/common.sh"

# Sanity comes after integration: from fresh, ansible-test's virtualenvs
# (below) take 11-12 minutes beside the other stages, longer than unit and lint.
ALL_STAGES=(unit lint integration sanity packaging molecule demo)
stages=("$@")
[ ${#stages[@]} -eq 0 ] && stages=("${ALL_STAGES[@]}")
for stage in "${stages[@]}"; do
  [[ " ${ALL_STAGES[*]} " == *" $stage "* ]] || { echo "unknown stage '$stage'; stages: ${ALL_STAGES[*]}" >&2; exit 2; }
done

SECONDS=0
started=$(date +%s)

# Where Ansible and its tools keep their files by default, in the user's home.
# The run keeps its own in the cache (common.sh) and must leave these alone.
check_home() {
  local touched
  touched=$(find "$HOME/.ansible" "$HOME/.ansible_async" "$HOME/.cache/ansible-compat" "$HOME/.cache/molecule" \
               -newermt "@$started" 2>/dev/null | head -20 || true)
  [ -z "$touched" ] && return 0
  log "the run wrote into the user's home, which it leaves alone (Ansible's and its tools' default folders);" \
      "give the tool that wrote these a folder in the cache (tests/scripts/common.sh):"
  printf '%s\n' "$touched" >&2
  return 1
}

# Starts a command in the background, in a process group of its own (so that
# stop_background stops it whole); the variable $1 keeps its pid.
beside() {
  local var=$1
  shift
  set -m
  "$@" &
  printf -v "$var" '%s' "$!"
  set +m
}

# Waits for the background job whose pid the variable $1 holds, and forgets it.
await() {
  local status=0
  wait "${!1}" || status=$?
  printf -v "$1" '%s' ''
  [ $status -eq 0 ] || { log "$2"; return $status; }
}

# The downloads of setup run side by side: the servers and the virtualenvs of
# the cores that run here beside the test images. The molecule stage needs no
# more and starts then; the controller images, the virtualenvs of the cores
# that run in them and ansible-test's are made beside it (the fleet scenario,
# which needs the newest core's, waits for it: tests/scripts/make-venvs.sh).
setup() {
  bash "$REPO_ROOT/tests/scripts/install-system-packages.sh"
  mkdir -p "$BUILD_DIR"
  beside fetch_servers_pid bash "$REPO_ROOT/tests/scripts/fetch-servers.sh"
  beside host_venvs_pid bash "$REPO_ROOT/tests/scripts/make-venvs.sh" host
  bash "$REPO_ROOT/tests/scripts/build-images.sh" tests
  log "the controller images and their cores' virtualenvs are made beside the next steps; their output:" \
      "$BUILD_DIR/setup-controllers.log"
  beside controllers_pid make_controllers > "$BUILD_DIR/setup-controllers.log" 2>&1
  await host_venvs_pid "the virtualenvs of the cores that run here could not be made (see above)"
  await fetch_servers_pid "the servers could not be fetched (see above)"
  link_collection
  # Mount point for the Alertmanager templates of each suite (see tests/integration/servers.py).
  mkdir -p /usr/share/prometheus
}

make_controllers() {
  bash "$REPO_ROOT/tests/scripts/build-images.sh" controllers && bash "$REPO_ROOT/tests/scripts/make-venvs.sh" containers
}

setup_controllers() {
  await controllers_pid "the controller images or their virtualenvs could not be made (see $BUILD_DIR/setup-controllers.log)"
  make_sanity_venvs
}

where() {
  local runner
  runner=$(core_runner "$1")
  if [ "$runner" = host ]; then echo "ansible-core $1, Python $(core_python "$1")"
  else echo "ansible-core $1, Python $(core_python "$1") in a Debian $runner container"; fi
}

# Two workers: much of a unit test is a fault server's timeout.
run_unit() {
  for core in $CORE_VERSIONS; do
    log "unit tests ($(where "$core"))"
    (cd "$REPO_ROOT" && PYTHONPATH=$COLLECTION_ROOT on_core "$core" python -m pytest -p no:cacheprovider -q -n 2 tests/unit)
  done
}

# ansible-test makes a virtualenv of its own for each sanity test of each
# core: on a fresh machine, downloads and six minutes of processor time for
# the four cores. They are made beside the stages before sanity, which waits
# for them.
sanity_venvs_pid=
make_sanity_venvs() {
  [[ " ${stages[*]} " == *" sanity "* ]] || return 0
  mkdir -p "$BUILD_DIR"
  log "ansible-test's virtualenvs are made beside the next steps; their output: $BUILD_DIR/sanity-venvs.log"
  beside sanity_venvs_pid bash "$REPO_ROOT/tests/scripts/sanity.sh" --prime-venvs > "$BUILD_DIR/sanity-venvs.log" 2>&1
}

run_sanity() {
  if [ -n "$sanity_venvs_pid" ]; then
    await sanity_venvs_pid "ansible-test's virtualenvs could not be made (see $BUILD_DIR/sanity-venvs.log)"
  fi
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

# Beside the other stages, the molecule stage takes its scenarios from a
# queue, longest first (from fresh on two CPUs: default 10-13 min, secure 8-11,
# fleet 5-7, cluster 4-7, takeover 3-5, dropin 2-4); when the other stages are done,
# this shell takes the ones still queued, so that the run ends with the two
# processors busy.
MOLECULE_ORDER=(default secure fleet cluster takeover dropin)
molecule_queue=$BUILD_DIR/molecule-queue
fill_molecule_queue() {
  local f name
  printf '%s\n' "${MOLECULE_ORDER[@]}" > "$molecule_queue"
  for f in "$REPO_ROOT"/extensions/molecule/*/molecule.yml; do
    name=$(basename "$(dirname "$f")")
    [[ " ${MOLECULE_ORDER[*]} " == *" $name "* ]] || echo "$name" >> "$molecule_queue"
  done
}

molecule_timed() {
  local start=$SECONDS
  PROMOPS_MOLECULE_QUEUE=$molecule_queue run_molecule && log "molecule passed in $((SECONDS - start)) s"
}

# What the queue still holds when the other stages are done.
molecule_rest() {
  [ -s "$molecule_queue" ] || return 0
  log "the other stages are done; the scenarios still queued run here too: $(tr '\n' ' ' < "$molecule_queue")"
  PROMOPS_MOLECULE_QUEUE=$molecule_queue run_molecule
}

wait_for_molecule() {
  local status=0
  await molecule_pid "molecule FAILED (its output follows)" || status=$?
  log "molecule output (build/molecule.log):"
  cat "$BUILD_DIR/molecule.log"
  [ $status -eq 0 ] || exit $status
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

# The molecule stage waits on containers most of its time, the others on the
# processor: with other stages to run, it runs beside them (its output goes to
# build/molecule.log and is shown when it ends), unless PROMOPS_SERIAL=1.
molecule_beside() {
  [ "${PROMOPS_SERIAL:-0}" != 1 ] && [[ " ${stages[*]} " == *" molecule "* ]] && [ ${#stages[@]} -gt 1 ]
}

# What runs in the background stops with the run, whole (each is a process
# group of its own, set -m), when a failure ends it.
molecule_pid='' fetch_servers_pid='' host_venvs_pid='' controllers_pid=''
stop_background() {
  local pid
  for pid in $molecule_pid $sanity_venvs_pid $fetch_servers_pid $host_venvs_pid $controllers_pid; do
    kill -- "-$pid" 2>/dev/null || true
  done
}
trap stop_background EXIT

setup
if molecule_beside; then
  log "molecule runs beside the other stages, after $SECONDS s of setup; its output: $BUILD_DIR/molecule.log"
  fill_molecule_queue
  beside molecule_pid molecule_timed > "$BUILD_DIR/molecule.log" 2>&1
fi
setup_controllers
log "setup done in $SECONDS s"
# The demo's container publishes 9090 and 9093; the scenarios' containers
# publish only their SSH ports, on free ones: the demo runs beside them too.
for stage in "${stages[@]}"; do
  [ "$stage" = molecule ] && [ -n "$molecule_pid" ] && continue
  start=$SECONDS
  "run_$stage"
  log "$stage passed in $((SECONDS - start)) s"
done
if [ -n "$molecule_pid" ]; then
  rest_status=0
  molecule_rest || rest_status=$?
  wait_for_molecule
  [ $rest_status -eq 0 ] || { log "molecule FAILED (see above)"; exit $rest_status; }
fi
check_home
log "all stages passed in $SECONDS s: ${stages[*]}"
