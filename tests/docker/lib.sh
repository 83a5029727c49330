# SPDX-License-Identifier: GPL-2.0-only
# Helpers sourced by every end-to-end scenario (tests/docker/NN-*.sh). A
# scenario checks as often as it likes and ends with `finish`.
FAILED=0
IMAGE=e2e-busybox
PROBE=/tests/bin/sfprobe
CERTS=/etc/docker-tls

# The backend this boot gets (lsm with BPF LSM on, fmod_ret without) and
# the prefix of its hooks' names in events: the scenarios run on both.
if grep -qw bpf /sys/kernel/security/lsm 2>/dev/null; then
	BACKEND=lsm HOOK=
else
	BACKEND=fmod_ret HOOK=security_
fi

fail() { echo "FAIL: $*"; FAILED=1; }
pass() { echo "ok: $*"; }
finish() { exit $FAILED; }

# wait_for SECONDS COMMAND...: poll COMMAND every 0.2 s until it succeeds.
wait_for() {
	n=$(($1 * 5))
	shift
	while ! "$@" >/dev/null 2>&1; do
		n=$((n - 1))
		[ $n -le 0 ] && return 1
		sleep 0.2
	done
}

# run WANT COMMAND...: run it, show its output, check its exit status
# ("0" or "nonzero"); the output is left in $OUT.
run() {
	want=$1
	shift
	OUT=$("$@" 2>&1)
	rc=$?
	echo "$OUT" | sed 's/^/    | /'
	if [ "$want" = 0 ] && [ $rc -eq 0 ]; then
		pass "$* -> exit 0"
	elif [ "$want" = nonzero ] && [ $rc -ne 0 ]; then
		pass "$* -> exit $rc"
	else
		fail "$*: exit $rc, expected $want"
	fi
}

# contains TEXT DESCRIPTION: $OUT must contain TEXT.
contains() {
	case $OUT in
	*"$1"*) pass "$2" ;;
	*) fail "$2: no '$1' in the output" ;;
	esac
}

# as USER COMMAND: a login shell command of USER.
as() { su -s /bin/sh -c "$2" "$1"; }

# image: the busybox image every scenario runs (imported once).
image() {
	docker image inspect "$IMAGE" >/dev/null 2>&1 ||
		docker import /tests/busybox.tar "$IMAGE" >/dev/null
}

# sockfence_lines PATTERN: sockfence's syslog lines in the journal.
sockfence_lines() { journalctl -q -o cat -t sockfence --no-pager | grep -e "$1"; }

# certs: a CA, a server certificate for 127.0.0.1 and localhost, and a
# client certificate (extendedKeyUsage clientAuth), as Docker's TLS guide
# makes them; then the TLS dockerd on 2376.
certs() {
	[ -s $CERTS/cert.pem ] && return 0
	mkdir -p $CERTS && cd $CERTS || return 1
	openssl genrsa -out ca-key.pem 2048 2>/dev/null
	openssl req -new -x509 -days 2 -key ca-key.pem -sha256 -subj /CN=e2e-ca -out ca.pem
	openssl genrsa -out server-key.pem 2048 2>/dev/null
	openssl req -subj /CN=localhost -sha256 -new -key server-key.pem -out server.csr
	printf 'subjectAltName = IP:127.0.0.1,IP:10.99.0.1,DNS:localhost\nextendedKeyUsage = serverAuth\n' >extfile.cnf
	openssl x509 -req -days 2 -sha256 -in server.csr -CA ca.pem -CAkey ca-key.pem \
		-CAcreateserial -out server-cert.pem -extfile extfile.cnf 2>/dev/null
	openssl genrsa -out key.pem 2048 2>/dev/null
	openssl req -subj /CN=client -new -key key.pem -out client.csr
	echo 'extendedKeyUsage = clientAuth' >extfile-client.cnf
	openssl x509 -req -days 2 -sha256 -in client.csr -CA ca.pem -CAkey ca-key.pem \
		-CAcreateserial -out cert.pem -extfile extfile-client.cnf 2>/dev/null
	cd / || return 1
	systemctl start docker-tls.service
	wait_for 60 docker --tlsverify --tlscacert=$CERTS/ca.pem --tlscert=$CERTS/cert.pem \
		--tlskey=$CERTS/key.pem -H tcp://127.0.0.1:2376 version
}
