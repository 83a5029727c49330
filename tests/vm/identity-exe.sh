# exe rules match the executable's inode: the allowed binary connects, a
# byte-identical copy elsewhere does not, and replacing the allowed binary
# (an upgrade: new inode) keeps the rule working.
. /tests/lib.sh

mkdir -p /usr/local/bin
cp /bin/sfprobe /usr/local/bin/dockerclient
cp /bin/sfprobe /tmp/copy-of-dockerclient
docker_policy /tmp/p.yaml deny \
	"{ action: allow, endpoint: docker, exe: /usr/local/bin/dockerclient }"
listen unix:/var/run/docker.sock
start_sockfence --policy /tmp/p.yaml || finish
u="--uid $TEST_UID --gid $TEST_UID"
probe() { # BINARY WANT
	out=$("$1" connect unix:/var/run/docker.sock $u 2>&1)
	case $out in
	*"result=$2") pass "$1 -> $2" ;;
	*) fail "$1: expected $2, got '$out'" ;;
	esac
}
probe /usr/local/bin/dockerclient ok
probe /tmp/copy-of-dockerclient EPERM
probe sfprobe EPERM
old=$(stat -c %i /usr/local/bin/dockerclient)
cp /bin/sfprobe /usr/local/bin/dockerclient.new
mv -f /usr/local/bin/dockerclient.new /usr/local/bin/dockerclient
[ "$(stat -c %i /usr/local/bin/dockerclient)" != "$old" ] || fail "the upgrade kept the inode"
i=0
until /usr/local/bin/dockerclient connect unix:/var/run/docker.sock $u >/dev/null 2>&1; do
	i=$((i + 1))
	[ $i -ge 50 ] && break
	sleep 0.1
done
probe /usr/local/bin/dockerclient ok
grep -q "generation 2 active" "$SF_LOG" && pass "the new inode became generation 2" ||
	fail "the replaced binary was not re-read"
finish
