#!/usr/bin/env bash
# ansible-test sanity of ansible-core $1 on the collection copied to $2, with
# the Python this runs on; sanity.sh runs it where that core runs.
source "$(dirname "$0")/common.sh"
core=$1 dest=$2
shift 2
# ansible-test pins its own tool versions: keep them out of the test venvs.
venv=$CACHE_DIR/venv-sanity-core$core-py$HOST_PYTHON
if [ ! -x "$venv/bin/ansible-test" ]; then
  python3 -m venv --without-pip "$venv"
  "$venv/bin/python" "$REPO_ROOT/tests/scripts/get-pip-offline.py" -q pip "ansible-core~=$core.0" requests pyyaml
fi
pip_version=$(grep -ho "pip='[0-9.]*'" "$venv"/lib/python3*/site-packages/ansible_test/_internal/python_requirements.py \
              | head -1 | tr -dc '0-9.')
# ansible-test keeps its virtualenvs and downloads under ~/.ansible/test: give
# it a home of its own in the cache, where its pip bootstrap is the offline one.
test_home=$CACHE_DIR/sanity-home
mkdir -p "$test_home/.ansible/test/cache"
cp "$REPO_ROOT/tests/scripts/get-pip-offline.py" "$test_home/.ansible/test/cache/get_pip_${pip_version//./_}.py"
cd "$dest" || exit 1
HOME=$test_home PATH="$venv/bin:$PATH" ansible-test sanity --requirements --python "$HOST_PYTHON" --color no "$@"
