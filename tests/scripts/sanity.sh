#!/usr/bin/env bash
# ansible-test sanity for each ansible-core under test, on a fresh copy of the
# collection in an ansible_collections/promops/prometheus tree (ansible-test
# needs the real path, not a symlink, and outside any git work tree whose
# ignore rules would hide it).
source "$(dirname "$0")/common.sh"
dest=$CACHE_DIR/sanity/ansible_collections/promops/prometheus
rm -rf "$dest" && mkdir -p "$dest"
(cd "$REPO_ROOT" && git ls-files --cached --others --exclude-standard -z) \
  | rsync -a --from0 --ignore-missing-args --files-from=- "$REPO_ROOT/" "$dest/"
for core in $CORE_VERSIONS; do
  # ansible-test pins its own tool versions: keep them out of the test venvs.
  venv=$CACHE_DIR/venv-sanity-core$core
  if [ ! -x "$venv/bin/ansible-test" ]; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install -q "ansible-core~=$core.0" requests pyyaml
  fi
  pip_version=$(grep -ho "pip='[0-9.]*'" "$venv"/lib/python3*/site-packages/ansible_test/_internal/python_requirements.py \
                | head -1 | tr -dc '0-9.')
  # ansible-test keeps its virtualenvs and downloads under ~/.ansible/test:
  # give it a home of its own in the cache.
  test_home=$CACHE_DIR/sanity-home
  mkdir -p "$test_home/.ansible/test/cache"
  cp "$REPO_ROOT/tests/scripts/get-pip-offline.py" "$test_home/.ansible/test/cache/get_pip_${pip_version//./_}.py"
  log "ansible-test sanity (ansible-core $core)"
  (cd "$dest" && HOME=$test_home PATH="$venv/bin:$PATH" "$venv/bin/ansible-test" sanity --requirements \
     --python 3.11 --color no "$@")
done
