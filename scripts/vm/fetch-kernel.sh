#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# Usage: fetch-kernel.sh SERIES CACHE_DIR
# Prints the path of a cached vmlinuz for the newest Debian cloud kernel of
# SERIES (6.1 or 6.12) in the archive, downloading it with apt-get first if
# needed. Patch versions come and go, so the package is chosen at run time.
set -euo pipefail

series=${1:?series, e.g. 6.1 or 6.12}
cache=${2:?cache directory}

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

dir=$cache/$pkg
if [[ ! -s $dir/vmlinuz ]]; then
	mkdir -p "$dir"
	tmp=$(mktemp -d)
	trap 'rm -rf "$tmp"' EXIT
	echo "fetch-kernel: downloading $pkg" >&2
	(cd "$tmp" && apt-get download -qq "$pkg" 2> >(grep -v "unsandboxed" >&2)) || {
		echo "fetch-kernel: apt-get download $pkg failed" >&2
		exit 1
	}
	dpkg-deb --fsys-tarfile "$tmp"/*.deb | tar -x -C "$tmp" --wildcards './boot/vmlinuz-*'
	mv "$tmp"/boot/vmlinuz-* "$dir/vmlinuz.tmp"
	mv "$dir/vmlinuz.tmp" "$dir/vmlinuz"
fi
echo "$dir/vmlinuz"
