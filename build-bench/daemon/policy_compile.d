build-bench/daemon/policy_compile.o: daemon/policy_compile.c \
 daemon/policy_compile.h daemon/diag.h daemon/policy.h \
 include/sockfence.h bpf/decide.h
daemon/policy_compile.h:
daemon/diag.h:
daemon/policy.h:
include/sockfence.h:
bpf/decide.h:
