#!/usr/bin/env bash
# One virtualenv per ansible-core version under test, rebuilt when the
# requirements change.
source "$(dirname "$0")/common.sh"
mkdir -p "$CACHE_DIR"
for core in $CORE_VERSIONS; do
  venv=$(venv_dir "$core")
  reqs=("$REPO_ROOT/tests/requirements.txt")
  [ "$core" = "$NEWEST_CORE" ] && reqs+=("$REPO_ROOT/tests/requirements-tools.txt")
  stamp=$(cat "${reqs[@]}" | sha256sum | cut -c1-16)-$core
  if [ -f "$venv/.stamp" ] && [ "$(cat "$venv/.stamp")" = "$stamp" ]; then
    continue
  fi
  log "creating $venv (ansible-core $core)"
  rm -rf "$venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q --upgrade pip
  args=("ansible-core~=$core.0")
  for r in "${reqs[@]}"; do args+=(-r "$r"); done
  # molecule's podman driver needs containers.podman; Galaxy is out of reach,
  # so it comes from the community package, pinned to the same core.
  [ "$core" = "$NEWEST_CORE" ] && args+=("ansible~=12.3")
  "$venv/bin/pip" install -q "${args[@]}"
  echo "$stamp" > "$venv/.stamp"
done
