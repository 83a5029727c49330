#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# Usage: mkinitramfs.sh OUT.cpio.gz STATIC_BIN_DIR [EXTRA_DIR]
# Builds the test VM's initramfs: busybox, the static sockfence and sfprobe,
# the guest init, and every scenario under tests/vm/. The contents of
# EXTRA_DIR, when given, are copied over the image's root last (the
# benchmarks add their client and scenarios that way).
set -euo pipefail

out=${1:?output file}
bins=${2:?directory with static sockfence and sfprobe}
top=$(cd "$(dirname "$0")/../.." && pwd)
busybox=$(command -v busybox) || { echo "mkinitramfs: busybox not found (apt-get install busybox-static)" >&2; exit 1; }
if ldd "$busybox" >/dev/null 2>&1; then # ldd fails on static binaries
	echo "mkinitramfs: $busybox is not static (apt-get install busybox-static)" >&2
	exit 1
fi

root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
chmod 755 "$root" # mktemp makes it 0700: nobody but root could reach /run
mkdir -p "$root"/{bin,sbin,usr/bin,usr/sbin,proc,sys,dev,run,tmp,var/log,etc,tests}
ln -s ../run "$root/var/run"
cp "$busybox" "$root/bin/busybox"
for applet in $("$busybox" --list); do
	[[ -e $root/bin/$applet ]] || ln -s busybox "$root/bin/$applet"
done
cp "$bins/sockfence" "$bins/sfprobe" "$root/bin/"
# The migration scenario's second daemon (make static builds it).
[[ -x $bins/sockfence-next-layout ]] && cp "$bins/sockfence-next-layout" "$root/bin/"
cp "$top/scripts/vm/init" "$root/init"
chmod 755 "$root/init"
cp "$top"/tests/vm/*.sh "$top/scripts/vm/demo.sh" "$root/tests/"
printf 'root:x:0:0:root:/root:/bin/sh\nuser:x:1000:1000:user:/tmp:/bin/sh\n' >"$root/etc/passwd"
printf 'root:x:0:\nuser:x:1000:\ndocker:x:999:\n' >"$root/etc/group"
extra=${3:-}
[[ -z $extra ]] || cp -R "$extra"/. "$root"/
(cd "$root" && find . -print0 | cpio --null -o -H newc --quiet) | gzip -1 >"$out.tmp"
mv "$out.tmp" "$out"
