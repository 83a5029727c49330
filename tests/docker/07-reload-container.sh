# `sockfence reload` with a policy that lets one container id through: that
# container reaches the socket, another one still cannot. Then the shipped
# policy comes back through `systemctl reload sockfence`.
. /tests/lib.sh
image

for c in trusted other; do
	docker rm -f $c >/dev/null 2>&1
	docker run -d --name $c --network none -v /var/run/docker.sock:/var/run/docker.sock \
		-v $PROBE:/sfprobe:ro $IMAGE sleep 600 >/dev/null || fail "cannot start container $c"
done
trusted=$(docker inspect --format '{{.Id}}' trusted)
cp /etc/sockfence/policy.yaml /tmp/shipped.yaml
sed "s/^rules:.*/rules:\n  - { action: allow, endpoint: docker, container: $trusted }/" \
	/tmp/shipped.yaml >/etc/sockfence/policy.yaml
run 0 sockfence reload
gen=$(sockfence status --json | sed -n 's/.*"generation":\([0-9]*\).*/\1/p')
text=$(systemctl show -p StatusText --value sockfence)
[ "$text" = "enforcing policy generation $gen ($BACKEND backend)" ] &&
	pass "systemd's status line follows the reload: $text" ||
	fail "systemd's status line says '$text', sockfence status generation $gen"
run 0 docker exec trusted /sfprobe connect unix:/var/run/docker.sock
contains "result=ok" "the allowed container reaches the socket"
run nonzero docker exec other /sfprobe connect unix:/var/run/docker.sock
contains "result=EPERM" "the other container is still refused"

cp /tmp/shipped.yaml /etc/sockfence/policy.yaml
run 0 systemctl reload sockfence
run nonzero docker exec trusted /sfprobe connect unix:/var/run/docker.sock
contains "result=EPERM" "after systemctl reload the shipped policy refuses it again"
docker rm -f trusted other >/dev/null
finish
