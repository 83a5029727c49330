# A per-container allow rule admits that container (by id prefix) and not
# another; both are containers the rule after it denies.
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
out=$(in_cgroup "system.slice/docker-$CONTAINER_A.scope" sfprobe connect unix:/var/run/docker.sock 2>&1)
case $out in
*"result=ok"*) pass "container A (allowed by id prefix) -> ok" ;;
*) fail "container A: $out" ;;
esac
out=$(in_cgroup "system.slice/docker-$CONTAINER_B.scope" sfprobe connect unix:/var/run/docker.sock 2>&1)
case $out in
*"result=EPERM"*) pass "container B -> EPERM" ;;
*) fail "container B: $out" ;;
esac
expect ok unix:/var/run/docker.sock
finish
