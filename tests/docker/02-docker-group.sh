# Host users, as the shipped default policy documents: a member of the
# docker group reaches the socket; anyone else is refused by sockfence
# even when the socket's file mode would let them in.
. /tests/lib.sh

run 0 as alice 'docker ps'
chmod 0666 /var/run/docker.sock
run nonzero as bob 'docker ps'
contains "operation not permitted" "bob: the connect failed with EPERM"
chmod 0660 /var/run/docker.sock
bob=$(id -u bob)
wait_for 10 sockfence_lines "verdict=deny hook=${HOOK}unix_stream_connect endpoint=docker .* uid=$bob " &&
	pass "syslog names bob's denied connect" || fail "no syslog line for bob's connect"
finish
