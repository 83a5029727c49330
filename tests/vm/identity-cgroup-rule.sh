# A cgroup rule covers that cgroup and everything below it, and nothing else.
. /tests/lib.sh

cgroup2_root >/dev/null
mkdir -p /sys/fs/cgroup/system.slice/portainer.service/worker /sys/fs/cgroup/system.slice/other.service
cat >/tmp/p.yaml <<'YAML'
endpoints:
  docker: { unix: /var/run/docker.sock }
rules:
  - { action: allow, endpoint: docker, cgroup: system.slice/portainer.service }
YAML
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
