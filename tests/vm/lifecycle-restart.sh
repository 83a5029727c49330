# A connect loop of a denied identity runs across kill -9 and restarts of
# the daemon (pins adopted, make-before-break): zero connects get through.
. /tests/lib.sh

listen unix:/var/run/docker.sock
start_sockfence || finish
hammer_start unix:/var/run/docker.sock
for round in 1 2 3; do
	kill -9 "$SF_PID"
	wait "$SF_PID" 2>/dev/null
	sleep 0.3
	start_sockfence || break
	grep -q "adopted pinned enforcement" "$SF_LOG" || fail "round $round: pins not adopted"
done
stop_sockfence
hammer_stop "3 kill -9 restarts"
grep -q "enforcing policy generation 4" "$SF_LOG" || fail "generation did not reach 4"
finish
