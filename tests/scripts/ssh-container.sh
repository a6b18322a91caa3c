#!/usr/bin/env bash
# A systemd container of the test images that Ansible reaches over SSH on a
# 127.0.0.1 port, as fleets are reached:
#   ssh-container.sh start NAME SUITE   starts it; prints the port
#   ssh-container.sh stop NAME          removes it
# Ansible logs in as the user promops with the test key (ssh_key in
# common.sh) and becomes root with sudo, as on a fleet's hosts.
source "$(dirname "$0")/common.sh"

action=${1:?usage: ssh-container.sh start NAME SUITE | stop NAME}
name=${2:?the container name}

if [ "$action" = stop ]; then
  podman rm --force --time 5 "$name" >/dev/null 2>&1 || true
  exit 0
fi
suite=${3:?the Debian suite of the image}
key=$(ssh_key)
port=$(free_port)

podman rm --force --time 5 "$name" >/dev/null 2>&1 || true
podman run --detach --name "$name" --hostname "$name" --systemd=always \
  --publish "127.0.0.1:$port:22" "localhost/promops-debian:$suite" /sbin/init >/dev/null
wait_for_systemd "$name" || exit 1

podman exec -i "$name" sh -c 'useradd --create-home --shell /bin/bash promops \
  && install -d -m 0700 -o promops -g promops /home/promops/.ssh \
  && cat > /home/promops/.ssh/authorized_keys && chown promops: /home/promops/.ssh/authorized_keys \
  && chmod 0600 /home/promops/.ssh/authorized_keys \
  && echo "promops ALL=(ALL) NOPASSWD: ALL" > /etc/sudoers.d/promops && chmod 0440 /etc/sudoers.d/promops' < "$key.pub"
printf 'PermitRootLogin no\nPasswordAuthentication no\n' \
  | podman exec -i "$name" sh -c 'cat > /etc/ssh/sshd_config.d/promops-tests.conf && sshd -t && systemctl restart ssh'
for _ in $(seq 1 30); do
  if ssh -q -o BatchMode=yes -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o ConnectTimeout=2 \
       -i "$key" -p "$port" promops@127.0.0.1 true 2>/dev/null; then
    echo "$port"
    exit 0
  fi
  sleep 1
done
log "sshd in $name does not answer on 127.0.0.1:$port"
exit 1
