#!/usr/bin/env bash
# Benchmarks: figures, not pass/fail tests (not part of tests/run.sh). On a
# Debian 12 machine, as root:
#   bash tests/benchmarks/run.sh                            every benchmark (~15-20 min)
#   bash tests/benchmarks/run.sh readiness fleet_health     only the named ones (setup always runs)
# Benchmarks: module_overhead readiness fleet_health idempotent_rerun config_change role_alone
# Each prints its figure as a ratio measured side by side in the same run, with
# the median and [min-max] of its runs, and writes build/benchmarks/<name>.json.
# PROMOPS_BENCH_RUNS=N sets every benchmark's repetitions (e.g. 2 for a quick
# look); PROMOPS_BENCH_SUITE picks the Debian suite of the host-side servers
# (default bookworm: Prometheus 2.42, the version the container runs).
# idempotent_rerun and config_change deploy a systemd container with
# extensions/demo/up.sh (name promops-bench, ports 127.0.0.1:19190 and :19193)
# and remove it at the end. role_alone runs the prometheus role alone on a
# container of its own (promops-bench-role, sshd on a free 127.0.0.1 port),
# over podman and over SSH, with Prometheus 3.5 from Debian sid's build; it
# removes the container at the end. docs/benchmarks.md has the latest figures.
source "$(dirname "$0")/../scripts/common.sh"

ALL=(module_overhead readiness fleet_health idempotent_rerun config_change role_alone)
CONTAINER_BENCHMARKS=" idempotent_rerun config_change "
selected=("$@")
[ ${#selected[@]} -eq 0 ] && selected=("${ALL[@]}")
for name in "${selected[@]}"; do
  [[ " ${ALL[*]} " == *" $name "* ]] || { echo "unknown benchmark '$name'; benchmarks: ${ALL[*]}" >&2; exit 2; }
done
# Always in the order of ALL: idempotent_rerun needs the container as up.sh
# left it, config_change changes it.
ordered=()
for name in "${ALL[@]}"; do
  [[ " ${selected[*]} " == *" $name "* ]] && ordered+=("$name")
done
selected=("${ordered[@]}")

export PROMOPS_DEMO_NAME=promops-bench PROMOPS_DEMO_PROMETHEUS_PORT=19190 PROMOPS_DEMO_ALERTMANAGER_PORT=19193
export PROMOPS_BENCH_SUITE=${PROMOPS_BENCH_SUITE:-bookworm}
RESULTS_DIR=$BUILD_DIR/benchmarks
venv=$(venv_dir "$TOOLS_CORE")

# The same setup as tests/run.sh, for the newest ansible-core and one suite.
bash "$REPO_ROOT/tests/scripts/install-system-packages.sh"
PROMOPS_CORE_VERSIONS=$TOOLS_CORE bash "$REPO_ROOT/tests/scripts/make-venvs.sh"
PROMOPS_SUITES=$PROMOPS_BENCH_SUITE bash "$REPO_ROOT/tests/scripts/fetch-servers.sh"
if [[ " ${selected[*]} " == *" role_alone "* ]]; then
  # Prometheus 3.5 for its release archive, the Debian 12 image, an ssh client.
  PROMOPS_SUITES=sid bash "$REPO_ROOT/tests/scripts/fetch-servers.sh"
  PROMOPS_IMAGE_SUITES=bookworm bash "$REPO_ROOT/tests/scripts/build-images.sh"
  if ! command -v ssh-keygen >/dev/null; then
    log "installing openssh-client"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends openssh-client >/dev/null
  fi
fi
link_collection
mkdir -p "$RESULTS_DIR" "$CACHE_DIR/ansible-tmp"

container_up=false
cleanup() {
  # Servers of fleet_health left behind by a benchmark that was killed outright:
  # each one leads its own process group.
  if [ -f "$RESULTS_DIR/fleet.pids" ]; then
    while read -r pid; do
      if [ -n "$pid" ] && grep -q prometheus "/proc/$pid/cmdline" 2>/dev/null; then
        kill -TERM -- "-$pid" 2>/dev/null || true
      fi
    done < "$RESULTS_DIR/fleet.pids"
    rm -f "$RESULTS_DIR/fleet.pids"
  fi
  if $container_up; then
    bash "$REPO_ROOT/extensions/demo/down.sh" || true
  fi
  # role_alone's container, left behind if the benchmark was killed outright.
  if [[ " ${selected[*]} " == *" role_alone "* ]] && podman container exists promops-bench-role 2>/dev/null; then
    podman rm --force --time 5 promops-bench-role >/dev/null || true
  fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

SECONDS=0
failed=()
for name in "${selected[@]}"; do
  if [ "$name" = role_alone ] && $container_up; then
    # role_alone has a container of its own: the demo one would only add load.
    bash "$REPO_ROOT/extensions/demo/down.sh" || true
    container_up=false
  fi
  if [[ "$CONTAINER_BENCHMARKS" == *" $name "* ]] && ! $container_up; then
    # A fresh container, deployed the way the demo is.
    bash "$REPO_ROOT/extensions/demo/down.sh"
    container_up=true
    start=$SECONDS
    if bash "$REPO_ROOT/extensions/demo/up.sh" > "$RESULTS_DIR/container-deploy.log" 2>&1; then
      log "container $PROMOPS_DEMO_NAME deployed by extensions/demo/up.sh in $((SECONDS - start)) s"
    else
      log "extensions/demo/up.sh failed (log: $RESULTS_DIR/container-deploy.log):"
      grep -E 'fatal:|ERROR|FAILED' "$RESULTS_DIR/container-deploy.log" | head -5 >&2 || true
      for skipped in "${selected[@]}"; do
        [[ "$CONTAINER_BENCHMARKS" == *" $skipped "* ]] && failed+=("$skipped")
      done
      CONTAINER_BENCHMARKS=" "
      continue
    fi
  fi
  [[ " ${failed[*]} " == *" $name "* ]] && continue
  start=$SECONDS
  if (cd "$REPO_ROOT/tests/benchmarks" && ANSIBLE_COLLECTIONS_PATH=$COLLECTION_ROOT \
        ANSIBLE_LOCAL_TEMP=$CACHE_DIR/ansible-tmp "$venv/bin/python" "$name.py"); then
    log "$name measured in $((SECONDS - start)) s"
  else
    log "$name could not be measured"
    failed+=("$name")
  fi
done
log "benchmarks done in $SECONDS s; figures in $RESULTS_DIR"
if [ ${#failed[@]} -gt 0 ]; then
  log "not measured: ${failed[*]}"
  exit 1
fi
