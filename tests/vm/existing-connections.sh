# Connections made before sockfence started are listed at start and by
# `sockfence status --connections`, each with its owner and what the policy
# in force says of it; with `existing-connections: close` the refused TCP
# ones are closed (the client gets ECONNABORTED) and the allowed ones stay;
# so is one no process holds (AF_SMC's inner TCP connection): fail closed.
# Unix connections cannot be closed from outside: listed and left open.
# A reload judges the connections that exist then by the new generation.
. /tests/lib.sh

u="--uid $TEST_UID --gid $TEST_UID"
listen unix:/var/run/docker.sock
listen tcp:127.0.0.1:2375
listen tcp:[::1]:2375
listen tcp:127.0.0.1:2376

# hold NAME ADDR [sfprobe options]: a process that connects to ADDR and
# keeps the connection (in the cgroup $HOLD_IN when set); its pid in $NAME.
hold() {
	name=$1 addr=$2
	shift 2
	rm -f "/tmp/hold.$name" "/tmp/hold.$name.end"
	if [ -n "${HOLD_IN:-}" ]; then
		in_cgroup "$HOLD_IN" sfprobe hold "$addr" "$@" --ready "/tmp/hold.$name" &
	else
		sfprobe hold "$addr" "$@" --ready "/tmp/hold.$name" &
	fi
	LISTENERS="$LISTENERS $!"
	wait_for 10 test -s "/tmp/hold.$name" || fail "holder $name did not connect to $addr"
	read -r pid _ <"/tmp/hold.$name"
	eval "$name=$pid"
}
closed_with() { grep -qx "closed $2" "/tmp/hold.$1.end" 2>/dev/null; }
still_open() { ! test -e "/tmp/hold.$1.end"; }

load_modules smc
hold root_unix unix:/var/run/docker.sock
hold user_unix unix:/var/run/docker.sock $u
hold root_tcp tcp:127.0.0.1:2375
hold user_tcp tcp:127.0.0.1:2375 $u
hold user_tcp6 tcp:[::1]:2375 $u
HOLD_IN="system.slice/docker-$CONTAINER_A.scope" hold boxed_tcp tcp:127.0.0.1:2375
hold user_free tcp:127.0.0.1:2376 $u
# AF_SMC's connection is its inner TCP socket, which no process holds.
hold user_smc tcp:127.0.0.1:2375 $u --kind smc

cat >/tmp/policy.yaml <<'YAML'
existing-connections: close
endpoints:
  docker: { unix: /var/run/docker.sock }
  docker-tcp: { tcp: 2375 }
rules:
  - { action: allow, endpoint: [docker, docker-tcp], uid: root, from: host }
YAML
start_sockfence --policy /tmp/policy.yaml || finish

# log_has PID TEXT: the start's line about the connection held by PID.
log_has() { grep "existing connection .* pid $1 (" "$SF_LOG" | grep -q "$2"; }
for name in user_tcp user_tcp6 boxed_tcp user_smc; do
	eval pid=\$$name
	if wait_for 10 closed_with "$name" ECONNABORTED; then
		pass "refused $name (pid $pid) closed at start: ECONNABORTED"
	else
		fail "refused $name (pid $pid) not closed: $(cat "/tmp/hold.$name.end" 2>/dev/null)"
	fi
	[ $name = user_smc ] && continue
	log_has "$pid" ": deny (.*): closed" || fail "no 'closed' line for $name: $(grep 'existing connection' "$SF_LOG")"
done
log_has "$boxed_tcp" "container ${CONTAINER_A%"${CONTAINER_A#????????????}"}" &&
	pass "the container's connection names its container" ||
	fail "the container's line lacks its id: $(grep "pid $boxed_tcp " "$SF_LOG")"
log_has "$user_tcp6" "docker-tcp \[::1\]:2375 from \[::1\]:" ||
	fail "the IPv6 line: $(grep "pid $user_tcp6 " "$SF_LOG")"
for name in root_unix root_tcp user_unix user_free; do
	if still_open $name; then pass "$name left open"; else fail "$name was closed"; fi
done
log_has "$root_tcp" ": allow (rule 1): the policy lets it through" &&
	log_has "$root_unix" ": allow (rule 1)" && pass "allowed connections logged as such" ||
	fail "allowed lines: $(grep 'existing connection' "$SF_LOG")"
log_has "$user_unix" "docker /var/run/docker.sock, pid $user_unix (sfprobe) uid $TEST_UID.*: deny (default): the policy refuses it, left open: a unix connection cannot be closed" &&
	pass "the refused unix connection: listed, left open, says why" ||
	fail "refused unix line: $(grep "pid $user_unix " "$SF_LOG")"
grep "existing connection" "$SF_LOG" | grep -q "pid $user_free " && fail "2376 is not protected, yet listed"
grep -q "existing connection docker-tcp 127.0.0.1:2375 from 127.0.0.1:[0-9]*, socket [0-9]* held by no process: no owner: closed" "$SF_LOG" &&
	pass "the AF_SMC connection: held by no process, closed" ||
	fail "no line for the AF_SMC connection: $(grep 'existing connection' "$SF_LOG")"
grep -q "7 connections to protected endpoints existed at start: 2 let through, 4 refused, 1 held by no process, 0 from other hosts; 4 closed, 1 refused left open" "$SF_LOG" &&
	pass "the start's summary" || fail "summary: $(grep 'existed at start' "$SF_LOG")"

# status --connections: what exists now, judged by the generation in force.
conn_of() { echo "$CLI_OUT" | sed 's/},{/}\n{/g' | grep "\"pid\":$1,"; }
run_cli sockfence status --connections --json
[ "$CLI_RC" = 0 ] || fail "status --connections --json exited $CLI_RC"
case $(conn_of "$user_unix") in
*'"endpoint":"docker","kind":"unix","target":"/var/run/docker.sock"'*"\"socket_uid\":$TEST_UID"*'"verdict":"deny","rule":"default"'*)
	pass "status lists the refused unix connection with its owner" ;;
*) fail "status: the refused unix connection: $(conn_of "$user_unix")" ;;
esac
case $(conn_of "$root_tcp") in
*'"kind":"tcp","target":"127.0.0.1:2375","client":"127.0.0.1:'*'"uid":0,"comm":"sfprobe","exe":"/bin/sfprobe","container":false'*'"verdict":"allow","rule":1'*)
	pass "status lists root's TCP connection, allowed by rule 1" ;;
*) fail "status: root's TCP connection: $(conn_of "$root_tcp")" ;;
esac
for pid in $user_tcp $boxed_tcp $user_free; do
	[ -z "$(conn_of "$pid")" ] || fail "status lists pid $pid, whose connection is closed or unprotected"
done
run_cli sockfence status --connections
case $CLI_OUT in
"connections: 3 to protected endpoints"*"docker-tcp 127.0.0.1:2375 from 127.0.0.1:"*", pid $root_tcp (sfprobe) uid 0, socket "*": allow (rule 1)"*)
	pass "status --connections as text" ;;
*) fail "status --connections text" ;;
esac

# A reload that refuses root on 2375, without close: listed, left open.
cat >/tmp/policy.yaml <<'YAML'
endpoints:
  docker: { unix: /var/run/docker.sock }
  docker-tcp: { tcp: 2375 }
rules:
  - { action: allow, endpoint: docker, uid: root, from: host }
YAML
run_cli sockfence reload
wait_for 10 grep -q "existed after the reload" "$SF_LOG" || fail "no sweep after the reload"
log_has "$root_tcp" ": deny (default): left open: 'existing-connections: close' in the policy closes" &&
	pass "after a reload without close: refused, left open, says how to close" ||
	fail "reload without close: $(grep "pid $root_tcp " "$SF_LOG")"
sleep 1
still_open root_tcp && pass "root's TCP connection still open" || fail "closed without close"
# The same with close: closed now.
sed -i '1i existing-connections: close' /tmp/policy.yaml
run_cli sockfence reload
wait_for 10 closed_with root_tcp ECONNABORTED && pass "closed after a reload with close" ||
	fail "root's TCP connection not closed after the reload with close"
still_open root_unix || fail "root's unix connection was closed"
finish
