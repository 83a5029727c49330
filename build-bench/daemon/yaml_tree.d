build-bench/daemon/yaml_tree.o: daemon/yaml_tree.c daemon/yaml_tree.h \
 daemon/diag.h
daemon/yaml_tree.h:
daemon/diag.h:
