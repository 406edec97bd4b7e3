# Shared by scripts/run and scripts/test: installs what this machine lacks.
# Safe to run again: every step checks first and does nothing if done.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# One target dir outside the clone, so a fresh clone on the same machine (CI)
# reuses earlier builds. A fresh machine simply builds from scratch.
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$HOME/.cache/madoguchi/target}
export PATH="$HOME/.cargo/bin:$PATH"

APT_PACKAGES=(
  build-essential pkg-config libssl-dev libdbus-1-dev
  libgtk-3-dev libwebkit2gtk-4.1-dev libjavascriptcoregtk-4.1-dev libsoup-3.0-dev librsvg2-dev patchelf
  fonts-ipaexfont
  xvfb xauth webkit2gtk-driver gnome-keyring dbus dbus-x11 poppler-utils
  faketime iproute2 tcpdump
)

log() { printf '\033[1m==> %s\033[0m\n' "$*"; }

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi
}

# Another process may hold the apt lock on a fresh machine: retry, don't fail.
apt_retry() {
  local i
  for i in $(seq 1 30); do
    if as_root env DEBIAN_FRONTEND=noninteractive "$@"; then return 0; fi
    log "apt busy or failed (try $i), retrying in 10 s"
    sleep 10
  done
  return 1
}

ensure_apt_packages() {
  local missing=() p
  for p in "${APT_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    log "Installing Debian packages: ${missing[*]}"
    apt_retry apt-get update -qq
    apt_retry apt-get install -y -qq --no-install-recommends "${missing[@]}"
  fi
}

ensure_node_modules() {
  # npm ci when node_modules is missing or older than the lock file.
  if [ ! -f "$ROOT/ui/node_modules/.package-lock.json" ] || [ "$ROOT/ui/package-lock.json" -nt "$ROOT/ui/node_modules/.package-lock.json" ]; then
    log "Installing npm packages (npm ci)"
    (cd "$ROOT/ui" && npm ci --no-audit --no-fund)
  fi
}

ensure_tauri_driver() {
  if ! command -v tauri-driver >/dev/null 2>&1; then
    log "Installing tauri-driver (cargo install, ~90 s)"
    cargo install tauri-driver --version 2.1.0 --locked
  fi
}

build_ui() {
  log "Building the front end (ui/dist)"
  (cd "$ROOT/ui" && npm run build --silent)
}

build_app() {
  log "Building the app (debug, front end embedded)"
  (cd "$ROOT" && cargo build -p madoguchi --features custom-protocol,test-hooks)
}
# The .deb, as an office PC would get it. A debug build reuses the E2E
# build (~1 min); a release package is `tauri build --bundles deb` without
# --debug (docs/BUILDING.md).
build_deb() {
  log "Building the .deb package (debug)"
  (cd "$ROOT" && CI=true TAURI_APP_PATH=src-tauri/app ui/node_modules/.bin/tauri build --debug --bundles deb)
}

deb_path() {
  ls -t "$CARGO_TARGET_DIR"/debug/bundle/deb/Madoguchi_*_amd64.deb | head -1
}

# Installs the package with apt, which also pulls in what it depends on.
install_deb() {
  local deb
  deb=$(deb_path)
  log "Installing $(basename "$deb")"
  apt_retry apt-get install -y -qq --reinstall "$deb"
}
source "$ROOT/scripts/cups.sh"
