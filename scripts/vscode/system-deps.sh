#!/usr/bin/env bash
# Installs the Debian packages the end-to-end tier needs (Chromium to drive the workbench,
# ripgrep and build tools for code-server's native modules), when any is missing.
set -euo pipefail
PKGS=(chromium ripgrep build-essential pkg-config python3-venv libkrb5-dev libxkbfile-dev libsecret-1-dev libx11-dev)
missing=()
for p in "${PKGS[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
[ ${#missing[@]} -eq 0 ] && exit 0
SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}"
