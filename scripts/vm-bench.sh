#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# Boots each kernel in qemu (TCG) as scripts/vm-test.sh does and runs the
# benchmark scenarios of tests/bench/vm/ in it, once per clock mode:
#   realtime  exactly the test rig's qemu: the guest clock is the host's,
#             so host load shows up in every figure. Runs connect, flood
#             and reload.
#   icount    the same plus -icount shift=2,sleep=off: every guest
#             instruction advances the guest clock by 4 ns and idle time is
#             skipped, so guest time counts work done and nothing else on
#             the host can disturb it. Emulation is slower in this mode, so
#             it runs only the ratios (connect, floor, proxy), with fewer
#             trials (they hardly vary); real time runs connect, flood and
#             reload.
# Leaves the raw "BENCH ..." lines in $BUILD/bench/vm/SERIES-MODE.bench
# and exits non-zero when a scenario failed.
#
#   scripts/vm-bench.sh [SCENARIO...]   default: all of tests/bench/vm/bench-*.sh
#                                       (named scenarios run in both modes)
#
# Environment: VM_KERNELS (default "6.1 6.12"), BENCH_MODES (default
# "icount realtime"), BENCH_JOBS (boots at once, default: host cores),
# VM_TIMEOUT (seconds per boot, default 900), BENCH_TRIALS and BENCH_MS
# (connect trials and window in real time, default 8 and 250),
# BENCH_ICOUNT_TRIALS and BENCH_ICOUNT_MS (under icount, 5 and 100), BUILD
# (default build), SF_VM_CACHE (default .cache/vm).
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=scripts/vm/lib.sh
. "$top/scripts/vm/lib.sh"
build=$vm_build cache=$vm_cache kernels=$vm_kernels
modes=${BENCH_MODES:-icount realtime}
jobs_max=${BENCH_JOBS:-$(nproc)}
work=$build/bench/vm
mkdir -p "$work" "$cache"

for bin in sockfence sfprobe sfbench sfbench-floor sfbench-cost; do
	[[ -x $build/static/$bin ]] || { echo "vm-bench: $build/static/$bin missing: run 'make bench'" >&2; exit 1; }
done

all=()
for f in "$top"/tests/bench/vm/bench-*.sh; do
	all+=("$(basename "$f" .sh)")
done
# mode_tests MODE: the scenarios a boot of MODE runs, comma-separated.
mode_tests() {
	local list=("${all[@]}")
	if [[ $# -gt 1 ]]; then
		list=("${@:2}")
	elif [[ $1 == icount ]]; then
		list=(bench-connect bench-floor bench-proxy)
	else
		list=(bench-connect bench-flood bench-reload)
	fi
	(IFS=,; echo "${list[*]}")
}
# mode_params MODE: the scenarios' parameters on the kernel command line.
mode_params() {
	case $1 in
	icount) echo "sf.bench_trials=${BENCH_ICOUNT_TRIALS:-5} sf.bench_ms=${BENCH_ICOUNT_MS:-100}" ;;
	*) echo "sf.bench_trials=${BENCH_TRIALS:-8} sf.bench_ms=${BENCH_MS:-250}" ;;
	esac
}

# Only this run's results may reach the report.
rm -f "$work"/*.log "$work"/*.log.qemu "$work"/*.bench

# The benchmark's client, helpers and scenarios go over the test image.
extra=$work/extra
rm -rf "$extra"
mkdir -p "$extra/bin" "$extra/tests"
cp "$build/static/sfbench" "$build/static/sfbench-floor" "$build/static/sfbench-cost" "$extra/bin/"
cp "$top"/tests/bench/vm/*.sh "$top"/tests/bench/vm/haproxy.cfg "$top/tests/bench/gen-policy.sh" \
	"$extra/tests/"
# HAProxy from Debian, for the proxy comparison: the binary and every shared
# library it loads, at the same paths.
haproxy=$(command -v haproxy || true)
[[ -n $haproxy ]] || { echo "vm-bench: haproxy missing: run 'make bench'" >&2; exit 1; }
for f in "$haproxy" $(ldd "$haproxy" | grep -o '/[^ ]*'); do
	mkdir -p "$extra$(dirname "$f")"
	cp -L "$f" "$extra$f"
done
"$top/scripts/vm/mkinitramfs.sh" "$work/initramfs.cpio.gz" "$build/static" "$extra"

declare -A vmlinuz=()
for k in $kernels; do
	vmlinuz[$k]=$(vm_kernel "$k" "$cache") || { echo "vm-bench: no $k kernel" >&2; exit 1; }
done

# A boot is SERIES-MODE, or SERIESf-MODE for the same kernel booted with
# BPF LSM off, where sockfence runs on the fmod_ret backend.
run_boot() { # BOOT-SERIES MODE TESTS
	local clock=() series=${1%f} args=()
	# shellcheck disable=SC2054 # one qemu option with its comma-separated value
	[[ $2 == icount ]] && clock=(-icount shift=2,sleep=off)
	# shellcheck disable=SC2054 # one kernel argument with its comma-separated value
	[[ $1 == *f ]] && args=(lsm=lockdown,capability,landlock)
	vm_boot "$work/$1-$2.log" "${vmlinuz[$series]}" "$work/initramfs.cpio.gz" 512 \
		"$(vm_cmdline "$series" "${args[@]}") $(mode_params "$2") sf.tests=$3" "${clock[@]}"
}

# The ratios (icount) on both trampoline backends; real time on lsm.
boots=()
for k in $kernels; do
	for m in $modes; do
		boots+=("$k-$m")
		[[ $m == icount ]] && boots+=("${k}f-$m")
	done
done
for b in "${boots[@]}"; do
	tests=$(mode_tests "${b##*-}" "$@")
	echo "vm-bench: booting ${b%-*} (${b##*-} clock): ${tests//,/ }"
	run_boot "${b%-*}" "${b##*-}" "$tests" &
	while [[ $(jobs -rp | wc -l) -ge $jobs_max ]]; do wait -n || true; done
done
wait

status=0
for b in "${boots[@]}"; do
	log=$work/$b.log
	{
		release=$(vm_release "$log")
		[[ -z $release ]] || echo "BENCH kernel release=$release"
		sed -n 's/^  | \(BENCH .*\)/\1/p' "$log" 2>/dev/null
	} >"$work/$b.bench"
	tests=$(mode_tests "${b##*-}" "$@")
	for t in ${tests//,/ }; do
		vm_passed "$log" "$t" && continue
		status=1
		echo "vm-bench: $t failed on $b; its output (full log: $log):"
		if vm_reached "$log" "$t"; then
			vm_output "$log" "$t" | grep -v '^BENCH ' | sed 's/^/    /' | tail -n 40
		else
			vm_tail "$log" | sed 's/^/    /'
		fi
	done
done
exit $status
