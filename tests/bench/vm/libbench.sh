# Helpers of the benchmark scenarios (bench-*.sh), sourced after
# /tests/lib.sh. Every figure is printed as one line "BENCH KIND key=value
# ..." for the host to collect.

# bench_param NAME DEFAULT: sf.bench_NAME=N from the kernel command line.
bench_param() {
	v=$(tr ' ' '\n' </proc/cmdline | sed -n "s/^sf\.bench_$1=\([0-9][0-9]*\)\$/\1/p")
	echo "${v:-$2}"
}

# Milliseconds since boot.
uptime_ms() {
	awk '{ printf "%d\n", $1 * 1000 }' /proc/uptime
}

# Lets what a start, stop or reload left behind (log lines, freed
# programs) finish before the next window.
settle() {
	sleep 0.3
}

# proc_cpu_ticks PID: user + system time of PID in clock ticks.
proc_cpu_ticks() {
	awk '{ print $14 + $15 }' "/proc/$1/stat"
}

# proc_status PID KEY: a /proc/PID/status value in kB (VmRSS, VmHWM).
proc_status() {
	awk -v k="$2:" '$1 == k { print $2 }' "/proc/$1/status"
}

# Stops the daemon and makes sure nothing of sockfence stays attached (a
# daemon that pins its programs leaves them enforcing after it exits).
stop_enforcement() {
	stop_sockfence
	sockfence unload --yes >/dev/null 2>&1 || rm -rf /sys/fs/bpf/sockfence
}

# expect_config on|off: a non-root connect to the protected stand-in shows
# whether sockfence is enforcing (EPERM) or not (ok).
expect_config() {
	r=$(sfprobe connect unix:/var/run/docker.sock --uid "$TEST_UID" --gid "$TEST_UID")
	case "$1:$r" in
	on:*result=EPERM | off:*result=ok) ;;
	*) fail "expected sockfence $1, but uid $TEST_UID got: $r" ;;
	esac
}

# on_then_off TRIAL [timed]: start sockfence and measure the scenario's
# `windows on TRIAL`, then stop and unload it and measure `windows off
# TRIAL`. "timed" also prints how long the start and the stop took. Fails
# when sockfence did not start.
on_then_off() {
	t0=$(uptime_ms)
	start_sockfence || return 1
	if [ "${2:-}" = timed ]; then echo "BENCH start trial=$1 ms=$(($(uptime_ms) - t0))"; fi
	expect_config on
	settle
	windows on "$1"
	t0=$(uptime_ms)
	stop_enforcement
	if [ "${2:-}" = timed ]; then echo "BENCH stop trial=$1 ms=$(($(uptime_ms) - t0))"; fi
	expect_config off
	settle
	windows off "$1"
}

# run_trials STEP: `STEP N` for trials 1 to $TRIALS while the scenario is
# within $BUDGET_MS of $began; stops at the first STEP that fails. Leaves
# the number of complete trials in $trials_done.
run_trials() {
	trial=1 # (lib.sh's helpers use $i)
	while [ $trial -le "$TRIALS" ] && [ $(($(uptime_ms) - began)) -lt "$BUDGET_MS" ]; do
		"$1" $trial || break
		trial=$((trial + 1))
	done
	trials_done=$((trial - 1))
	echo "BENCH trials done=$trials_done"
	[ $trials_done -gt 0 ] || fail "no trial completed"
}

# bench_start: the parameters of a windowed scenario from the kernel
# command line (TRIALS, BUDGET_MS, MS), its clock (began) and phase counter
# (seq), printed for the report; windows of 2 rounds after a 50 ms warm-up.
bench_start() {
	TRIALS=$(bench_param trials 10)
	# init kills a scenario after 240 s of guest time: start no trial after this.
	BUDGET_MS=$(($(bench_param budget_s 170) * 1000))
	MS=$(bench_param ms 250)
	seq=0
	began=$(uptime_ms)
	echo "BENCH params trials=$TRIALS rounds=2 window_ms=$MS warm_ms=50"
}
