# shellcheck shell=bash
# SPDX-License-Identifier: GPL-2.0-only
# The VM rig, sourced by scripts/vm-test.sh, vm-bench.sh and docker-vm.sh:
# the one place that starts qemu (TCG: no KVM here or in CI), chooses a
# kernel's command line and reads a scenario's verdict from a console log.
#
# The guest reports on its serial console; a scenario's output is framed by
#   SF-BEGIN NAME / "  | " lines / SF-RESULT NAME pass|fail [SECONDSs]
# and the kernel it ran on by "SF-KERNEL RELEASE ...".

vm_top=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)

# What every rig script works with: the build folder (BUILD, default
# build), the kernel cache (SF_VM_CACHE) and the kernel series to boot
# (VM_KERNELS).
# shellcheck disable=SC2034 # for the scripts that source this
vm_build=${BUILD:-$vm_top/build}
[[ $vm_build == /* ]] || vm_build=$vm_top/$vm_build
# shellcheck disable=SC2034
vm_cache=${SF_VM_CACHE:-$vm_top/.cache/vm}
# shellcheck disable=SC2034
vm_kernels=${VM_KERNELS:-6.1 6.12}

# Kernel modules a real Debian host loads on demand, taken from each
# kernel's own package: smc for AF_SMC (any user's socket() loads it;
# scenarios load it, tests/vm/lib.sh load_modules), unix_diag and tcp_diag
# for the sock_diag queries of the daemon (the guest's init loads them, as
# modprobe would at the daemon's first query), veth for the network
# namespaces of the remote-source scenarios.
vm_modules="smc unix_diag tcp_diag veth"

# vm_kernel SERIES CACHE: the vmlinuz of the newest Debian cloud kernel of
# SERIES, downloaded into CACHE once, with modules.cpio.gz beside it.
vm_kernel() {
	"$vm_top/scripts/vm/fetch-kernel.sh" "$1" "$2" $vm_modules
}

# vm_initrd BASE VMLINUZ OUT: BASE (the scenarios' initramfs) followed by
# that kernel's modules: the kernel unpacks concatenated cpio archives in
# turn, so one image of scenarios serves every kernel.
vm_initrd() {
	local modules
	modules=$(dirname "$2")/modules.cpio.gz
	[[ -s $modules ]] || {
		echo "vm: $modules missing: remove $(dirname "$2") to download the kernel again" >&2
		return 1
	}
	cat "$1" "$modules" >"$3.tmp" && mv "$3.tmp" "$3"
}

# vm_cmdline SERIES [ARG...]: the kernel command line of a scenario boot.
# Without an lsm= of the caller's, BPF LSM is active: Debian's 6.12 has bpf
# in its default list, 6.1 needs it named. ARGs such as
# lsm=lockdown,capability boot the kernel as Debian and Ubuntu ship it.
vm_cmdline() {
	local series=$1 line="console=ttyS0 quiet panic=-1 rdinit=/init"
	shift
	if [[ " $* " != *" lsm="* && $series == 6.1 ]]; then
		line+=" lsm=lockdown,capability,bpf"
	fi
	echo "$line${*:+ $*}"
}

# vm_boot LOG VMLINUZ INITRD MEMORY_MB APPEND [QEMU_ARG...]: one boot on one
# vCPU, the console in LOG (with Unix line ends), qemu's own output in
# LOG.qemu. Killed after VM_TIMEOUT seconds (default 900); how qemu ended
# is written to LOG.qemu as "SF-QEMU-EXIT N" when it did not exit cleanly.
# One vCPU: an occasional guest oops was seen with two under TCG.
vm_boot() {
	local log=$1 vmlinuz=$2 initrd=$3 mem=$4 append=$5 timeout_s=${VM_TIMEOUT:-900}
	shift 5
	rm -f "$log" "$log.qemu"
	timeout --kill-after=10 "$timeout_s" qemu-system-x86_64 -accel tcg -cpu max -m "$mem" -smp 1 \
		"$@" -nodefaults -display none -no-reboot -monitor none -serial "file:$log" \
		-kernel "$vmlinuz" -initrd "$initrd" -append "$append" </dev/null >"$log.qemu" 2>&1 ||
		echo "SF-QEMU-EXIT $? (124 = timed out after ${timeout_s}s)" >>"$log.qemu"
	# The serial console ends lines with CR LF.
	[[ -f $log ]] && sed -i 's/\r$//' "$log"
	return 0
}

# vm_passed LOG NAME: did scenario NAME report a pass in LOG?
vm_passed() {
	grep -q "^SF-RESULT $2 pass" "$1" 2>/dev/null
}

# vm_reached LOG NAME: did scenario NAME start in LOG?
vm_reached() {
	grep -q "^SF-BEGIN $2\$" "$1" 2>/dev/null
}

# vm_output LOG NAME: what scenario NAME printed, without the frame.
vm_output() {
	sed -n "/^SF-BEGIN $2\$/,/^SF-RESULT $2 /p" "$1" | sed -n 's/^  | //p'
}

# vm_release LOG: the kernel release the guest reported.
vm_release() {
	sed -n 's/^SF-KERNEL \([^ ]*\).*/\1/p' "$1" 2>/dev/null | head -n 1
}

# vm_tail LOG: the last lines of a boot and of qemu, for a boot that stopped.
vm_tail() {
	tail -n 15 "$1" "$1.qemu" 2>/dev/null
}

# vm_report LOG NAME LABEL [NOTE]: prints "pass|fail  LABEL  NAME  NOTE"
# and, for a failure (or always with VM_VERBOSE=1), its output indented.
# Returns 0 for a pass.
vm_report() {
	local log=$1 name=$2 label=$3 note=${4:-} verdict=fail took
	vm_passed "$log" "$name" && verdict=pass
	took=$(sed -n "s/^SF-RESULT $name [a-z]* \([0-9]*s\)\$/\1/p" "$log" 2>/dev/null | head -n 1)
	printf '%s  %-12s %-26s %s%s\n' "$verdict" "$label" "$name" "$note" "${took:+ ($took)}"
	if [[ $verdict == fail || ${VM_VERBOSE:-0} == 1 ]]; then
		if vm_reached "$log" "$name"; then
			vm_output "$log" "$name" | sed 's/^/      /'
		else
			echo "      not reached: the VM stopped before it; the last lines ($log):"
			vm_tail "$log" | sed 's/^/        /'
		fi
	fi
	[[ $verdict == pass ]]
}
