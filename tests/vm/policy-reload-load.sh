# Reload under load: a denied identity connects in a tight loop while the
# policy is reloaded 1,000 times between two policies that both deny it.
# Not one connect may get through. Every 50th reload, a port only one of
# the two protects is judged by the policy just reloaded (the hooks that
# find a target unprotected look at the generation without holding it).
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
listen tcp:127.0.0.1:2999
start_sockfence --policy /tmp/a.yaml || finish
hammer_start unix:/var/run/docker.sock
failures=0
i=0
while [ $i -lt 1000 ]; do
	[ $((i % 2)) -eq 0 ] && f=/tmp/b.yaml || f=/tmp/a.yaml
	sockfence reload $f >/dev/null 2>&1 || failures=$((failures + 1))
	# Once more in the middle: each policy then goes to the other slot.
	[ $i -ne 500 ] || sockfence reload $f >/dev/null 2>&1 || failures=$((failures + 1))
	if [ $((i % 50)) -lt 2 ]; then
		want=ok
		[ $f = /tmp/b.yaml ] && want=EPERM
		out=$(sfprobe connect tcp:127.0.0.1:2999 --uid 1000 --gid 1000)
		case $out in *"result=$want") ;; *) fail "reload $i to $f: port 2999 $out, not $want" ;; esac
	fi
	i=$((i + 1))
done
hammer_stop "1000 reloads"
[ $failures -eq 0 ] || fail "$failures of 1001 reloads failed"
grep -q "generation 1002 active" "$SF_LOG" || fail "generation 1002 never became active"
finish
