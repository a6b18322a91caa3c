#!/usr/bin/env bash
# ansible-test sanity for each ansible-core under test, on a fresh copy of the
# collection in an ansible_collections/promops/prometheus tree (ansible-test
# needs the real path, not a symlink, and outside any git work tree whose
# ignore rules would hide it). Each core runs where it runs (on_core).
source "$(dirname "$0")/common.sh"
dest=$CACHE_DIR/sanity/ansible_collections/promops/prometheus
rm -rf "$dest" && mkdir -p "$dest"
(cd "$REPO_ROOT" && git ls-files --cached --others --exclude-standard -z) \
  | rsync -a --from0 --ignore-missing-args --files-from=- "$REPO_ROOT/" "$dest/"
# The newest core checks every file; the others, what the collection ships
# (its tarball leaves tests/ out; the test code runs on the newest core too).
for core in $CORE_VERSIONS; do
  targets=()
  [ "$core" = "$NEWEST_CORE" ] || targets=(plugins/ roles/ playbooks/ meta/)
  log "ansible-test sanity${targets[0]:+ of ${targets[*]}} (ansible-core $core, Python $(core_python "$core"))"
  on_core "$core" bash "$REPO_ROOT/tests/scripts/sanity-core.sh" "$core" "$dest" "$@" "${targets[@]}"
done
