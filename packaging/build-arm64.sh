#!/usr/bin/env bash
# The station bundle for arm64 PCs (UOS / Kylin on Kunpeng or Phytium), built on an x86_64
# Debian machine in a Debian arm64 root run through qemu-user-static, then its --self-test run
# there once. As root:   packaging/build-arm64.sh [ROOT_FOLDER]     (default build/arm64-root)
#
# Why Debian 13 (trixie) and not 12: PySide6's aarch64 wheels need glibc >= 2.39 from 6.8 on
# (6.11.3 is `manylinux_2_39_aarch64`); bookworm has 2.36, trixie 2.41. Its Python is 3.13, on
# which the None-refcount fault that holds x86_64 stations at 6.11 does not exist (3.12 made None
# immortal); 6.11.3 is kept all the same, one Qt for every station.
# What the bundle then needs of a PC's C library is printed at the end ("glibc floor"), read
# from every ELF file in it; packaging/README.md says which UOS and Kylin releases that admits.
#
# The packages come from the same Debian mirror this machine's apt uses, PyPI's aarch64 wheels
# through pip as usual. Times of each stage go to build/arm64-times.json.
set -euo pipefail
cd "$(dirname "$0")/.."
REPO=$(pwd)
CHROOT=${1:-build/arm64-root}
SUITE=${SUITE:-trixie}
export DEBIAN_FRONTEND=noninteractive
TIMES=build/arm64-times.json
mkdir -p build
: >build/arm64-stages.txt
stage() { # stage NAME command...: run it, note its seconds
  local name=$1 start
  shift
  start=$(date +%s)
  echo "== $name"
  "$@"
  echo "$name $(($(date +%s) - start))" >>build/arm64-stages.txt
}

setup_host() {
  apt-get install -y -q --no-install-recommends qemu-user-static binfmt-support debootstrap \
    debian-archive-keyring binutils >/dev/null
  if [ ! -e /proc/sys/fs/binfmt_misc/register ]; then
    mount -t binfmt_misc binfmt_misc /proc/sys/fs/binfmt_misc
  fi
  update-binfmts --enable qemu-aarch64 2>/dev/null || true
  [ -e /proc/sys/fs/binfmt_misc/qemu-aarch64 ] || update-binfmts --import qemu-aarch64
}

mirror() { # the Debian mirror of this machine's own apt sources
  grep -rhoE 'https?://[^ ]+/debian/?$' /etc/apt/sources.list /etc/apt/sources.list.d/ 2>/dev/null |
    grep -v security | head -1
}

make_root() {
  if [ -x "$CHROOT/usr/bin/python3" ]; then
    echo "(kept: $CHROOT)"
    return
  fi
  debootstrap --arch=arm64 --variant=minbase \
    --include=python3,python3-venv,python3-dev,gcc,libc6-dev,binutils,ca-certificates,libegl1,libgl1,libxkbcommon0,libfontconfig1,libdbus-1-3,libglib2.0-0t64,libxcb-cursor0,libxkbcommon-x11-0,libxcb-icccm4,libxcb-keysyms1,libxcb-shape0,libice6,libsm6,libcups2t64 \
    "$SUITE" "$CHROOT" "$(mirror)"
}

copy_source() {
  rm -rf "$CHROOT/src"
  mkdir -p "$CHROOT/src"
  git -C "$REPO" archive HEAD | tar -x -C "$CHROOT/src"
  cp /etc/resolv.conf "$CHROOT/etc/resolv.conf"
  # The certificate authorities this machine trusts (a site's own, if its network has one), so
  # pip in the root reaches the same registry as pip here.
  cp /etc/ssl/certs/ca-certificates.crt "$CHROOT/etc/ssl/certs/build-host-ca.crt"
}

in_root() {
  chroot "$CHROOT" /usr/bin/env -i HOME=/root PATH=/usr/bin:/bin LANG=C.UTF-8 \
    PIP_CERT=/etc/ssl/certs/build-host-ca.crt PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_DEFAULT_TIMEOUT=180 "$@"
}

install_venv() {
  in_root bash -c 'cd /src && python3 -m venv .venv && .venv/bin/pip install -q --upgrade pip &&
    .venv/bin/pip install -q --only-binary=PySide6-Essentials,PySide6-Addons,shiboken6 -e . pyinstaller'
}

translations() {
  in_root bash -c 'cd /src && for ts in resources/i18n/*.ts; do
    .venv/bin/pyside6-lrelease -silent "$ts" -qm "${ts%.ts}.qm"; done'
}

freeze() {
  in_root bash -c 'cd /src && .venv/bin/pyinstaller --noconfirm --log-level WARN \
    --distpath dist --workpath build/pyinstaller packaging/hukou-desk.spec'
}

self_test() {
  in_root bash -c 'cd /tmp && HUKOU_DESK_HOME=/tmp/selftest QT_QPA_PLATFORM=offscreen \
    /src/dist/hukou-desk/hukou-desk --self-test'
}

glibc_floor() { # the highest GLIBC_x.y any ELF file of the bundle asks for
  find "$CHROOT/src/dist/hukou-desk" -type f \( -name '*.so*' -o -perm -u+x \) -print0 |
    xargs -0 readelf --dyn-syms --wide 2>/dev/null | grep -oE 'GLIBC_[0-9]+\.[0-9]+' |
    sort -t. -k2 -n | uniq | tail -1
}

stage host setup_host
stage root make_root
stage source copy_source
stage venv install_venv
stage translations translations
stage freeze freeze
stage self_test self_test
floor=$(glibc_floor)
size=$(du -sm "$CHROOT/src/dist/hukou-desk" | cut -f1)
tar -C "$CHROOT/src/dist" -czf build/hukou-desk-linux-aarch64.tar.gz hukou-desk
python3 - "$TIMES" "$floor" "$size" <<'EOF'
import json, sys
out, floor, size = sys.argv[1:]
times = {name: int(seconds) for name, seconds in
         (line.split() for line in open("build/arm64-stages.txt"))}
result = {"glibc_floor": floor, "bundle_mb": int(size), "seconds": times}
json.dump(result, open(out, "w"), indent=2)
print(json.dumps(result, indent=2))
EOF
echo "bundle: build/hukou-desk-linux-aarch64.tar.gz (glibc floor: $floor)"
