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
