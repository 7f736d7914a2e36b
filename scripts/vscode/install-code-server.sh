#!/usr/bin/env bash
# Installs code-server (the full VS Code, from npm) once into the user's cache, keyed by version,
# without anything downloaded from outside the npm registry: ripgrep comes from Debian, native
# modules build from source against the local Node headers. Prints the code-server binary path.
set -euo pipefail
VERSION=${CODE_SERVER_VERSION:-4.100.3}
CACHE=${XDG_CACHE_HOME:-$HOME/.cache}/ml-hygiene
DEST=$CACHE/code-server-$VERSION
BIN=$DEST/node_modules/.bin/code-server
if [ -x "$BIN" ] && "$BIN" --version >/dev/null 2>&1; then echo "$BIN"; exit 0; fi

command -v rg >/dev/null || { echo "ripgrep is missing: run scripts/vscode/system-deps.sh" >&2; exit 1; }
rm -rf "$DEST.partial"; mkdir -p "$DEST.partial"
TMP=$(mktemp -d); trap 'rm -rf "$TMP"' EXIT
# @vscode/ripgrep's postinstall looks for this cached download before going to GitHub.
RG_CACHE=$TMP/vscode-ripgrep-cache-1.15.11
mkdir -p "$RG_CACHE" "$TMP/rg"; cp "$(command -v rg)" "$TMP/rg/rg"
tar czf "$RG_CACHE/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz" -C "$TMP/rg" rg
[ -f /usr/include/node/node.h ] && export npm_config_nodedir=/usr
cd "$DEST.partial"
echo '{"name":"ml-hygiene-code-server","private":true}' > package.json
# unsafe_perm: its postinstall refuses root otherwise; yes: node-pty's postinstall runs npx node-gyp.
TMPDIR=$TMP npm_config_unsafe_perm=true npm_config_yes=true \
  npm install --no-audit --no-fund --loglevel=error "code-server@$VERSION" >&2
rm -rf "$DEST"; mv "$DEST.partial" "$DEST"
"$BIN" --version >&2
echo "$BIN"
