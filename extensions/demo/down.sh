#!/usr/bin/env bash
# Removes the container that up.sh created.
source "$(dirname "$0")/../../tests/scripts/common.sh"
NAME=${PROMOPS_DEMO_NAME:-promops-demo}
if podman container exists "$NAME"; then
  podman rm --force --time 5 "$NAME" >/dev/null
  log "removed container $NAME"
else
  log "no container $NAME"
fi
