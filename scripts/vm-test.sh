#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# Runs the kernel scenarios of tests/vm/ in qemu (TCG) on Debian cloud
# kernels and reports one verdict per kernel and scenario.
#
#   scripts/vm-test.sh [SCENARIO...]   all scenarios, or the ones named
#   scripts/vm-test.sh --demo          boot once and show the demo
#
# Environment: VM_KERNELS (default "6.1 6.12"), VM_TESTS (scenario names),
# VM_TIMEOUT (seconds per boot, default 900), VM_VERBOSE=1 (show all output),
# BUILD (default build), SF_VM_CACHE (kernel cache, default .cache/vm).
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD:-$top/build}
[[ $build == /* ]] || build=$top/$build
cache=${SF_VM_CACHE:-$top/.cache/vm}
kernels=${VM_KERNELS:-6.1 6.12}
timeout_s=${VM_TIMEOUT:-900}
work=$build/vm
mkdir -p "$work" "$cache"

demo=0
if [[ ${1:-} == --demo ]]; then
	demo=1
	shift
fi

for bin in sockfence sfprobe; do
	[[ -x $build/static/$bin ]] || { echo "vm-test: $build/static/$bin missing: run 'make static'" >&2; exit 1; }
done

# The boot a scenario needs: "lsm" (BPF LSM active, the default) or "nolsm".
boot_kind() { sed -n 's/^# boots: *\([a-z]*\).*/\1/p' "$top/tests/vm/$1.sh" | head -n 1 | grep . || echo lsm; }

if [[ $demo -eq 1 ]]; then
	selected=(demo)
	kernels=${VM_KERNELS:-6.12}
elif [[ $# -gt 0 ]]; then
	selected=("$@")
elif [[ -n ${VM_TESTS:-} ]]; then
	read -r -a selected <<<"$VM_TESTS"
else
	selected=()
	for f in "$top"/tests/vm/*.sh; do
		name=$(basename "$f" .sh)
		[[ $name == lib ]] || selected+=("$name")
	done
fi
for t in "${selected[@]}"; do
	[[ $t == demo || -f $top/tests/vm/$t.sh ]] || { echo "vm-test: no scenario tests/vm/$t.sh" >&2; exit 1; }
done

"$top/scripts/vm/mkinitramfs.sh" "$work/initramfs.cpio.gz" "$build/static"

cmdline_for() { # SERIES KIND
	local base="console=ttyS0 quiet panic=-1 rdinit=/init"
	case $2 in
	nolsm) echo "$base lsm=lockdown,capability" ;;
	*) [[ $1 == 6.1 ]] && echo "$base lsm=lockdown,capability,bpf" || echo "$base" ;;
	esac
}

# One boot per kernel and kind: "SERIES KIND scenario,scenario".
boots=()
for k in $kernels; do
	for kind in lsm nolsm; do
		list=()
		for t in "${selected[@]}"; do
			[[ $t == demo && $kind == lsm ]] && list+=(demo) && continue
			[[ $t != demo && $(boot_kind "$t") == "$kind" ]] && list+=("$t")
		done
		[[ ${#list[@]} -gt 0 ]] && boots+=("$k $kind $(IFS=,; echo "${list[*]}")")
	done
done

run_boot() { # SERIES KIND TESTS
	local vmlinuz log="$work/$1-$2.log"
	vmlinuz=$("$top/scripts/vm/fetch-kernel.sh" "$1" "$cache") || { echo "SF-FETCH-FAILED" >"$log"; return; }
	timeout --kill-after=10 "$timeout_s" qemu-system-x86_64 -accel tcg -cpu max -m 512 -smp 1 \
		-nodefaults -display none -no-reboot -monitor none -serial "file:$log" \
		-kernel "$vmlinuz" -initrd "$work/initramfs.cpio.gz" \
		-append "$(cmdline_for "$1" "$2") sf.tests=$3" </dev/null >"$log.qemu" 2>&1 ||
		echo "SF-QEMU-EXIT $? (124 = timed out after ${timeout_s}s)" >>"$log.qemu"
	# The serial console ends lines with CR LF.
	[[ -f $log ]] && sed -i 's/\r$//' "$log"
}

start=$(date +%s)
jobs_max=$(nproc)
for b in "${boots[@]}"; do
	read -r k kind tests <<<"$b"
	echo "vm-test: booting $k ($kind): ${tests//,/ }"
	run_boot "$k" "$kind" "$tests" &
	while [[ $(jobs -rp | wc -l) -ge $jobs_max ]]; do wait -n || true; done
done
wait

if [[ $demo -eq 1 ]]; then
	log=$work/${kernels%% *}-lsm.log
	sed -n 's/^SF-KERNEL/kernel:/p; s/^  | //p' "$log"
	grep -q '^SF-RESULT demo pass' "$log"
	exit
fi

results=$build/vm-results.txt
: >"$results"
passed=0 failed=0
for b in "${boots[@]}"; do
	read -r k kind tests <<<"$b"
	log=$work/$k-$kind.log
	label="$k${kind/#lsm/}"
	label=${label/nolsm/ (lsm off)}
	kernel=$(sed -n 's/^SF-KERNEL \([^ ]*\).*/\1/p' "$log" 2>/dev/null)
	for t in ${tests//,/ }; do
		if grep -q "^SF-RESULT $t pass" "$log" 2>/dev/null; then
			verdict=pass
			passed=$((passed + 1))
		else
			verdict=fail
			failed=$((failed + 1))
		fi
		printf '%s  %-12s %-22s %s\n' "$verdict" "$label" "$t" "${kernel:-?}"
		echo "$verdict $label $t" >>"$results"
		if [[ $verdict == fail || ${VM_VERBOSE:-0} == 1 ]]; then
			if grep -q "^SF-BEGIN $t\$" "$log" 2>/dev/null; then
				sed -n "/^SF-BEGIN $t\$/,/^SF-RESULT $t /p" "$log" | sed -n 's/^  | /      /p'
			else
				echo "      not reached: the VM stopped before this scenario"
				unreached=1
			fi
		fi
	done
	if [[ ${unreached:-0} == 1 ]]; then
		echo "      last lines of the $label boot ($log):"
		tail -n 15 "$log" "$log.qemu" 2>/dev/null | sed 's/^/        /'
		unreached=0
	fi
done
echo "vm-test: $passed passed, $failed failed in $(($(date +%s) - start))s"
[[ $failed -eq 0 ]]
