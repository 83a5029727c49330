# Reload under load: a denied identity connects in a tight loop while the
# policy is reloaded 1,000 times between two policies that both deny it.
# Not one connect may get through.
. /tests/lib.sh

cat >/tmp/a.yaml <<'YAML'
default: allow
endpoints:
  docker: { unix: /var/run/docker.sock }
rules:
  - { action: deny, endpoint: docker, uid: 1000 }
YAML
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
sfprobe hammer unix:/var/run/docker.sock --uid "$TEST_UID" --gid "$TEST_UID" \
	--until /tmp/stop >/tmp/hammer.out &
hammer=$!
# One vCPU: let the reloads through, the hammer still runs between them.
renice -n 10 -p $hammer >/dev/null
failures=0
i=0
while [ $i -lt 1000 ]; do
	[ $((i % 2)) -eq 0 ] && f=/tmp/b.yaml || f=/tmp/a.yaml
	sockfence reload $f >/dev/null 2>&1 || failures=$((failures + 1))
	i=$((i + 1))
done
touch /tmp/stop
wait $hammer
result=$(cat /tmp/hammer.out)
echo "    hammer: $result"
[ $failures -eq 0 ] || fail "$failures of 1000 reloads failed"
grep -q "generation 1001 active" "$SF_LOG" || fail "generation 1001 never became active"
case $result in
*" ok=0 "*) pass "no connect got through during 1000 reloads ($result)" ;;
*) fail "connects got through during reloads: $result" ;;
esac
case $result in
"attempts=0 "*) fail "the loop made no attempt" ;;
*" other=0") pass "every attempt was refused with EPERM" ;;
*) fail "attempts failed with something other than EPERM: $result" ;;
esac
finish
