# TLS with client certificates on 2376 works for the docker CLI and the
# Python SDK; the SDK on plaintext 2375 fails with a clear error.
. /tests/lib.sh

certs || fail "the TLS dockerd did not come up"
run 0 docker --tlsverify --tlscacert=$CERTS/ca.pem --tlscert=$CERTS/cert.pem \
	--tlskey=$CERTS/key.pem -H tcp://127.0.0.1:2376 ps
run 0 python3 -c "
import docker
tls = docker.tls.TLSConfig(client_cert=('$CERTS/cert.pem', '$CERTS/key.pem'),
                           ca_cert='$CERTS/ca.pem', verify=True)
client = docker.DockerClient(base_url='tcp://127.0.0.1:2376', tls=tls)
print('containers:', len(client.containers.list()))"
contains "containers: " "the Python SDK lists containers over TLS"
run nonzero python3 -c "
import docker
docker.DockerClient(base_url='tcp://127.0.0.1:2375').containers.list()"
contains "Operation not permitted" "the Python SDK on 2375: Operation not permitted"
finish
