build-bench/daemon/diag.o: daemon/diag.c daemon/diag.h
daemon/diag.h:
