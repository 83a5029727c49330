build-bench/daemon/control_proto.o: daemon/control_proto.c \
 daemon/control_proto.h
daemon/control_proto.h:
