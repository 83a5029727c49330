build-bench/daemon/event_format.o: daemon/event_format.c \
 daemon/event_format.h include/sockfence.h
daemon/event_format.h:
include/sockfence.h:
