build-bench/daemon/policy_lint.o: daemon/policy_lint.c daemon/policy.h \
 daemon/diag.h include/sockfence.h
daemon/policy.h:
daemon/diag.h:
include/sockfence.h:
