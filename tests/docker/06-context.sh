# A docker context for the TLS endpoint.
. /tests/lib.sh

certs || fail "the TLS dockerd did not come up"
docker context rm -f e2e-tls >/dev/null 2>&1
run 0 docker context create e2e-tls \
	--docker "host=tcp://127.0.0.1:2376,ca=$CERTS/ca.pem,cert=$CERTS/cert.pem,key=$CERTS/key.pem"
run 0 docker --context e2e-tls ps
finish
