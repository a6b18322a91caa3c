#!/usr/bin/env bash
# Real Prometheus and Alertmanager builds from Debian's archive, one folder per
# suite under $SERVERS_DIR/<suite>/, unpacked with dpkg -x so the host's own
# packages stay as they are.
source "$(dirname "$0")/common.sh"

SUITES=${PROMOPS_SUITES:-"bookworm trixie sid"}
archive_uri=$(debian_archive_uri)

for suite in $SUITES; do
  dest=$SERVERS_DIR/$suite
  if [ -x "$dest/usr/bin/prometheus" ] && [ -x "$dest/usr/bin/promtool" ] \
     && [ -x "$dest/usr/bin/prometheus-alertmanager" ] && [ -x "$dest/usr/bin/amtool" ]; then
    continue
  fi
  log "fetching Prometheus and Alertmanager from Debian $suite"
  apt_dir=$CACHE_DIR/apt/$suite
  mkdir -p "$apt_dir/lists/partial" "$apt_dir/debs"
  echo "deb $archive_uri $suite main" > "$apt_dir/sources.list"
  apt_opts=(-o "Dir::Etc::SourceList=$apt_dir/sources.list" -o Dir::Etc::SourceParts=/dev/null
            -o "Dir::State::Lists=$apt_dir/lists" -o "Dir::Cache=$apt_dir/cache"
            -o Debug::NoLocking=1 -o APT::Sandbox::User=root -qq)
  mkdir -p "$apt_dir/cache/archives/partial"
  apt-get "${apt_opts[@]}" update
  packages=(prometheus prometheus-alertmanager)
  # From trixie on, promtool is a package of its own.
  if apt-cache "${apt_opts[@]}" show promtool >/dev/null 2>&1; then packages+=(promtool); fi
  rm -f "$apt_dir"/debs/*.deb
  (cd "$apt_dir/debs" && apt-get "${apt_opts[@]}" download "${packages[@]}")
  rm -rf "$dest.tmp" && mkdir -p "$dest.tmp"
  for deb in "$apt_dir"/debs/*.deb; do dpkg -x "$deb" "$dest.tmp"; done
  rm -rf "$dest" && mv "$dest.tmp" "$dest"
  "$dest/usr/bin/prometheus" --version 2>&1 | head -1 >&2
  "$dest/usr/bin/prometheus-alertmanager" --version 2>&1 | head -1 >&2
done
