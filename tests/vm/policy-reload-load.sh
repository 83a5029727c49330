# Reload under load: a denied identity connects in a tight loop while the
# policy is reloaded 1,000 times between two policies that both deny it.
# Not one connect may get through.
. /tests/lib.sh

docker_policy /tmp/a.yaml allow \
	"{ action: deny, endpoint: docker, uid: 1000 }"
cat >/tmp/b.yaml <<'YAML'
default: deny
endpoints:
  other: { tcp: 2999 }
  docker: { unix: [/run/docker.sock] }
rules:
  - { action: allow, endpoint: [docker, other], uid: 0 }
YAML
listen unix:/var/run/docker.sock
start_sockfence --policy /tmp/a.yaml || finish
hammer_start unix:/var/run/docker.sock
failures=0
i=0
while [ $i -lt 1000 ]; do
	[ $((i % 2)) -eq 0 ] && f=/tmp/b.yaml || f=/tmp/a.yaml
	sockfence reload $f >/dev/null 2>&1 || failures=$((failures + 1))
	i=$((i + 1))
done
hammer_stop "1000 reloads"
[ $failures -eq 0 ] || fail "$failures of 1000 reloads failed"
grep -q "generation 1001 active" "$SF_LOG" || fail "generation 1001 never became active"
finish
