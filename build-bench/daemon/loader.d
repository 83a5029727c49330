build-bench/daemon/loader.o: daemon/loader.c daemon/loader.h \
 include/sockfence.h daemon/log.h build-bench/sockfence.skel.h
daemon/loader.h:
include/sockfence.h:
daemon/log.h:
build-bench/sockfence.skel.h:
