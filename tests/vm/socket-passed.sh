# A connected socket handed over is judged like the connect it stands for:
# a process allowed on docker.sock or on 2375 that passes its connection
# with SCM_RIGHTS, or has it taken with pidfd_getfd(), cannot give it to a
# receiver the policy refuses. The kernel leaves the descriptor out; the
# event names the receiver and the endpoint. Connections to unprotected
# sockets and to allowed receivers pass as before.
. /tests/lib.sh

u="--uid $TEST_UID --gid $TEST_UID"
cp /bin/sfprobe /tmp/sfprobe-ok
cat >/tmp/policy.yaml <<'YAML'
endpoints:
  docker: { unix: /var/run/docker.sock }
  docker-tcp: { tcp: 2375 }
rules:
  - { action: allow, endpoint: [docker, docker-tcp], uid: root, from: host }
  - { action: allow, endpoint: docker, uid: 1001 }
  - { action: allow, endpoint: [docker, docker-tcp], exe: /tmp/sfprobe-ok }
YAML
listen unix:/var/run/docker.sock
listen tcp:127.0.0.1:2375
listen tcp:[::1]:2375
listen tcp:127.0.0.1:2376
listen unix:/tmp/free.sock
start_sockfence --policy /tmp/policy.yaml || finish

# expect_pass RESULT ADDR IDENTITY: root connects, hands the socket over.
expect_pass() {
	want=$1
	shift
	PROBE_OUT=$(sfprobe pass "$@" 2>&1)
	PROBE_PID=$(echo "$PROBE_OUT" | sed -n 's/^pid=\([0-9]*\) .*/\1/p')
	case $PROBE_OUT in
	*"result=$want") pass "pass $* -> $want" ;;
	*) fail "pass $*: expected $want, got '$PROBE_OUT'" ;;
	esac
}
expect_pass EPERM unix:/var/run/docker.sock $u
receiver=$PROBE_PID
expect_pass EPERM tcp:127.0.0.1:2375 $u
expect_pass EPERM tcp:[::1]:2375 $u
expect_pass EPERM tcp:127.0.0.1:2375 $u --kind mptcp
expect_pass ok unix:/var/run/docker.sock --uid 1001 --gid 1001
expect_pass ok unix:/tmp/free.sock $u
expect_pass ok tcp:127.0.0.1:2376 $u

wait_for 5 syslog_lines "$receiver" || fail "no event for the refused receipt"
case $(syslog_lines "$receiver") in
*"verdict=deny hook=${HOOK}file_receive endpoint=docker target=/var/run/docker.sock "*"uid=$TEST_UID "*)
	pass "the event names the receiver and the endpoint" ;;
*) fail "event of the refused receipt: $(syslog_lines "$receiver")" ;;
esac

# pidfd_getfd(): the same user, another program. A process of an allowed
# program holds the connections; the user's other program may take the
# unprotected one (so ptrace rights are not what refuses), not the others.
[ -f /proc/sys/kernel/yama/ptrace_scope ] && echo 0 >/proc/sys/kernel/yama/ptrace_scope
grab_from() { # ADDR: a holder of ADDR as the user; sets HOLDER and HELD_FD
	rm -f /tmp/held
	/tmp/sfprobe-ok hold "$1" $u --ready /tmp/held &
	LISTENERS="$LISTENERS $!"
	wait_for 10 test -s /tmp/held || fail "the holder of $1 did not connect"
	read -r HOLDER HELD_FD </tmp/held
}
for addr in unix:/var/run/docker.sock tcp:127.0.0.1:2375 tcp:127.0.0.1:2376; do
	want=EPERM
	[ "$addr" = tcp:127.0.0.1:2376 ] && want=ok
	grab_from "$addr"
	out=$(sfprobe grab "$HOLDER" "$HELD_FD" $u 2>&1)
	case $out in
	*"result=$want") pass "pidfd_getfd of $addr by the user's other program -> $want" ;;
	*) fail "pidfd_getfd of $addr: expected $want, got '$out'" ;;
	esac
done
finish
