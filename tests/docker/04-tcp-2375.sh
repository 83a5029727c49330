# Plaintext 2375 is refused to everyone: the docker CLI on the host, and a
# client in a --network host container. dockerd listening on
# tcp://0.0.0.0:2375 is reported as an exposure (audit, the default).
. /tests/lib.sh
image

run nonzero docker -H tcp://127.0.0.1:2375 ps
contains "operation not permitted" "docker -H tcp://127.0.0.1:2375 ps: EPERM"
run nonzero docker run --rm --network host -v $PROBE:/sfprobe:ro $IMAGE \
	/sfprobe connect tcp:127.0.0.1:2375
contains "result=EPERM" "from a --network host container: EPERM"
wait_for 10 sockfence_lines "verdict=deny hook=${HOOK}socket_connect endpoint=docker-tcp target=127.0.0.1:2375 rule=2 " &&
	pass "syslog has the 2375 deny by rule 2" || fail "no syslog line for the 2375 deny"
# (dockerd listens on tcp://0.0.0.0:2375 with one dual-stack socket: [::]:2375.)
sockfence_lines "verdict=audit-deny hook=${HOOK}socket_listen endpoint=docker-tcp target=\[::\]:2375 rule=default .* comm=dockerd .*type=exposure" >/dev/null &&
	pass "dockerd's listen on [::]:2375 reported as an exposure" ||
	fail "no exposure line for dockerd: $(sockfence_lines socket_listen)"
finish
