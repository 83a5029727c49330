build-bench/daemon/watch.o: daemon/watch.c daemon/watch.h daemon/policy.h \
 daemon/diag.h include/sockfence.h daemon/log.h
daemon/watch.h:
daemon/policy.h:
daemon/diag.h:
include/sockfence.h:
daemon/log.h:
