build-bench/daemon/cmd_check.o: daemon/cmd_check.c daemon/commands.h \
 daemon/policy_compile.h daemon/diag.h daemon/policy.h \
 include/sockfence.h daemon/policy_print.h daemon/policy_source.h
daemon/commands.h:
daemon/policy_compile.h:
daemon/diag.h:
daemon/policy.h:
include/sockfence.h:
daemon/policy_print.h:
daemon/policy_source.h:
