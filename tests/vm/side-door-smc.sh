# Side doors to TCP 2375: sockets of other kinds that reach TCP. AF_SMC
# connects an inner TCP socket with kernel_connect(), which calls no
# security hook (SMC falls back to TCP with a peer that does not speak it);
# MPTCP and IPPROTO_SMC (Linux 6.11+) are AF_INET/AF_INET6 sockets of
# another protocol. Each is refused on 2375 like plain TCP, by connect()
# and by Fast Open, and still works on a port nobody protects.
. /tests/lib.sh

# Debian builds SMC as a module that any user's socket(AF_SMC) loads.
load_modules smc || finish
listen tcp:127.0.0.1:2375
listen tcp:[::1]:2375
listen tcp:127.0.0.1:2376
start_sockfence || finish

u="--uid $TEST_UID --gid $TEST_UID"
# made KIND: the "socket=DOMAIN/PROTOCOL" sfprobe must report for KIND (a
# kernel that quietly gave a plain TCP socket would prove nothing).
made() {
	case $1 in
	smc) echo 43/0 ;;
	mptcp) echo 2/262 ;;
	smc-proto) echo 2/256 ;;
	esac
}
# IPPROTO_SMC came with Linux 6.11: 6.1 refuses the socket itself.
kinds="smc mptcp smc-proto"
case $(uname -r) in
6.1.*)
	kinds="smc mptcp"
	out=$(sfprobe connect tcp:127.0.0.1:2376 --kind smc-proto 2>&1)
	case $out in
	*"Protocol not supported"*) pass "6.1 has no IPPROTO_SMC ($out)" ;;
	*) fail "IPPROTO_SMC on 6.1: $out" ;;
	esac
	;;
esac
for kind in $kinds; do
	expect ok tcp:127.0.0.1:2376 $u --kind $kind
	case $PROBE_OUT in
	*" socket=$(made $kind) "*) pass "the kernel made a $kind socket ($PROBE_OUT)" ;;
	*) fail "not a $kind socket: $PROBE_OUT" ;;
	esac
	expect EPERM tcp:127.0.0.1:2375 $u --kind $kind
	expect EPERM tcp:[::1]:2375 $u --kind $kind
	expect EPERM tcp:[::ffff:127.0.0.1]:2375 $u --kind $kind
	expect EPERM tcp:127.0.0.1:2375 $u --kind $kind --via fastopen
done

# The refusal is reported like a plain TCP one: who, and which address
# (a command name of its own: events identical to the ones above within a
# second are aggregated).
expect EPERM tcp:127.0.0.1:2375 $u --kind smc --comm smc-client
wait_for 5 syslog_lines "$PROBE_PID" || fail "no syslog line for the AF_SMC connect"
line=$(syslog_lines "$PROBE_PID" | tail -n 1)
case $line in
*"verdict=deny hook=${HOOK}socket_connect "*"target=127.0.0.1:2375 "*"uid=$TEST_UID "*) pass "event: $line" ;;
*) fail "event of the AF_SMC connect: $line" ;;
esac
finish
