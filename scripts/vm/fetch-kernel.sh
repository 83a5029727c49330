#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# Usage: fetch-kernel.sh SERIES CACHE_DIR [MODULE...]
# Prints the path of a cached vmlinuz for the newest Debian cloud kernel of
# SERIES (6.1 or 6.12) in the archive, downloading it with apt-get first if
# needed. Patch versions come and go, so the package is chosen at run time.
# The MODULEs (e.g. smc), with the modules they depend on, are taken from
# the same package into modules.cpio.gz beside the vmlinuz: an initramfs
# fragment holding /lib/modules/sf/NAME.ko, uncompressed for busybox
# insmod, /lib/modules/sf/order, one name per line, dependencies first,
# and the package's modules.order and modules.builtin* for depmod.
set -euo pipefail

series=${1:?series, e.g. 6.1 or 6.12}
cache=${2:?cache directory}
shift 2
modules="$*"

case $series in
6.1) pattern='^linux-image-6\.1\.0-[0-9]+-cloud-amd64$' ;;
*) pattern="^linux-image-${series//./\\.}\\.[0-9]+\\+deb[0-9]+-cloud-amd64\$" ;;
esac

newest() { apt-cache search --names-only "$pattern" | awk '{print $1}' | sort -V | tail -n 1; }

pkg=$(newest)
if [[ -z $pkg ]]; then
	# A fresh machine may not have read the archive's package lists yet.
	apt-get update -qq >&2 || true
	pkg=$(newest)
fi
if [[ -z $pkg ]]; then
	cached=$(ls "$cache"/linux-image-"$series"*/vmlinuz 2>/dev/null | sort -V | tail -n 1 || true)
	if [[ -n $cached ]]; then
		echo "fetch-kernel: no $series cloud kernel in the apt lists; using cached $cached" >&2
		echo "$cached"
		exit 0
	fi
	echo "fetch-kernel: no package matches $pattern in the apt archive (apt-get update?)" >&2
	exit 1
fi

# module_file TREE NAME: the module's file in the unpacked package.
module_file() {
	find "$1/lib/modules" -name "$2.ko" -o -name "$2.ko.xz" | head -n 1
}

# add_module TREE OUT NAME: NAME.ko into OUT after what it depends on.
add_module() {
	local tree=$1 out=$2 name=$3 file dep
	[[ -e $out/$name.ko ]] && return 0
	file=$(module_file "$tree" "$name")
	[[ -n $file ]] || {
		echo "fetch-kernel: $pkg has no module $name" >&2
		exit 1
	}
	case $file in
	*.xz) xz -dc "$file" >"$out/$name.ko" ;;
	*) cp "$file" "$out/$name.ko" ;;
	esac
	# .modinfo holds "depends=a,b" among NUL-separated strings.
	for dep in $(grep -a -o 'depends=[a-z0-9_,-]*' "$out/$name.ko" | head -n 1 |
		sed 's/^depends=//; s/,/ /g'); do
		add_module "$tree" "$out" "$dep"
	done
	echo "$name" >>"$out/order"
}

dir=$cache/$pkg
if [[ ! -s $dir/vmlinuz || "$(cat "$dir/modules.list" 2>/dev/null)" != "v2 $modules" ]]; then
	mkdir -p "$dir"
	tmp=$(mktemp -d)
	trap 'rm -rf "$tmp"' EXIT
	echo "fetch-kernel: downloading $pkg" >&2
	(cd "$tmp" && apt-get download -qq "$pkg" 2> >(grep -v "unsandboxed" >&2)) || {
		echo "fetch-kernel: apt-get download $pkg failed" >&2
		exit 1
	}
	mkdir "$tmp/tree" "$tmp/initrd"
	dpkg-deb -x "$tmp"/*.deb "$tmp/tree"
	mkdir -p "$tmp/initrd/lib/modules/sf"
	: >"$tmp/initrd/lib/modules/sf/order"
	for m in $modules; do add_module "$tmp/tree" "$tmp/initrd/lib/modules/sf" "$m"; done
	# What depmod needs besides the modules, for a root file system with kmod.
	for f in modules.order modules.builtin modules.builtin.modinfo; do
		cp "$tmp"/tree/lib/modules/*/"$f" "$tmp/initrd/lib/modules/sf/"
	done
	(cd "$tmp/initrd" && find . -print0 | cpio --null -o -H newc --quiet) | gzip -1 >"$dir/modules.cpio.gz"
	echo "v2 $modules" >"$dir/modules.list" # v2: with depmod's files
	mv "$tmp"/tree/boot/vmlinuz-* "$dir/vmlinuz.tmp"
	mv "$dir/vmlinuz.tmp" "$dir/vmlinuz"
fi
echo "$dir/vmlinuz"
