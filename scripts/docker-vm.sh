#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# The end-to-end test with the real Docker (`make test-docker`): a Debian
# bookworm root filesystem with docker.io, python3-docker, openssl and
# systemd, sockfence installed into it from its own Debian package
# (`make deb`), booted under qemu (TCG) with the 6.12 cloud kernel and
# systemd as PID 1. The scenarios of tests/docker/ run there from a
# oneshot unit after
# docker.service; each prints SF-BEGIN/SF-RESULT as the VM scenarios do.
# Ends with "docker-e2e: N passed, N failed".
#
# The Debian part is built with debootstrap from the mirror the machine's
# apt sources name, and cached in .cache/docker-vm/ keyed by the package
# list: a change to the list builds it again.
#
# `scripts/docker-vm.sh --root-only` builds (or finds) the cached root
# filesystem and stops: `make test` runs that while the host tests run.
#
# Environment: BUILD (default build), DOCKER_VM_TIMEOUT (seconds for the
# boot, default 600), SF_VM_CACHE (kernel cache, default .cache/vm).
set -euo pipefail
root_only=0
[[ ${1:-} != --root-only ]] || root_only=1

top=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=scripts/vm/lib.sh
. "$top/scripts/vm/lib.sh"
build=$vm_build kcache=$vm_cache
cache=$top/.cache/docker-vm
work=$build/docker-vm
start=$(date +%s)

packages=(
	docker.io python3-docker openssl ca-certificates # what the scenarios drive
	systemd systemd-sysv dbus procps iproute2 kmod  # PID 1, systemctl, ps
	libbpf1 libelf1 libyaml-0-2 libjson-c5 zlib1g libssl3 # sockfence's libraries
)
suite=bookworm

# The mirror of the machine's own apt sources (deb822 or one-line form).
mirror() {
	{
		sed -n 's/^URIs: *//p' /etc/apt/sources.list.d/*.sources 2>/dev/null | tr ' ' '\n' || true
		sed -n 's/^deb  *\(\[[^]]*\] *\)\{0,1\}\([^ ]*\) .*/\2/p' /etc/apt/sources.list \
			/etc/apt/sources.list.d/*.list 2>/dev/null || true
	} | grep -v -e security -e '^$' | grep -i debian | head -n 1 || true
}

# unmount_under DIR: debootstrap mounts /proc (and more) inside its target;
# a run that was stopped leaves them mounted, and rm -rf must not walk them.
unmount_under() {
	awk -v d="$1/" 'index($2, d) == 1 { print $2 }' /proc/self/mounts | sort -r |
		while read -r m; do umount -l "$m" || true; done
}

key=$( (echo "$suite"; printf '%s\n' "${packages[@]}") | sha256sum | cut -c1-16)
image=$cache/rootfs-$key.tar
mkdir -p "$cache" "$work"
if [[ ! -s $image ]]; then
	url=$(mirror)
	[[ -n $url ]] || { echo "docker-vm: no Debian mirror in the apt sources" >&2; exit 1; }
	echo "docker-vm: building the $suite root filesystem from $url (cached as ${image#"$top"/})"
	tmp=$cache/rootfs.tmp
	unmount_under "$tmp"
	rm -rf "$tmp"
	debootstrap --variant=minbase --include="$(IFS=,; echo "${packages[*]}")" \
		"$suite" "$tmp" "$url" >"$cache/debootstrap.log" 2>&1 ||
		{ tail -n 20 "$cache/debootstrap.log"; exit 1; }
	rm -f "$cache"/rootfs-*.tar
	tar -C "$tmp" -cf "$image.part" . && mv "$image.part" "$image"
	unmount_under "$tmp"
	rm -rf "$tmp"
fi
if [[ $root_only -eq 1 ]]; then
	echo "docker-vm: root filesystem ${image#"$top"/} ready in $(($(date +%s) - start)) s"
	exit 0
fi

echo "docker-vm: preparing the image"
rm -rf "$work/rootfs"
mkdir -p "$work/rootfs"
tar -C "$work/rootfs" -xf "$image"
root=$work/rootfs
# Users for the scenarios: one in Docker's group, one not.
chroot "$root" useradd -m -G docker alice
chroot "$root" useradd -m bob
# dockerd is started with its own listeners (tests/docker/units), not by
# socket activation; no login prompts on a test VM.
systemctl --root="$root" disable docker.socket >/dev/null 2>&1 || true
systemctl --root="$root" mask getty@tty1.service serial-getty@ttyS0.service \
	systemd-networkd-wait-online.service apt-daily.timer apt-daily-upgrade.timer \
	e2scrub_all.timer fstrim.timer >/dev/null 2>&1 || true
echo sfdocker >"$root/etc/hostname"
# sockfence as users get it: the Debian package (`make deb`), installed
# with dpkg, whose postinst enables the unit. A copy with a higher version
# is the upgrade tests/docker/14-package.sh installs.
deb=$(make -s -C "$top" BUILD="$build" deb | sed -n 's/^deb: //p')
[[ -f $deb ]] || { echo "docker-vm: make deb made no package" >&2; exit 1; }
mkdir -p "$root/tests/bin" "$root/etc/systemd/system/docker.service.d"
cp "$deb" "$root/tests/sockfence.deb"
chroot "$root" dpkg -i /tests/sockfence.deb >"$work/dpkg.log" 2>&1 ||
	{ tail -n 20 "$work/dpkg.log"; exit 1; }
rm -rf "$work/upgrade" && dpkg-deb -R "$deb" "$work/upgrade"
sed -i 's/^Version: .*/&+upgrade/' "$work/upgrade/DEBIAN/control"
dpkg-deb -b "$work/upgrade" "$root/tests/sockfence-upgrade.deb" >/dev/null
cp "$top"/tests/docker/*.sh "$root/tests/"
cp "$build/static/sfprobe" "$build/static/sfbench" "$root/tests/bin/"
cp "$top/tests/docker/units/docker-e2e.conf" "$root/etc/systemd/system/docker.service.d/"
cp "$top/tests/docker/units/docker-tls.service" "$top/tests/docker/units/sf-e2e.service" \
	"$root/etc/systemd/system/"
systemctl --root="$root" enable sf-e2e.service >/dev/null 2>&1
# The scenarios' container image: busybox, imported (no registry here).
img=$work/busybox
rm -rf "$img"
mkdir -p "$img/bin" "$img/tmp"
cp "$(command -v busybox)" "$img/bin/busybox"
for cmd in sh sleep true cat ls; do ln -s busybox "$img/bin/$cmd"; done
tar -C "$img" -cf "$root/tests/busybox.tar" .

vmlinuz=$(vm_kernel 6.12 "$kcache")
# The kernel's modules the daemon and Docker load on demand, where the
# image's kmod finds them (scripts/vm/lib.sh vm_modules).
release=$(basename "$(dirname "$vmlinuz")")
release=${release#linux-image-}
mods=$work/modules
rm -rf "$mods" && mkdir -p "$mods" "$root/lib/modules/$release/extra"
(cd "$mods" && gzip -dc "$(dirname "$vmlinuz")/modules.cpio.gz" | cpio -id --quiet)
cp "$mods"/lib/modules/sf/*.ko "$root/lib/modules/$release/extra/"
cp "$mods"/lib/modules/sf/modules.{order,builtin,builtin.modinfo} "$root/lib/modules/$release/"
chroot "$root" depmod "$release"
(cd "$root" && find . | cpio -o -H newc --quiet) >"$work/rootfs.cpio"
echo "docker-vm: booting $(basename "$(dirname "$vmlinuz")") with systemd, BPF LSM on and off (prepared in $(($(date +%s) - start)) s)"
# Once with BPF LSM on (the lsm backend), once booted as Debian and Ubuntu
# ship, BPF LSM off (the fmod_ret backend); both at once.
boot_args=("" "lsm=lockdown,capability,landlock")
for i in "${!boot_args[@]}"; do
	VM_TIMEOUT=${DOCKER_VM_TIMEOUT:-600} vm_boot "$work/console-$i.log" "$vmlinuz" \
		"$work/rootfs.cpio" 2048 \
		"console=ttyS0 panic=-1 rdinit=/lib/systemd/systemd apparmor=0 quiet systemd.show_status=0${boot_args[$i]:+ ${boot_args[$i]}}" &
done
wait

passed=0 failed=0
for i in "${!boot_args[@]}"; do
	for t in $(cd "$top/tests/docker" && ls [0-9]*.sh | sed 's/\.sh$//'); do
		if vm_report "$work/console-$i.log" "$t" "docker${boot_args[$i]:+ (${boot_args[$i]})}"; then
			passed=$((passed + 1))
		else
			failed=$((failed + 1))
		fi
	done
done
echo "docker-e2e: $passed passed, $failed failed in $(($(date +%s) - start))s"
[[ $failed -eq 0 ]]
