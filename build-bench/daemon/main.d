build-bench/daemon/main.o: daemon/main.c daemon/commands.h
daemon/commands.h:
