build-bench/daemon/policy_parse.o: daemon/policy_parse.c daemon/policy.h \
 daemon/diag.h include/sockfence.h daemon/yaml_tree.h
daemon/policy.h:
daemon/diag.h:
include/sockfence.h:
daemon/yaml_tree.h:
