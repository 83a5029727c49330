# sockfence learn against the real dockerd: with the unit stopped and
# sockfence unloaded, alice (docker group) runs `docker ps` in user.slice
# as a login session would, root runs the docker CLI in this scenario's
# own unit (sf-e2e.service), and the container `learner` (the socket
# mounted) hammers the API while learn records for 8 s. The proposal names
# alice by user and /usr/bin/docker, root by its unit and uid, the
# container by its id (its name and image from dockerd in the comment),
# dockerd's own connection to containerd (open since before learning) by
# its unit and uid, and no container broadly. Enforced, it keeps Docker
# working (alice's docker ps, the container, a new `docker run`) and
# refuses bob, another container with the socket, and root's CLI outside
# the unit it was learnt in.
. /tests/lib.sh
image
systemctl stop sockfence
run 0 sockfence unload --yes
docker rm -f learner other >/dev/null 2>&1
run 0 docker run -d --name learner --network none -v /var/run/docker.sock:/var/run/docker.sock \
	-v $PROBE:/sfprobe:ro $IMAGE /sfprobe hammer unix:/var/run/docker.sock --count 100000 --pause 200
id=$(docker inspect --format '{{.Id}}' learner)
rm -f /tmp/learn.stop
session() { systemd-run -q --scope --slice=user.slice su -s /bin/sh -c "$2" "$1"; }
(while [ ! -e /tmp/learn.stop ]; do session alice 'docker ps' >/dev/null 2>&1; sleep 0.5; done) &
(while [ ! -e /tmp/learn.stop ]; do docker ps >/dev/null 2>&1; sleep 0.5; done) &
# Where the unit (PrivateTmp) can read it; removed at the end.
learnt=/etc/sockfence/learnt.yaml
sockfence learn --for 8s >$learnt 2>/tmp/learn.err
rc=$?
touch /tmp/learn.stop
wait
sed 's/^/    learn: /' /tmp/learn.err
OUT=$(cat $learnt)
echo "$OUT" | sed 's/^/    | /'
[ $rc -eq 0 ] && pass "learn --for 8s: exit 0" || fail "learn --for 8s: exit $rc"
contains "- { action: allow, endpoint: docker, from: host, user: alice, exe: /usr/bin/docker }" \
	"alice: by user and program"
contains "- { action: allow, endpoint: docker, from: container, container: $id }" \
	"the container: by its id"
contains "name learner, image $IMAGE" "its name and image, from dockerd"
contains "controls this host" "the container rule says what it gives away"
contains "- { action: allow, endpoint: containerd, from: host, user: root, cgroup: system.slice/docker.service }" \
	"dockerd (to containerd): by its unit and uid"
contains "- { action: allow, endpoint: docker, from: host, user: root, cgroup: system.slice/sf-e2e.service }" \
	"root's CLI: by its unit and uid"
case $OUT in
*"from: container }"*) fail "a rule for every container was proposed" ;;
*) pass "no rule for every container" ;;
esac
run 0 sockfence check $learnt

systemctl start sockfence
wait_for 60 systemctl is-active -q sockfence || fail "the unit did not start"
wait_for 60 sockfence status || fail "sockfence is not enforcing"
run 0 sockfence reload $learnt
run 0 session alice 'docker ps'
run 0 docker exec learner /sfprobe connect unix:/var/run/docker.sock
run 0 docker run --rm --network none $IMAGE true
chmod 0666 /var/run/docker.sock
run nonzero as bob 'docker ps'
contains "operation not permitted" "bob: refused by the learnt policy"
chmod 0660 /var/run/docker.sock
run nonzero docker run --name other --network none -v /var/run/docker.sock:/var/run/docker.sock \
	-v $PROBE:/sfprobe:ro $IMAGE /sfprobe connect unix:/var/run/docker.sock
contains "result=EPERM" "another container with the socket: refused"
run nonzero systemd-run -q --scope --slice=user.slice docker ps
contains "operation not permitted" "root's CLI in another unit: refused"
docker rm -f learner other >/dev/null 2>&1
rm -f $learnt
# Back to the policy the next scenario expects.
systemctl restart sockfence
wait_for 60 sockfence status || fail "sockfence did not come back"
finish
