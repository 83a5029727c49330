build-bench/daemon/loop.o: daemon/loop.c daemon/loop.h
daemon/loop.h:
