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
# VM_BOOTS (boots per kernel and set of kernel arguments, default 3),
# VM_JOBS (boots at once, default: host cores + 1), BUILD (default build),
# SF_VM_CACHE (kernel cache, default .cache/vm).
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=scripts/vm/lib.sh
. "$top/scripts/vm/lib.sh"
build=$vm_build cache=$vm_cache kernels=$vm_kernels
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

# The kernel arguments a scenario needs: "# boots: ARG..." on one of its
# first lines (e.g. lsm=lockdown,capability: BPF LSM off), else none.
boot_args() { sed -n '1,5s/^# boots: *//p' "$top/tests/vm/$1.sh" | head -n 1; }

# A scenario without "# boots:" runs on both trampoline backends, with the
# same checks: BPF LSM on (the lsm backend), and BPF LSM off as Debian and
# Ubuntu boot (auto takes the fmod_ret backend). Landlock stays on there:
# fmodret-backend.sh shows that its denials still happen.
lsm_off="lsm=lockdown,capability,landlock"

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

# The scenarios that share a kernel and its arguments run one after
# another in VM_BOOTS boots, dealt out in turn.
declare -A group_tests=()
groups=()
# The newer kernel first: its scenarios take longest (the verifier's work
# at every start), so they do not end the run alone.
for k in $(tr ' ' '\n' <<<"$kernels" | sort -t. -k1,1nr -k2,2nr); do
	for t in "${selected[@]}"; do
		if [[ $t == demo ]]; then
			boots=("")
		else
			args=$(boot_args "$t")
			boots=("$args")
			[[ -n $args ]] || boots=("" "$lsm_off")
		fi
		for args in "${boots[@]}"; do
			key="$k|$args"
			[[ -n ${group_tests[$key]:-} ]] || groups+=("$key")
			group_tests[$key]+="${group_tests[$key]:+,}$t"
		done
	done
done

# Each kernel once, before the boots start in parallel.
declare -A vmlinuz=()
for k in $kernels; do
	vmlinuz[$k]=$(vm_kernel "$k" "$cache") || { echo "vm-test: no $k kernel" >&2; exit 1; }
	vm_initrd "$work/initramfs.cpio.gz" "${vmlinuz[$k]}" "$work/initramfs-$k.cpio.gz"
done

# Boot I runs boot_tests[I] on the kernel and arguments of boot_group[I].
boot_group=() boot_tests=()
per_group=${VM_BOOTS:-3}
[[ $demo -eq 0 ]] || per_group=1
for key in "${groups[@]}"; do
	read -r -a names <<<"${group_tests[$key]//,/ }"
	for ((b = 0; b < per_group && b < ${#names[@]}; b++)); do
		list=
		for ((j = b; j < ${#names[@]}; j += per_group)); do list+="${list:+,}${names[$j]}"; done
		boot_group+=("$key")
		boot_tests+=("$list")
	done
done

# The console log of boot number I.
log_of() { echo "$work/boot-$1.log"; }
rm -f "$work"/boot-*.log "$work"/boot-*.log.qemu

# One more boot than cores: a guest waits (sleeps, timeouts) for about a
# fifth of its time under TCG, and the next boot uses it.
start=$(date +%s)
jobs_max=${VM_JOBS:-$(($(nproc) + 1))}
for i in "${!boot_group[@]}"; do
	key=${boot_group[$i]} k=${boot_group[$i]%%|*} args=${boot_group[$i]#*|}
	tests=${boot_tests[$i]}
	echo "vm-test: booting $k${args:+ ($args)}: ${tests//,/ }"
	# shellcheck disable=SC2086 # one kernel argument per word
	vm_boot "$(log_of "$i")" "${vmlinuz[$k]}" "$work/initramfs-$k.cpio.gz" 512 \
		"$(vm_cmdline "$k" $args) sf.tests=$tests" &
	while [[ $(jobs -rp | wc -l) -ge $jobs_max ]]; do wait -n || true; done
done
wait

if [[ $demo -eq 1 ]]; then
	log=$(log_of 0)
	sed -n 's/^SF-KERNEL/kernel:/p; s/^  | //p' "$log"
	vm_passed "$log" demo
	exit
fi

results=$build/vm-results.txt
: >"$results"
passed=0 failed=0
for i in "${!boot_group[@]}"; do
	k=${boot_group[$i]%%|*} args=${boot_group[$i]#*|}
	log=$(log_of "$i")
	release=$(vm_release "$log")
	for t in ${boot_tests[$i]//,/ }; do
		if vm_report "$log" "$t" "$k${args:+ ($args)}" "${release:-?}"; then
			passed=$((passed + 1))
			echo "pass $k${args:+ ($args)} $t" >>"$results"
		else
			failed=$((failed + 1))
			echo "fail $k${args:+ ($args)} $t" >>"$results"
		fi
	done
done
echo "vm-test: $passed passed, $failed failed in $(($(date +%s) - start))s"
[[ $failed -eq 0 ]]
