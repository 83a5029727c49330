# Scenario 1: on the Docker socket, root on the host connects, a non-root
# uid is refused with EPERM.
. /tests/lib.sh

listen unix:/var/run/docker.sock
expect ok unix:/var/run/docker.sock --uid "$TEST_UID" # no enforcer yet: file mode allows it
start_sockfence || finish
expect ok unix:/var/run/docker.sock
expect EPERM unix:/var/run/docker.sock --uid "$TEST_UID" --gid "$TEST_UID"
expect EPERM unix:/var/run/docker.sock --uid "$TEST_UID" --gid 0
finish
