# `systemctl restart docker` recreates the socket (a new inode): it is
# protected again without anyone touching sockfence.
. /tests/lib.sh
image

before=$(stat -c %i /var/run/docker.sock)
run 0 systemctl restart docker
wait_for 60 docker ps || fail "dockerd did not come back"
after=$(stat -c %i /var/run/docker.sock)
[ "$before" != "$after" ] && pass "the socket is a new inode ($before -> $after)" ||
	fail "the socket kept inode $before"
run nonzero docker run --rm --network none -v /var/run/docker.sock:/var/run/docker.sock \
	-v $PROBE:/sfprobe:ro $IMAGE /sfprobe connect unix:/var/run/docker.sock
contains "result=EPERM" "a container with the new socket: EPERM"
run 0 docker ps
finish
