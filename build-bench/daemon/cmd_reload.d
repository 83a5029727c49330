build-bench/daemon/cmd_reload.o: daemon/cmd_reload.c daemon/commands.h \
 daemon/control_proto.h
daemon/commands.h:
daemon/control_proto.h:
