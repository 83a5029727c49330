# SPDX-License-Identifier: GPL-2.0-only
# Helpers sourced by every VM scenario. A scenario calls check/expect as often
# as it likes and ends with `finish`; any failed check fails the scenario.

FAILED=0
SF_LOG=/tmp/sockfence.log
TEST_UID=1000

# The backend auto must take on this boot, and what its hooks are called in
# events: lsm where bpf is in the active LSM list; else fmod_ret, whose hooks
# are named after the kernel's security_* functions. Every scenario without
# a "# boots:" line runs on both (scripts/vm-test.sh), with the same checks.
if grep -qw bpf /sys/kernel/security/lsm 2>/dev/null; then
	BACKEND=lsm HOOK=
else
	BACKEND=fmod_ret HOOK=security_
fi

# How many links a kernel backend (lsm, fmod_ret) pins: one per hook of its
# rows in include/sockfence.h (SF_HOOK_TABLE): the unix and inet connects,
# Fast Open's sendmsg, inode_rename, file_receive, inet_conn_request,
# socket_listen.
KERNEL_LINKS=7

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

# docker_policy FILE DEFAULT RULE...: writes a policy that protects
# /var/run/docker.sock, with default action DEFAULT and one rule per RULE
# ("{ action: deny, endpoint: docker, uid: 1000 }"), in that order.
docker_policy() {
	policy_file=$1 policy_default=$2
	shift 2
	{
		echo "default: $policy_default"
		echo "endpoints:"
		echo "  docker: { unix: /var/run/docker.sock }"
		echo "rules:"
		for rule in "$@"; do echo "  - $rule"; done
	} >"$policy_file"
}

# hammer_start ADDR: a denied identity (TEST_UID) connects to ADDR in a
# tight loop, at a lower priority (one vCPU: what the scenario does still
# runs), until hammer_stop.
hammer_start() {
	rm -f /tmp/stop
	sfprobe hammer "$1" --uid "$TEST_UID" --gid "$TEST_UID" --until /tmp/stop >/tmp/hammer.out &
	HAMMER_PID=$!
	renice -n 10 -p $HAMMER_PID >/dev/null
}

# hammer_stop DURING: ends the loop; passes when it made attempts and every
# one was refused with EPERM ("no connect got through DURING").
hammer_stop() {
	touch /tmp/stop
	wait $HAMMER_PID
	HAMMER_RESULT=$(cat /tmp/hammer.out)
	case $HAMMER_RESULT in
	"attempts=0 "*) fail "the loop made no attempt" ;;
	*" ok=0 "*" other=0") pass "no connect got through $1 ($HAMMER_RESULT)" ;;
	*) fail "connects got through $1, or failed otherwise: $HAMMER_RESULT" ;;
	esac
}

# probe_default_policy: the default policy's three verdicts on the test
# listeners: a user refused on docker.sock (pid in UNIX_PID) and on 2375
# (TCP_PID), root let through to docker.sock (ROOT_PID).
probe_default_policy() {
	expect EPERM unix:/var/run/docker.sock --uid "$TEST_UID" --gid "$TEST_UID"
	UNIX_PID=$PROBE_PID
	expect EPERM tcp:127.0.0.1:2375 --uid "$TEST_UID" --gid "$TEST_UID"
	TCP_PID=$PROBE_PID
	expect ok unix:/var/run/docker.sock
	ROOT_PID=$PROBE_PID
}

# listen ADDR [--dual-stack]: start a test server that accepts connections.
listen() {
	LISTEN_N=$((${LISTEN_N:-0} + 1))
	ready=/tmp/ready.$$.$LISTEN_N
	sfprobe listen "$@" --ready "$ready" &
	LISTENERS="${LISTENERS:-} $!"
	wait_for 10 test -e "$ready" || fail "listener on $1 did not start"
}

started_or_dead() {
	grep -q '^sockfence: enforcing' "$SF_LOG" || ! kill -0 "$SF_PID" 2>/dev/null
}

start_sockfence() {
	# A log left by an earlier run must not pass for this one's start.
	rm -f "$SF_LOG"
	: >"$SF_LOG"
	sockfence run "$@" >>"$SF_LOG" 2>&1 &
	SF_PID=$!
	# TCG is slow: loading and verifying takes seconds, not milliseconds.
	wait_for 120 started_or_dead
	if ! grep -q '^sockfence: enforcing' "$SF_LOG" || ! kill -0 "$SF_PID" 2>/dev/null; then
		fail "sockfence did not start enforcing"
		sed 's/^/    /' "$SF_LOG" | tail -n 40
		SF_PID=
		return 1
	fi
	# A weaker backend than this boot allows would pass checks it should not.
	grep -q "^sockfence: backend: ${SF_EXPECT_BACKEND:-$BACKEND}[ ,]" "$SF_LOG" ||
		fail "not the ${SF_EXPECT_BACKEND:-$BACKEND} backend: $(grep '^sockfence: backend:' "$SF_LOG")"
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

# expect_soon RESULT ADDR [options]: like expect, but waits up to 5 s for
# the outcome (sockfence reacts to a new socket file asynchronously).
expect_soon() {
	want=$1
	shift
	i=0
	while [ $i -lt 50 ]; do
		PROBE_OUT=$(sfprobe connect "$@" 2>&1)
		case $PROBE_OUT in *"result=$want") break ;; esac
		i=$((i + 1))
		sleep 0.1
	done
	case $PROBE_OUT in
	*"result=$want") pass "connect $* -> $want (after ${i}00 ms)" ;;
	*) fail "connect $*: expected $want within 5 s, got '$PROBE_OUT'" ;;
	esac
}

# run_cli NAME COMMAND...: runs a command, keeping its output in $CLI_OUT and
# its exit status in $CLI_RC.
run_cli() {
	CLI_OUT=$("$@" 2>&1)
	CLI_RC=$?
	echo "$CLI_OUT" | sed 's/^/    | /'
}

CONTAINER_A=3f2a9c0123abcdef3f2a9c0123abcdef3f2a9c0123abcdef3f2a9c0123abcdef
CONTAINER_B=b7e1d2c3f4a5968778695a4b3c2d1e0f00112233445566778899aabbccddeeff

# load_modules NAME...: loads kernel modules of the booted kernel's own
# package (scripts/vm/lib.sh vm_modules puts them in the image), what they
# depend on first, as the kernel's on-demand loading would on a real host.
load_modules() {
	for want in "$@"; do
		grep -qx "$want" /lib/modules/sf/order 2>/dev/null || {
			fail "module $want is not in the image (scripts/vm/lib.sh vm_modules)"
			return 1
		}
		while read -r m; do
			[ -d "/sys/module/$m" ] || insmod "/lib/modules/sf/$m.ko" ||
				{ fail "insmod $m failed"; return 1; }
			[ "$m" = "$want" ] && break
		done </lib/modules/sf/order
	done
	pass "modules loaded: $*"
}

# cgroup2_root: mount cgroup v2 at /sys/fs/cgroup when nothing is there.
cgroup2_root() {
	grep -q ' /sys/fs/cgroup cgroup2 ' /proc/mounts || mount -t cgroup2 none /sys/fs/cgroup
	echo /sys/fs/cgroup
}

# in_cgroup PATH COMMAND...: runs COMMAND inside the cgroup PATH (created
# below the cgroup v2 root when missing), as a container runtime would.
in_cgroup() {
	dir=$(cgroup2_root)/$1
	shift
	mkdir -p "$dir"
	sh -c 'echo $$ >"$0/cgroup.procs" && exec "$@"' "$dir" "$@"
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
