# A uid allowed only through a supplementary group connects; without the
# group it is denied.
. /tests/lib.sh

docker_policy /tmp/p.yaml deny \
	"{ action: allow, endpoint: docker, group: docker }"
listen unix:/var/run/docker.sock
start_sockfence --policy /tmp/p.yaml || finish
expect ok unix:/var/run/docker.sock --uid 1001 --gid 1001 --groups 4,999,27
expect EPERM unix:/var/run/docker.sock --uid 1001 --gid 1001 --groups 4,27
expect EPERM unix:/var/run/docker.sock --uid 1001 --gid 1001
expect ok unix:/var/run/docker.sock --uid 1001 --gid 999
finish
