build-bench/daemon/events.o: daemon/events.c daemon/events.h \
 daemon/event_format.h include/sockfence.h daemon/log.h
daemon/events.h:
daemon/event_format.h:
include/sockfence.h:
daemon/log.h:
