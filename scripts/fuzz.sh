#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# usage: fuzz.sh BUILD SECONDS TARGET...
# Runs each libFuzzer harness BUILD/fuzz/fuzz_TARGET for SECONDS / (number
# of targets), seeded from the tree's corpus (new inputs are kept in the
# build folder), as many at once as there are cores: the same fuzzing time,
# less waiting. Fails when any harness finds a crash (the input is in
# BUILD/fuzz/artifacts/).
set -uo pipefail

build=$1 seconds=$2
shift 2
each=$((seconds / $#))
jobs=$(nproc)
mkdir -p "$build/fuzz/artifacts"

run_one() {
	local t=$1
	mkdir -p "$build/fuzz/corpus-$t" && cp tests/fuzz/corpus/"$t"/* "$build/fuzz/corpus-$t/" &&
		"$build/fuzz/fuzz_$t" -max_total_time="$each" -max_len=8192 \
			-artifact_prefix="$build/fuzz/artifacts/$t-" "$build/fuzz/corpus-$t" \
			>"$build/fuzz/$t.log" 2>&1
}

declare -A pid_of
for t in "$@"; do
	while (($(jobs -rp | wc -l) >= jobs)); do
		wait -n
	done
	run_one "$t" &
	pid_of[$t]=$!
done

status=0
for t in "$@"; do
	if wait "${pid_of[$t]}"; then
		echo "fuzz: $t for ${each}s"
		grep -E '^Done [0-9]+ runs' "$build/fuzz/$t.log"
	else
		echo "fuzz: $t failed"
		tail -n 30 "$build/fuzz/$t.log"
		status=1
	fi
done
exit $status
