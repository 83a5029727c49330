# SPDX-License-Identifier: GPL-2.0-only
# Helpers sourced by every VM scenario. A scenario calls check/expect as often
# as it likes and ends with `finish`; any failed check fails the scenario.

FAILED=0
SF_LOG=/tmp/sockfence.log
TEST_UID=1000

cleanup() {
	[ -n "${SF_PID:-}" ] && kill "$SF_PID" 2>/dev/null
	for pid in ${LISTENERS:-}; do kill "$pid" 2>/dev/null; done
	wait 2>/dev/null
}
trap cleanup EXIT

fail() {
	echo "FAIL: $*"
	FAILED=1
}

pass() {
	echo "ok: $*"
}

# wait_for SECONDS COMMAND...: poll COMMAND every 0.1 s until it succeeds.
wait_for() {
	limit=$(($1 * 10))
	shift
	i=0
	while ! "$@" >/dev/null 2>&1; do
		i=$((i + 1))
		[ $i -ge $limit ] && return 1
		sleep 0.1
	done
	return 0
}

# listen ADDR: start a test server that accepts and closes connections.
listen() {
	LISTEN_N=$((${LISTEN_N:-0} + 1))
	ready=/tmp/ready.$$.$LISTEN_N
	sfprobe listen "$1" --ready "$ready" &
	LISTENERS="${LISTENERS:-} $!"
	wait_for 10 test -e "$ready" || fail "listener on $1 did not start"
}

start_sockfence() {
	# A log left by an earlier run must not pass for this one's start.
	rm -f "$SF_LOG"
	: >"$SF_LOG"
	sockfence run "$@" >>"$SF_LOG" 2>&1 &
	SF_PID=$!
	# TCG is slow: loading and verifying takes seconds, not milliseconds.
	if ! wait_for 120 grep -q '^sockfence: enforcing' "$SF_LOG" ||
		! kill -0 "$SF_PID" 2>/dev/null; then
		fail "sockfence did not start enforcing"
		sed 's/^/    /' "$SF_LOG"
		return 1
	fi
}

stop_sockfence() {
	kill -TERM "$SF_PID"
	wait "$SF_PID"
	rc=$?
	SF_PID=
	[ $rc -eq 0 ] || fail "sockfence exited with status $rc on SIGTERM"
}

# expect RESULT ADDR [sfprobe connect options]: connect and compare the
# outcome (ok, EPERM, ...). Leaves sfprobe's output in $PROBE_OUT and its
# pid in $PROBE_PID.
expect() {
	want=$1
	shift
	PROBE_OUT=$(sfprobe connect "$@" 2>&1)
	PROBE_PID=$(echo "$PROBE_OUT" | sed -n 's/^pid=\([0-9]*\) .*/\1/p')
	got=$(echo "$PROBE_OUT" | sed -n 's/.* result=\([A-Za-z0-9]*\)$/\1/p')
	if [ "$got" = "$want" ]; then
		pass "connect $* -> $got"
	else
		fail "connect $*: expected $want, got '${got:-nothing}' ($PROBE_OUT)"
	fi
}

# syslog_lines PID: the syslog lines of sockfence events for process PID.
syslog_lines() {
	grep "sockfence.*verdict=.* pid=$1 " /var/log/messages
}

finish() {
	if [ $FAILED -ne 0 ] && [ -f "$SF_LOG" ]; then
		echo "--- sockfence log ---"
		cat "$SF_LOG"
	fi
	exit $FAILED
}
