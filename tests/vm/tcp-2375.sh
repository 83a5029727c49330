# Scenario 4: TCP port 2375 is refused at every address form, IPv4-mapped
# IPv6 included (the default policy closes it to everyone, root too); port
# 2376 is not protected. Also when TCP Fast Open connects without connect().
. /tests/lib.sh

listen tcp:127.0.0.1:2375
listen tcp:[::1]:2375
listen tcp:127.0.0.1:2376
start_sockfence || finish

u="--uid $TEST_UID --gid $TEST_UID"
expect EPERM tcp:127.0.0.1:2375 $u
expect EPERM tcp:[::1]:2375 $u
expect EPERM tcp:[::ffff:127.0.0.1]:2375 $u
expect EPERM tcp:127.0.0.1:2375
expect EPERM tcp:[::1]:2375
expect ok tcp:127.0.0.1:2376 $u
expect ok tcp:[::ffff:127.0.0.1]:2376 $u
# Refused before any packet leaves: an address nobody listens on gives
# EPERM on 2375, where 2376 gets the network's own ECONNREFUSED.
expect EPERM tcp:127.0.0.2:2375 $u
expect ECONNREFUSED tcp:127.0.0.2:2376 $u
# TCP Fast Open connects from sendto(MSG_FASTOPEN), without connect(2).
expect EPERM tcp:127.0.0.1:2375 $u --via fastopen
expect EPERM tcp:[::1]:2375 $u --via fastopen
expect ok tcp:127.0.0.1:2376 $u --via fastopen
finish
