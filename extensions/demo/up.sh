#!/usr/bin/env bash
# Prometheus and Alertmanager, deployed by the site playbook onto a local
# systemd container, their ports published on 127.0.0.1. Run as root on
# Debian 12 or 13; it installs what it needs. Running it again changes nothing.
#   bash extensions/demo/up.sh      then open http://127.0.0.1:9090 and :9093
#   bash extensions/demo/down.sh    removes the container
source "$(dirname "$0")/../../tests/scripts/common.sh"

NAME=${PROMOPS_DEMO_NAME:-promops-demo}
SUITE=${PROMOPS_DEMO_SUITE:-bookworm}
PROMETHEUS_PORT=${PROMOPS_DEMO_PROMETHEUS_PORT:-9090}
ALERTMANAGER_PORT=${PROMOPS_DEMO_ALERTMANAGER_PORT:-9093}
export PROMOPS_DEMO_NAME=$NAME

bash "$REPO_ROOT/tests/scripts/install-system-packages.sh"
PROMOPS_CORE_VERSIONS=$TOOLS_CORE bash "$REPO_ROOT/tests/scripts/make-venvs.sh"
PROMOPS_IMAGE_SUITES=$SUITE bash "$REPO_ROOT/tests/scripts/build-images.sh"
link_collection

if ! podman container exists "$NAME"; then
  log "starting container $NAME (Debian $SUITE, systemd)"
  podman run --detach --name "$NAME" --hostname "$NAME" --systemd=always \
    --publish "127.0.0.1:$PROMETHEUS_PORT:9090" --publish "127.0.0.1:$ALERTMANAGER_PORT:9093" \
    "localhost/promops-debian:$SUITE" /sbin/init >/dev/null
elif [ "$(podman container inspect --format '{{.State.Running}}' "$NAME")" != true ]; then
  podman start "$NAME" >/dev/null
fi

wait_for_systemd "$NAME" || exit 1

venv=$(venv_dir "$TOOLS_CORE")
export ANSIBLE_COLLECTIONS_PATH=$COLLECTION_ROOT ANSIBLE_LOCAL_TEMP=$CACHE_DIR/ansible-tmp
inventory=$REPO_ROOT/extensions/demo/inventory.yml
log "deploying with ansible-playbook promops.prometheus.site"
"$venv/bin/ansible-playbook" promops.prometheus.site -i "$inventory"
log "checking with ansible-playbook promops.prometheus.health"
"$venv/bin/ansible-playbook" promops.prometheus.health -i "$inventory"

for port in "$PROMETHEUS_PORT" "$ALERTMANAGER_PORT"; do
  curl --fail --silent --show-error --max-time 5 "http://127.0.0.1:$port/-/ready" >/dev/null
done

# What a shell needs to run the collection's playbooks against the demo:
# ansible-playbook of the test virtualenv, the collection, podman's settings.
env_file=$BUILD_DIR/demo/env.sh
mkdir -p "$(dirname "$env_file")"
cat > "$env_file" <<ENV
# Source this file to run the collection's playbooks against the demo container.
export PATH=$venv/bin:\$PATH
export ANSIBLE_COLLECTIONS_PATH=$COLLECTION_ROOT ANSIBLE_HOME=$ANSIBLE_HOME ANSIBLE_LOCAL_TEMP=$ANSIBLE_LOCAL_TEMP
export CONTAINERS_CONF=$CONTAINERS_CONF PROMOPS_DEMO_NAME=$NAME
ENV
cat <<MSG

Prometheus:   http://127.0.0.1:$PROMETHEUS_PORT
Alertmanager: http://127.0.0.1:$ALERTMANAGER_PORT
Remove with:  bash extensions/demo/down.sh
Next: source $env_file && ansible-playbook promops.prometheus.health -i $inventory
MSG
