build-bench/daemon/daemon.o: daemon/daemon.c daemon/daemon.h \
 daemon/loader.h include/sockfence.h daemon/policy.h daemon/diag.h \
 daemon/log.h daemon/policy_compile.h daemon/policy_source.h
daemon/daemon.h:
daemon/loader.h:
include/sockfence.h:
daemon/policy.h:
daemon/diag.h:
daemon/log.h:
daemon/policy_compile.h:
daemon/policy_source.h:
