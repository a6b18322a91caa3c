#!/usr/bin/env bash
# One virtualenv per ansible-core version under test, made with the Python
# that core runs on (here, or in its controller container: on_core), and made
# again when the requirements change. The tools core gets the test tools and
# the collections the tools use; the newest core the tools too. The venvs are
# made side by side (most of the time is downloads); each one's output goes to
# its log, shown when it fails.
#   make-venvs.sh            every venv
#   make-venvs.sh host       those of the cores that run on this machine
#   make-venvs.sh containers those of the cores that run in a controller image
source "$(dirname "$0")/common.sh"
which=${1:-all}
mkdir -p "$CACHE_DIR/locks"
# molecule's podman driver needs containers.podman, and the benchmarks
# ansible.posix; Galaxy is out of reach, so both come out of the community
# package (pinned to the tools core), unpacked alone into the venv: the rest
# of its hundreds of megabytes is never used.
COLLECTIONS_WHEEL="ansible~=12.3"
COLLECTIONS=(containers/podman ansible/posix)
# Whether venv $1 was made from the requirements whose stamp is $2.
current() { [ -f "$1/.stamp" ] && [ "$(cat "$1/.stamp")" = "$2" ]; }

jobs=()
# shellcheck disable=SC2086 # the list of versions is split on purpose
for core in $(printf '%s\n' $CORE_VERSIONS "$TOOLS_CORE" | sort -uV); do
  runner=$(core_runner "$core")
  case $which in
    host) [ "$runner" = host ] || continue ;;
    containers) [ "$runner" != host ] || continue ;;
  esac
  venv=$(venv_dir "$core")
  reqs=("$REPO_ROOT/tests/requirements.txt")
  args=("ansible-core~=$core.0")
  collections=()
  if [ "$core" = "$TOOLS_CORE" ] || [ "$core" = "$NEWEST_CORE" ]; then
    reqs+=("$REPO_ROOT/tests/requirements-tools.txt")
  fi
  [ "$core" = "$TOOLS_CORE" ] && collections=("$COLLECTIONS_WHEEL" "${COLLECTIONS[@]}")
  for r in "${reqs[@]}"; do args+=(-r "$r"); done
  stamp=$(printf "%s\n" "${args[@]#"$REPO_ROOT"/}" "${collections[@]}" | cat - "${reqs[@]}" | sha256sum | cut -c1-16)
  current "$venv" "$stamp" && continue
  # A venv another run of this script is making is waited for, not made twice.
  # shellcheck disable=SC2016
  (exec 9> "$CACHE_DIR/locks/venv-core$core"
   flock 9
   current "$venv" "$stamp" && exit 0
   log "creating $venv (ansible-core $core, Python $(core_python "$core"))"
   rm -rf "$venv"
   (on_core "$core" sh -c 'python3 -m venv --without-pip "$0" && "$0/bin/python" "$@"' \
      "$venv" "$REPO_ROOT/tests/scripts/get-pip-offline.py" -q pip "${args[@]}" \
    && if [ ${#collections[@]} -gt 0 ]; then
         on_core "$core" python "$REPO_ROOT/tests/scripts/unpack-collections.py" "$venv" "${collections[@]}"
       fi \
    && echo "$stamp" > "$venv/.stamp") > "$CACHE_DIR/venv-core$core.log" 2>&1) &
  jobs+=("$!:$core")
done
failed=0
for job in "${jobs[@]}"; do
  if ! wait "${job%%:*}"; then
    log "the venv of ansible-core ${job#*:} could not be made:"
    cat "$CACHE_DIR/venv-core${job#*:}.log" >&2
    failed=1
  fi
done
exit $failed
