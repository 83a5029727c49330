# A connect loop of a denied identity runs across kill -9 and restarts of
# the daemon (pins adopted, make-before-break): zero connects get through.
. /tests/lib.sh

listen unix:/var/run/docker.sock
start_sockfence || finish
sfprobe hammer unix:/var/run/docker.sock --uid "$TEST_UID" --gid "$TEST_UID" \
	--until /tmp/stop >/tmp/hammer.out &
hammer=$!
renice -n 10 -p $hammer >/dev/null
for round in 1 2 3; do
	kill -9 "$SF_PID"
	wait "$SF_PID" 2>/dev/null
	sleep 0.3
	start_sockfence || break
	grep -q "adopted pinned enforcement" "$SF_LOG" || fail "round $round: pins not adopted"
done
stop_sockfence
touch /tmp/stop
wait $hammer
result=$(cat /tmp/hammer.out)
echo "    hammer: $result"
case $result in
"attempts=0 "*) fail "the loop made no attempt" ;;
*" ok=0 "*" other=0") pass "no connect got through 3 kill -9 restarts ($result)" ;;
*) fail "connects got through or failed otherwise: $result" ;;
esac
grep -q "enforcing policy generation 4" "$SF_LOG" || fail "generation did not reach 4"
finish
