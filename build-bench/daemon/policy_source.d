build-bench/daemon/policy_source.o: daemon/policy_source.c \
 daemon/policy_source.h daemon/policy.h daemon/diag.h include/sockfence.h
daemon/policy_source.h:
daemon/policy.h:
daemon/diag.h:
include/sockfence.h:
