build-bench/daemon/lsm_check.o: daemon/lsm_check.c daemon/lsm_check.h \
 daemon/log.h
daemon/lsm_check.h:
daemon/log.h:
