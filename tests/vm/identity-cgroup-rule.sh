# A cgroup rule covers that cgroup and everything below it, and nothing else.
# Below more levels than the kernel reads (SF_CGROUP_DEPTH, 16), a deny rule
# on an ancestor still applies: the caller may be inside it (fail closed).
. /tests/lib.sh

cgroup2_root >/dev/null
mkdir -p /sys/fs/cgroup/system.slice/portainer.service/worker /sys/fs/cgroup/system.slice/other.service
deep=system.slice/deep.service
for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16; do deep=$deep/l$i; done
mkdir -p "/sys/fs/cgroup/$deep"
docker_policy /tmp/p.yaml deny \
	"{ action: allow, endpoint: docker, cgroup: system.slice/portainer.service }" \
	"{ action: deny, endpoint: docker, cgroup: system.slice/deep.service }" \
	"{ action: allow, endpoint: docker, uid: 0 }"
listen unix:/var/run/docker.sock
start_sockfence --policy /tmp/p.yaml || finish
u="--uid $TEST_UID --gid $TEST_UID"
# Twice: the second connect from each cgroup is one the hooks have seen
# (its origin cached), and its ancestors must still be read for the rules.
for round in first again; do
	for cg in system.slice/portainer.service system.slice/portainer.service/worker system.slice/other.service; do
		# shellcheck disable=SC2086 # one option per word
		out=$(in_cgroup "$cg" sfprobe connect unix:/var/run/docker.sock $u 2>&1)
		case $cg:$out in
		*portainer*:*"result=ok"* | *other*:*"result=EPERM"*) pass "uid $TEST_UID in $cg ($round) -> ${out##*=}" ;;
		*) fail "$cg ($round): $out" ;;
		esac
	done
done
check_root() { # CGROUP WANT
	out=$(in_cgroup "$1" sfprobe connect unix:/var/run/docker.sock 2>&1)
	case $out in
	*"result=$2") pass "root in ${1%%/l2/*}... -> $2" ;;
	*) fail "root in $1: expected $2, got '$out'" ;;
	esac
}
check_root system.slice/other.service ok
check_root system.slice/deep.service/l1 EPERM
check_root "$deep" EPERM
finish
