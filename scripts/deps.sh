#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# Installs the Debian packages sockfence needs to build and test, if missing.
set -euo pipefail

packages=(
	make gcc clang llvm bpftool        # compilers, BPF object and skeleton
	clang-format                       # style check in make test
	libbpf-dev libelf-dev zlib1g-dev   # libbpf and what it links against
	libyaml-dev libjson-c-dev          # the policy file, JSON output
	libssl-dev                         # SHA-256 of the policy (libcrypto)
	libsystemd-dev                     # events into the journal (sd_journal_send)
	prometheus                         # promtool checks the metrics file
	libcunit1-dev libclang-rt-14-dev   # unit tests, sanitizers, libFuzzer
	qemu-system-x86 busybox-static cpio xz-utils # the kernel VM rig
	systemd                            # systemd-analyze verify of the unit
	debootstrap                        # the Docker end-to-end image
)
# `deps.sh bench`: also what only the benchmarks use.
[[ ${1:-} == bench ]] && packages+=(haproxy) # the proxy comparison
# `deps.sh deb`: what building and checking the Debian package needs.
[[ ${1:-} == deb ]] && packages+=(debhelper dpkg-dev fakeroot lintian)

missing=()
for p in "${packages[@]}"; do
	status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
	[[ $status == "install ok installed" ]] || missing+=("$p")
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

if [[ $(id -u) -ne 0 ]]; then
	echo "deps: missing packages: ${missing[*]}" >&2
	echo "deps: install them as root: apt-get install ${missing[*]}" >&2
	exit 1
fi
echo "deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
