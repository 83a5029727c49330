# A cgroup rule covers that cgroup and everything below it, and nothing else.
. /tests/lib.sh

cgroup2_root >/dev/null
mkdir -p /sys/fs/cgroup/system.slice/portainer.service/worker /sys/fs/cgroup/system.slice/other.service
docker_policy /tmp/p.yaml deny \
	"{ action: allow, endpoint: docker, cgroup: system.slice/portainer.service }"
listen unix:/var/run/docker.sock
start_sockfence --policy /tmp/p.yaml || finish
for cg in system.slice/portainer.service system.slice/portainer.service/worker system.slice/other.service; do
	out=$(in_cgroup "$cg" sfprobe connect unix:/var/run/docker.sock 2>&1)
	case $cg:$out in
	*portainer*:*"result=ok"* | *other*:*"result=EPERM"*) pass "$cg -> ${out##*=}" ;;
	*) fail "$cg: $out" ;;
	esac
done
finish
