#!/bin/sh
# publisher installer: downloads a pinned release for this machine, checks its SHA-256 against
# the release's SHA256SUMS, and installs the binary.
#
#   curl -fsSL https://github.com/publisher-cli/publisher/releases/download/v0.1.0/publisher-installer.sh | sh
#
# Environment:
#   PUBLISHER_VERSION       release to install (the release stamps its own version below)
#   PUBLISHER_INSTALL_DIR   where to put the binary [default: $HOME/.local/bin]
#   PUBLISHER_DOWNLOAD_URL  base URL of the releases (a mirror; file:// works) [default: GitHub]
#   PUBLISHER_TARGET        Rust target triple, to override detection
set -eu

STAMPED_VERSION="@VERSION@"
VERSION="${PUBLISHER_VERSION:-$STAMPED_VERSION}"
VERSION="${VERSION#v}"
BASE="${PUBLISHER_DOWNLOAD_URL:-https://github.com/publisher-cli/publisher/releases/download}"
DEST="${PUBLISHER_INSTALL_DIR:-${HOME:-.}/.local/bin}"

die() {
  echo "publisher installer: $*" >&2
  exit 1
}

case "$VERSION" in
  @*@ | "") die "no version: set PUBLISHER_VERSION (e.g. 0.1.0)" ;;
esac

if [ -n "${PUBLISHER_TARGET:-}" ]; then
  target="$PUBLISHER_TARGET"
else
  case "$(uname -m)" in
    x86_64 | amd64) arch=x86_64 ;;
    aarch64 | arm64) arch=aarch64 ;;
    *) die "no prebuilt binary for CPU $(uname -m); use: cargo install --locked oci-marketplace-publisher" ;;
  esac
  case "$(uname -s)" in
    Linux) target="$arch-unknown-linux-musl" ;;
    Darwin) target="$arch-apple-darwin" ;;
    MINGW* | MSYS* | CYGWIN* | Windows_NT) target="$arch-pc-windows-msvc" ;;
    *) die "no prebuilt binary for $(uname -s); use: cargo install --locked oci-marketplace-publisher" ;;
  esac
fi
case "$target" in
  *windows*) ext=zip exe=publisher.exe ;;
  *) ext=tar.gz exe=publisher ;;
esac

name="publisher-$VERSION-$target.$ext"
url="$BASE/v$VERSION"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT INT TERM

fetch() {
  if command -v curl >/dev/null 2>&1; then
    curl --proto '=https,file' -fsSL --retry 3 -o "$2" "$1"
  elif command -v wget >/dev/null 2>&1; then
    wget -q -O "$2" "$1"
  else
    die "needs curl or wget"
  fi
}

sha256() {
  if command -v sha256sum >/dev/null 2>&1; then
    sha256sum "$1" | cut -d' ' -f1
  elif command -v shasum >/dev/null 2>&1; then
    shasum -a 256 "$1" | cut -d' ' -f1
  else
    openssl dgst -sha256 -r "$1" | cut -d' ' -f1
  fi
}

fetch "$url/$name" "$tmp/$name" || die "cannot download $url/$name"
fetch "$url/SHA256SUMS" "$tmp/SHA256SUMS" || die "cannot download $url/SHA256SUMS"
want="$(awk -v n="$name" '$2 == n || $2 == "*" n { print $1 }' "$tmp/SHA256SUMS")"
[ -n "$want" ] || die "SHA256SUMS has no line for $name"
got="$(sha256 "$tmp/$name")"
[ "$want" = "$got" ] || die "checksum mismatch for $name: expected $want, got $got; nothing was installed"

mkdir -p "$tmp/x"
case "$ext" in
  zip) (cd "$tmp/x" && unzip -q "../$name") || die "cannot unpack $name" ;;
  *) tar -xzf "$tmp/$name" -C "$tmp/x" || die "cannot unpack $name" ;;
esac
[ -f "$tmp/x/$exe" ] || die "$name has no $exe"
mkdir -p "$DEST"
cp "$tmp/x/$exe" "$DEST/$exe.tmp.$$"
chmod 755 "$DEST/$exe.tmp.$$"
mv -f "$DEST/$exe.tmp.$$" "$DEST/$exe"
echo "installed publisher $VERSION ($target, sha256 $got) to $DEST/$exe"
