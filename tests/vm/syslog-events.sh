# Scenario 5: each deny produces exactly one syslog line naming the pid, the
# uid and the target.
. /tests/lib.sh

listen unix:/var/run/docker.sock
listen tcp:127.0.0.1:2375
start_sockfence || finish
case $BACKEND in
lsm) chosen="^sockfence: backend: lsm (auto: BPF LSM is active" ;;
*) chosen="^sockfence: backend: fmod_ret (auto: lsm skipped (BPF LSM is not active.*); the fmod_ret programs on the kernel's security_\* functions loaded)" ;;
esac
grep -q "$chosen" "$SF_LOG" &&
	pass "auto chose the $BACKEND backend and said why" ||
	fail "the log does not say auto chose the $BACKEND backend and why"

probe_default_policy

check_line() { # PID TARGET
	if ! wait_for 10 syslog_lines "$1"; then
		fail "no syslog line for pid $1"
		return
	fi
	n=$(syslog_lines "$1" | wc -l)
	line=$(syslog_lines "$1")
	[ "$n" -eq 1 ] || fail "pid $1: expected 1 syslog line, got $n"
	case $line in
	*"verdict=deny "*"target=$2 "*"pid=$1 "*"uid=$TEST_UID "*"comm=sfprobe"*) pass "syslog: $line" ;;
	*) fail "pid $1: syslog line lacks verdict, target $2, pid or uid: $line" ;;
	esac
}
check_line "$UNIX_PID" /var/run/docker.sock
check_line "$TCP_PID" 127.0.0.1:2375
sleep 1
[ -z "$(syslog_lines "$ROOT_PID")" ] || fail "an allowed connect was logged"
finish
