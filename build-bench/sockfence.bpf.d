build-bench/sockfence.bpf.o: bpf/sockfence.bpf.c build-bench/vmlinux.h \
  include/sockfence.h bpf/decide.h bpf/events.bpf.h bpf/identity.bpf.h

build-bench/vmlinux.h:

include/sockfence.h:

bpf/decide.h:

bpf/events.bpf.h:

bpf/identity.bpf.h:
