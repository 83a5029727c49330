build-bench/daemon/cmd_run.o: daemon/cmd_run.c daemon/commands.h \
 daemon/control.h daemon/daemon.h daemon/loader.h include/sockfence.h \
 daemon/policy.h daemon/diag.h daemon/control_proto.h daemon/events.h \
 daemon/log.h daemon/loop.h daemon/lsm_check.h daemon/watch.h
daemon/commands.h:
daemon/control.h:
daemon/daemon.h:
daemon/loader.h:
include/sockfence.h:
daemon/policy.h:
daemon/diag.h:
daemon/control_proto.h:
daemon/events.h:
daemon/log.h:
daemon/loop.h:
daemon/lsm_check.h:
daemon/watch.h:
