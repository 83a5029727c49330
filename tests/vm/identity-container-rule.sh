# A per-container allow rule admits that container (by id prefix) and not
# another; both are containers the rule after it denies. A user who names a
# cgroup of their own (their delegated user@UID.service) like that
# container is container-originated but has no container id: refused.
. /tests/lib.sh

cat >/tmp/p.yaml <<YAML
endpoints:
  docker: { unix: /var/run/docker.sock }
rules:
  - { action: allow, endpoint: docker, container: ${CONTAINER_A%"${CONTAINER_A#????????????????}"} }
  - { action: deny, endpoint: docker, from: container }
  - { action: allow, endpoint: docker, uid: 0 }
YAML
cat /tmp/p.yaml | sed 's/^/    /'
cgroup2_root >/dev/null
listen unix:/var/run/docker.sock
start_sockfence --policy /tmp/p.yaml || finish
# Twice each: the second connect from a cgroup gets its origin and
# container id from what the hook cached at the first.
for round in first second; do
	out=$(in_cgroup "system.slice/docker-$CONTAINER_A.scope" sfprobe connect unix:/var/run/docker.sock 2>&1)
	case $out in
	*"result=ok"*) pass "container A (allowed by id prefix), $round connect -> ok" ;;
	*) fail "container A, $round connect: $out" ;;
	esac
	out=$(in_cgroup "system.slice/docker-$CONTAINER_B.scope" sfprobe connect unix:/var/run/docker.sock 2>&1)
	case $out in
	*"result=EPERM"*) pass "container B, $round connect -> EPERM" ;;
	*) fail "container B, $round connect: $out" ;;
	esac
done
forged=user.slice/user-$TEST_UID.slice/user@$TEST_UID.service/app.slice/docker-$CONTAINER_A.scope
out=$(in_cgroup "$forged" sfprobe connect unix:/var/run/docker.sock --uid "$TEST_UID" --gid "$TEST_UID" 2>&1)
pid=$(echo "$out" | sed -n 's/^pid=\([0-9]*\) .*/\1/p')
case $out in
*"result=EPERM"*) pass "a user's cgroup named like container A -> EPERM" ;;
*) fail "a user's cgroup named like container A: $out" ;;
esac
wait_for 5 syslog_lines "$pid" || fail "no event for the forged container (pid $pid)"
case $(syslog_lines "$pid") in
*"rule=2 "*"container_by=cgroup"*"container="*) fail "the forged cgroup got a container id: $(syslog_lines "$pid")" ;;
*"rule=2 "*"container_by=cgroup"*) pass "the event: container-originated, no container id" ;;
*) fail "event for the forged container: $(syslog_lines "$pid")" ;;
esac
out=$(in_cgroup "$forged" sfprobe connect unix:/var/run/docker.sock --uid "$TEST_UID" --gid "$TEST_UID" 2>&1)
case $out in
*"result=EPERM"*) pass "the forged cgroup again (cached) -> EPERM" ;;
*) fail "the forged cgroup again: $out" ;;
esac
expect ok unix:/var/run/docker.sock
finish
