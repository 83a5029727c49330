# sockfence status --posture against the real dockerd: its listener for
# tcp://0.0.0.0:2375 (exposed, owned by dockerd), the -H tcp://0.0.0.0:2375 on
# its command line without TLS verification, and a running container that
# has the socket mounted, with its id; exit status 4 for findings.
. /tests/lib.sh
image

docker rm -f posture-mounted >/dev/null 2>&1
run 0 docker run -d --name posture-mounted --network none \
	-v /var/run/docker.sock:/var/run/docker.sock $IMAGE sleep 300
id=$(docker inspect --format '{{.Id}}' posture-mounted)
OUT=$(sockfence status --posture --json)
rc=$?
echo "$OUT" | sed 's/},{/}\n{/g; s/^/    | /'
[ $rc -eq 4 ] && pass "exit status 4: findings" || fail "exit status $rc, expected 4"
item() { echo "$OUT" | sed 's/},{/}\n{/g' | grep -e "$1"; }
# dockerd's tcp://0.0.0.0:2375 is one dual-stack socket: [::]:2375.
item '"kind":"listener","finding":true,"endpoint":"docker-tcp","what":"\[::\]:2375","detail":"exposed: reachable from other hosts","pid":[0-9]*,"comm":"dockerd"' >/dev/null &&
	pass "the exposed [::]:2375 listener, owned by dockerd" || fail "no exposed listener item"
item '"kind":"dockerd-host","finding":true,"what":"tcp://0.0.0.0:2375","detail":"-H on dockerd.s command line, TCP without TLS client verification' >/dev/null &&
	pass "dockerd's -H tcp://0.0.0.0:2375 without TLS verification" || fail "no dockerd-host item"
item "\"kind\":\"mount\",\"finding\":true,\"endpoint\":\"docker\",\"what\":\"/var/run/docker.sock\".*\"container\":true,\"container_id\":\"$id\"" >/dev/null &&
	pass "the container with the socket mounted, by its id" || fail "no mount item for container $id"
docker rm -f posture-mounted >/dev/null
finish
