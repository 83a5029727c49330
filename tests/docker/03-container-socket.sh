# A container with the socket mounted (the classic escape) is refused with
# EPERM, at the usual path and at another one; the syslog line carries the
# container id `docker inspect` reports.
. /tests/lib.sh
image

for at in /var/run/docker.sock /tmp/other.sock; do
	name=mounted$(echo $at | tr -c 'a-z\n' '-')
	docker rm -f "$name" >/dev/null 2>&1
	run nonzero docker run --name "$name" --network none -v /var/run/docker.sock:$at \
		-v $PROBE:/sfprobe:ro $IMAGE /sfprobe connect unix:$at
	contains "result=EPERM" "socket mounted at $at: EPERM inside the container"
	id=$(docker inspect --format '{{.Id}}' "$name")
	if wait_for 10 sockfence_lines "container=$id"; then
		line=$(sockfence_lines "container=$id" | head -n 1)
		pass "syslog: $line"
		case $line in
		*"verdict=deny hook=${HOOK}unix_stream_connect endpoint=docker target=/var/run/docker.sock "*"rule=1 "*) pass "deny by rule 1, at the socket's configured path" ;;
		*) fail "the line lacks the verdict, endpoint, target or rule" ;;
		esac
	else
		fail "no syslog line with container=$id"
	fi
	docker rm -f "$name" >/dev/null
done
# An HTTP client in the container fares no better than a bare connect.
run 0 docker run --rm --network none -v /var/run/docker.sock:/var/run/docker.sock \
	-v /tests/bin/sfbench:/sfbench:ro $IMAGE /sfbench loop --ms 50 ps=http+unix:/var/run/docker.sock
contains "ok=0 EPERM=" "docker ps over HTTP from the container: refused"
finish
