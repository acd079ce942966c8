# Shared by the scripts in this folder: paths, tool lookup and the wasm32 build environment.
# shellcheck shell=bash
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
TOOLS="$ROOT/.tools"
# shellcheck source=versions.env
. "$ROOT/scripts/versions.env"

export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$TOOLS/binaryen/node_modules/.bin:$PATH"
# Trunk must never try to download tools or check for updates: everything comes from setup.
export TRUNK_SKIP_VERSION_CHECK=true
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"

log() { printf '\n==> [%s] %s\n' "$(date +%T)" "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

# setup writes `debian` here when the wasm32 std comes from Debian's rustc-web (see setup).
toolchain_kind() { cat "$TOOLS/toolchain" 2>/dev/null || echo rustup; }

if [ "$(toolchain_kind)" = debian ]; then
  # Debian's cargo and rustc together; rustup's cargo with Debian's rustc breaks clippy on wasm32.
  export PATH="/usr/bin:$PATH"
fi

# Runs a command with the environment a wasm32 build needs on this toolchain.
with_wasm_env() {
  if [ "$(toolchain_kind)" = debian ]; then
    # std built from source with panic_abort: wasm-bindgen's closures then need panic=abort in
    # every profile (release has it in Cargo.toml), tests included (-Zpanic-abort-tests), or
    # cargo builds a second, unwinding core for the test harness.
    RUSTC_BOOTSTRAP=1 \
    CARGO_UNSTABLE_BUILD_STD=std,panic_abort \
    CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_LINKER=wasm-ld-22 \
    CARGO_PROFILE_DEV_PANIC=abort \
    CARGO_UNSTABLE_PANIC_ABORT_TESTS=true \
      "$@"
  else
    "$@"
  fi
}

# The sources of the active toolchain's std (rustup's rust-src component, or Debian's rust-web-src).
has_std_sources() {
  [ -d "$(rustc --print sysroot)/lib/rustlib/src/rust/library/std" ]
}

# Size levers for the release bundle only (docs/performance.md, "Size levers"). Dev builds, clippy
# and the browser tests keep ordinary panics, so a failing test still says why.
#   - std and core rebuilt with the release profile (opt-level z, LTO'd with the app);
#   - panics abort at once: no panic message is formatted (the app installs no panic hook, so
#     on wasm32 nobody could read one anyway);
#   - no file/line/column strings for panics, and Debug formatting compiled to nothing;
#   - Leptos views type-erased (`--cfg erase_components`): the app's many similar forms share
#     one copy of their rendering code instead of one per view type;
#   - std's `optimize_for_size` feature: its smaller variants of sorting, formatting and the
#     like (same results, fewer bytes).
# Extra levers can be tried with POOLGATE_RELEASE_RUSTFLAGS_EXTRA (measurements only).
RELEASE_WASM_RUSTFLAGS="-Zunstable-options -Cpanic=immediate-abort -Zlocation-detail=none -Zfmt-debug=none --cfg erase_components"
with_release_wasm_env() {
  if [ "${POOLGATE_SIZE_LEVERS:-1}" = 0 ] || ! has_std_sources; then
    [ "${POOLGATE_SIZE_LEVERS:-1}" = 0 ] || log "no std sources (rustup component add rust-src): release build without the size levers"
    with_wasm_env "$@"
    return
  fi
  RUSTC_BOOTSTRAP=1 \
  CARGO_UNSTABLE_BUILD_STD=std,panic_abort \
  CARGO_UNSTABLE_BUILD_STD_FEATURES=optimize_for_size \
  CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="$RELEASE_WASM_RUSTFLAGS ${POOLGATE_RELEASE_RUSTFLAGS_EXTRA:-}" \
    with_wasm_env "$@"
}

# The wasm-bindgen version Cargo.lock resolved; wasm-bindgen-cli must equal it.
locked_wasm_bindgen_version() {
  awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' "$ROOT/Cargo.lock"
}

# Waits until something listens on 127.0.0.1:$1, up to $2 seconds.
wait_for_port() {
  local port=$1 limit=$2 i
  for ((i = 0; i < limit * 10; i++)); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then return 0; fi
    sleep 0.1
  done
  return 1
}

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# Trunk runs cargo --offline and fails fast instead of trying to download tools (setup fetched all).
export TRUNK_OFFLINE=true

# The local pool's fixed port (config.json and the CSP name it) and where the tests serve dist/.
POOL_PORT=9229
# moto_server's port for the end-to-end tests against it (scripts/test).
MOTO_PORT=9236
