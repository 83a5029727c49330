build-bench/daemon/policy_print.o: daemon/policy_print.c \
 daemon/policy_print.h daemon/policy.h daemon/diag.h include/sockfence.h \
 bpf/decide.h daemon/policy_compile.h
daemon/policy_print.h:
daemon/policy.h:
daemon/diag.h:
include/sockfence.h:
bpf/decide.h:
daemon/policy_compile.h:
