#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# The body of `make test`: style check, unit tests (plain, then under ASan
# and UBSan), the host tests, the fuzzers for FUZZ_SECONDS (60) in all, the
# VM kernel matrix, then the real Docker in a VM, ending with one line
# "N passed, N failed" (one count per unit test and build, per kernel and
# scenario, plus the style check and the fuzzers).
set -uo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD:-$top/build}
cd "$top"
passed=0 failed=0

# count LABEL OUTPUT: add the "P passed, F failed" of OUTPUT's summary line,
# or one failure when there is none (the step crashed before reporting).
count() {
	local line
	line=$(grep -E "^$1: [0-9]+ passed, [0-9]+ failed" <<<"$2" | tail -n 1)
	if [[ -z $line ]]; then
		echo "run-tests: $1 gave no summary; counting it as one failure"
		failed=$((failed + 1))
		return
	fi
	passed=$((passed + $(sed -E 's/.*: ([0-9]+) passed.*/\1/' <<<"$line")))
	failed=$((failed + $(sed -E 's/.*, ([0-9]+) failed.*/\1/' <<<"$line")))
}

# The real Docker's root filesystem comes from the Debian mirror: fetched
# and unpacked meanwhile (scripts/docker-vm.sh --root-only), since the
# steps before it keep the cores busy but not the network.
mkdir -p "$build"
scripts/docker-vm.sh --root-only >"$build/docker-root.log" 2>&1 &
docker_root=$!

echo "== style (clang-format)"
if make --no-print-directory -s format-check; then
	passed=$((passed + 1))
else
	echo "style: run 'make format'"
	failed=$((failed + 1))
fi

echo "== unit tests"
out=$("$build/unit-tests" 2>&1)
echo "$out" | grep -E 'FAILED|^ +[0-9]+\. |^unit:' || true
count unit "$out"

echo "== unit tests under ASan and UBSan"
out=$("$build/san/unit-tests" 2>&1)
echo "$out" | grep -E 'FAILED|^ +[0-9]+\. |^unit:|ERROR: |runtime error' || true
count unit "$out"

echo "== install, uninstall and the systemd unit (systemd-analyze verify)"
out=$(tests/host/install.sh 2>&1)
echo "$out"
count install "$out"

echo "== the Debian package (make deb, lintian)"
out=$(tests/host/deb.sh 2>&1)
echo "$out" | grep -vE '^ok: ' || true
count deb "$out"

echo "== the cgroup backend on this host (a test cgroup, no VM)"
out=$(tests/host/cgroup-backend.sh 2>&1)
echo "$out" | grep -vE '^ok: ' || true
count cgroup-host "$out"

echo "== fuzzing the policy parser, the control socket, the events stream and learn for ${FUZZ_SECONDS:-60}s"
if make --no-print-directory -s fuzz FUZZ_SECONDS="${FUZZ_SECONDS:-60}" >"$build/fuzz.log" 2>&1; then
	grep -E '^fuzz: |^Done [0-9]+ runs' "$build/fuzz.log" || true
	passed=$((passed + 1))
else
	tail -n 30 "$build/fuzz.log"
	echo "fuzz: failed; the input is in $build/fuzz/artifacts/"
	failed=$((failed + 1))
fi

echo "== kernel scenarios (qemu)"
scripts/vm-test.sh 2>&1 | tee "$build/vm-test.log"
count vm-test "$(cat "$build/vm-test.log")"

echo "== the real Docker under systemd (qemu)"
wait "$docker_root" || true # docker-vm.sh builds it now, or says why it cannot
cat "$build/docker-root.log"
scripts/docker-vm.sh 2>&1 | tee "$build/docker-e2e.log"
count docker-e2e "$(cat "$build/docker-e2e.log")"

echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]
