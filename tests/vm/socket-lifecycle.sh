# A socket that appears after sockfence starts, and one that is removed and
# created again (a new inode: dockerd restarted), are protected without a
# reload, from their first connect (the place they are bound at is
# protected); a socket whose directory did not exist at start is protected
# once the daemon sees the directory.
. /tests/lib.sh

u="--uid $TEST_UID --gid $TEST_UID"
rm -rf /run/containerd
start_sockfence || finish
grep -q "/var/run/docker.sock does not exist yet" "$SF_LOG" ||
	fail "no warning that docker.sock is missing"

listen unix:/var/run/docker.sock
expect EPERM unix:/var/run/docker.sock $u
first=$(stat -c %i /run/docker.sock)

kill $LISTENERS
wait $LISTENERS 2>/dev/null
LISTENERS=
rm -f /run/docker.sock
listen unix:/var/run/docker.sock
second=$(stat -c %i /run/docker.sock)
[ "$first" != "$second" ] || fail "the recreated socket kept inode $first"
expect EPERM unix:/var/run/docker.sock $u
expect ok unix:/var/run/docker.sock

mkdir -p /run/containerd
listen unix:/run/containerd/containerd.sock
expect_soon EPERM unix:/run/containerd/containerd.sock $u
finish
