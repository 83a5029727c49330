# A client in another network namespace, as another host would be, against
# the real dockerd: plaintext 2375 gets no answer (its SYN is dropped where
# the kernel handles it; the event names the source, the interface and
# dockerd as the listener), while TLS 2376 with client certificates works.
# The connect side would refuse the client (a host process here) first, so
# a policy that lets root on the host reach 2375 at connect is in force
# meanwhile: what refuses it then is the listener side alone.
. /tests/lib.sh

certs || fail "the TLS dockerd did not come up"
modprobe veth || fail "modprobe veth"
ip netns del sfremote 2>/dev/null
ip link del sfh 2>/dev/null
ip netns add sfremote
ip link add sfh type veth peer name sfr
ip link set sfr netns sfremote
ip addr add 10.99.0.1/24 dev sfh
ip link set sfh up
ip -n sfremote addr add 10.99.0.2/24 dev sfr
ip -n sfremote link set sfr up
ip -n sfremote link set lo up

cp /etc/sockfence/policy.yaml /tmp/shipped.yaml
sed "s/^rules:.*/rules:\n  - { action: allow, endpoint: docker-tcp, from: host, uid: root }/" \
	/tmp/shipped.yaml >/etc/sockfence/policy.yaml
run 0 sockfence reload
run 0 $PROBE connect tcp:127.0.0.1:2375
contains "result=ok" "this host's root reaches 2375 under that policy"
run nonzero ip netns exec sfremote $PROBE connect tcp:10.99.0.1:2375 --syn-retries 1
contains "result=ETIMEDOUT" "from the other namespace, 2375 gets no answer"
run 0 ip netns exec sfremote docker --tlsverify --tlscacert=$CERTS/ca.pem \
	--tlscert=$CERTS/cert.pem --tlskey=$CERTS/key.pem -H tcp://10.99.0.1:2376 ps
wait_for 10 sockfence_lines "verdict=deny hook=${HOOK}inet_conn_request endpoint=docker-tcp target=10.99.0.1:2375 rule=3 .*origin=remote source=10.99.0.2:[0-9]* iif=sfh listener_pid=[0-9]* listener_comm=dockerd" &&
	pass "the event names the source, the interface and dockerd" ||
	fail "no remote event: $(sockfence_lines inet_conn_request)"
cp /tmp/shipped.yaml /etc/sockfence/policy.yaml
run 0 sockfence reload
ip netns del sfremote
ip link del sfh 2>/dev/null
finish
