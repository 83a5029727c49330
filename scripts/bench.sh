#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# The body of `make bench`: policy parse, compile and publish timed on this
# host (tests/bench/policy_bench.c), then the VM benchmarks on each kernel
# (scripts/vm-bench.sh), then one report (tests/bench/report.sh), printed
# and written to docs/performance.md. Raw results stay
# in $BUILD/bench/. Nothing here asserts a target: it measures and reports.
#
# Also the cgroup backend on this host (tests/bench/host-cgroup.sh).
#
# Environment: BUILD (default build); BENCH_OUT (default
# docs/performance.md); BENCH_REPORT_ONLY=1 renders the report again from
# the last run's results without measuring; VM_KERNELS, BENCH_MODES,
# BENCH_JOBS, BENCH_TRIALS, BENCH_MS as for scripts/vm-bench.sh.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD:-$top/build}
[[ $build == /* ]] || build=$top/$build
out=$build/bench
report=${BENCH_OUT:-$top/docs/performance.md}
host_rounds=30
cd "$top"
mkdir -p "$out"
start=$(date +%s)

render() {
	tests/bench/report.sh "$out" >"$out/performance.md"
	cp "$out/performance.md" "$report"
	cat "$report"
	echo
	echo "bench: written to ${report#"$top"/}"
}
if [[ ${BENCH_REPORT_ONLY:-0} == 1 ]]; then
	render
	exit
fi

load() { cut -d' ' -f1 /proc/loadavg; }
rel=${build#"$top"/}
cmd="make bench"
[[ $rel == build ]] || cmd="make BUILD=$rel bench"
{
	echo "command=$cmd"
	echo "date=$(date -u '+%Y-%m-%d %H:%M UTC')"
	echo "source=git $(git describe --always --dirty 2>/dev/null || echo unknown)"
	echo "cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)"
	echo "cores=$(nproc)"
	echo "memory=$(awk '/^MemTotal:/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo)"
	echo "host_kernel=$(uname -r)"
	echo "qemu=$(qemu-system-x86_64 --version | head -n 1 | sed 's/ emulator version//')"
	echo "load_start=$(load)"
	echo "host_rounds=$host_rounds"
} >"$out/facts.txt"

echo "bench: policy parse, compile and publish on this host"
tmp=$(mktemp -d)
listeners=()
cleanup() {
	for p in "${listeners[@]}"; do kill "$p" 2>/dev/null || true; done
	rm -rf "$tmp"
}
trap cleanup EXIT
# The policies name real sockets, as in the VM: compile resolves them.
mkdir -p "$tmp/var/run" "$tmp/run/sockfence"
for s in var/run/docker.sock run/sockfence/control.sock; do
	"$build/static/sfprobe" listen "unix:$tmp/$s" --ready "$tmp/$(basename "$s").ready" &
	listeners+=($!)
done
for s in docker control; do
	for _ in $(seq 50); do [[ -e $tmp/$s.sock.ready ]] && break; sleep 0.1; done
done
for n in 10 100 1000; do
	tests/bench/gen-policy.sh "$n" "$tmp" >"$tmp/p$n.yaml"
done
"$build/bench/policy-bench" --rounds "$host_rounds" "$tmp/p10.yaml" "$tmp/p100.yaml" \
	"$tmp/p1000.yaml" >"$out/host-policy.txt" 2>/dev/null

echo "bench: the cgroup backend on this host"
mkdir -p "$out/vm"
tests/bench/host-cgroup.sh "$build" "${BENCH_TRIALS:-8}" "${BENCH_MS:-250}" \
	>"$out/vm/host-realtime.bench.tmp" || echo "bench: the host cgroup benchmark failed" >&2

echo "bench: VM benchmarks: 2 kernels, icount with BPF LSM on and off, real time with it on (6 boots)"
vm_status=0
BUILD=$build scripts/vm-bench.sh || vm_status=$?
# vm-bench.sh starts by clearing the directory: the host's file joins after.
mv "$out/vm/host-realtime.bench.tmp" "$out/vm/host-realtime.bench"

{
	echo "load_end=$(load)"
	echo "duration=$(($(date +%s) - start)) s"
	# The flood and reload scenarios print the parameters they ran with.
	cat "$out"/vm/*.bench 2>/dev/null | sed -n 's/^BENCH params //p' | tr ' ' '\n' |
		grep -E '^(flood_ms|reload_rounds|cli_rounds)=' | sort -u
} >>"$out/facts.txt"

render
echo "bench: done in $(($(date +%s) - start)) s"
[[ $vm_status -eq 0 ]] || echo "bench: some VM scenarios failed (see above); their figures are missing or partial"
exit "$vm_status"
