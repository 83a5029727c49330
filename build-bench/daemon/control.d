build-bench/daemon/control.o: daemon/control.c daemon/control.h \
 daemon/daemon.h daemon/loader.h include/sockfence.h daemon/policy.h \
 daemon/diag.h daemon/control_proto.h daemon/log.h
daemon/control.h:
daemon/daemon.h:
daemon/loader.h:
include/sockfence.h:
daemon/policy.h:
daemon/diag.h:
daemon/control_proto.h:
daemon/log.h:
