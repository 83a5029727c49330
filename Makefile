# SPDX-License-Identifier: GPL-2.0-only
# sockfence build. `make V=1` shows full commands.

BUILD ?= build
# One spelling of every target, whatever the caller passed (build,
# ./build, /abs/build): the dependency files name their targets as
# written, so a tree built once as "build" and once as "/abs/build" would
# otherwise keep stale objects that the headers no longer match.
override BUILD := $(abspath $(BUILD))
# ... and the relative spelling still names the same file (make build/x).
ifneq ($(patsubst $(CURDIR)/%,%,$(BUILD)),$(BUILD))
$(patsubst $(CURDIR)/%,%,$(BUILD))/%: $(BUILD)/% ;
endif
CC ?= cc
CLANG ?= clang
BPFTOOL ?= bpftool
LLVM_STRIP ?= llvm-strip
ARCH ?= x86

# vmlinux.h is generated from the build machine's kernel BTF, not committed:
# the programs only use CO-RE reads, so the one object is relocated at load
# time for every kernel of the matrix (6.1 to current). Point VMLINUX_BTF at
# another BTF file (or VMLINUX_H at a ready header) to build elsewhere.
VMLINUX_BTF ?= /sys/kernel/btf/vmlinux
VMLINUX_H ?= $(BUILD)/vmlinux.h

# debian/changelog gives the same version (tests/host/deb.sh checks).
VERSION := 0.1.0
GIT_REV := $(shell git describe --always --dirty 2>/dev/null)
SF_VERSION := $(VERSION)$(if $(GIT_REV),+$(GIT_REV))

INCLUDES := -Iinclude -Ibpf -Idaemon -I$(BUILD) -I$(dir $(VMLINUX_H))
CFLAGS ?= -O2 -g
SF_CFLAGS := -std=gnu11 -Wall -Wextra -Werror -MMD -MP $(INCLUDES) \
	-DSF_VERSION='"$(SF_VERSION)"' $(CFLAGS)
BPF_CFLAGS := -g -O2 -target bpf -mcpu=v3 -D__TARGET_ARCH_$(ARCH) \
	-Wall -Werror -MMD -MP $(INCLUDES)
LIBS := -lbpf -lelf -lz -lyaml -ljson-c -lcrypto -lsystemd
STATIC_LIBS := -static -lbpf -lelf -lz -lyaml -ljson-c -lcrypto

# Debian has no static libsystemd: the static build (the test VMs, no
# journald) takes journal_none.c instead of journal_sink.c.
DAEMON_SRCS := $(filter-out daemon/journal_none.c,$(wildcard daemon/*.c))
DAEMON_OBJS := $(DAEMON_SRCS:%.c=$(BUILD)/%.o) $(BUILD)/default_policy.o
STATIC_DAEMON_OBJS := $(patsubst %/journal_sink.o,%/journal_none.o,$(DAEMON_OBJS))
LIB_OBJS := $(filter-out $(BUILD)/daemon/main.o,$(DAEMON_OBJS))
UNIT_SRCS := $(wildcard tests/unit/*.c)
UNIT_OBJS := $(UNIT_SRCS:%.c=$(BUILD)/%.o)
BPF_SRCS := $(wildcard bpf/*.bpf.c)
BPF_OBJS := $(BPF_SRCS:bpf/%.bpf.c=$(BUILD)/%.bpf.o)
SKELS := $(BPF_SRCS:bpf/%.bpf.c=$(BUILD)/%.skel.h)

ifeq ($(V),1)
Q :=
msg :=
else
Q := @
msg = @printf '  %-8s %s\n' "$(1)" "$(2)";
endif

.DELETE_ON_ERROR:
.SECONDARY:
.PHONY: all static deps unit unit-san fuzz vm test test-docker run demo clean format format-check install \
	uninstall deb

all: $(BUILD)/sockfence

# Everything the VM needs, linked statically so one artefact runs unchanged
# on every kernel of the matrix.
static: $(BUILD)/static/sockfence $(BUILD)/static/sfprobe $(BUILD)/static/sockfence-next-layout

deps:
	$(Q)scripts/deps.sh

$(BUILD)/vmlinux.h:
	$(call msg,GEN,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(BPFTOOL) btf dump file $(VMLINUX_BTF) format c > $@

$(BUILD)/%.bpf.o: bpf/%.bpf.c $(VMLINUX_H)
	$(call msg,BPF,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CLANG) $(BPF_CFLAGS) -c $< -o $@
	$(Q)$(LLVM_STRIP) -g $@

$(BUILD)/%.skel.h: $(BUILD)/%.bpf.o
	$(call msg,GEN-SKEL,$@)
	$(Q)$(BPFTOOL) gen skeleton $< > $@

# The binary carries the shipped default policy, used when no file exists.
$(BUILD)/default_policy.c: etc/sockfence/policy.yaml scripts/embed.sh
	$(call msg,EMBED,$@)
	$(Q)mkdir -p $(@D)
	$(Q)scripts/embed.sh sf_default_policy < $< > $@

$(BUILD)/default_policy.o: $(BUILD)/default_policy.c
	$(call msg,CC,$@)
	$(Q)$(CC) $(SF_CFLAGS) -c $< -o $@

# The loader embeds the skeleton; -MMD only knows that after a first build.
$(BUILD)/daemon/loader.o: $(SKELS)

$(BUILD)/%.o: %.c
	$(call msg,CC,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(SF_CFLAGS) -c $< -o $@

$(BUILD)/sockfence: $(DAEMON_OBJS)
	$(call msg,LINK,$@)
	$(Q)$(CC) $(CFLAGS) $^ $(LIBS) -o $@

$(BUILD)/static/sockfence: $(STATIC_DAEMON_OBJS)
	$(call msg,LINK,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(CFLAGS) $^ $(STATIC_LIBS) -o $@

# The same daemon claiming the next map layout: the VM tests migrate to it.
NEXT_LAYOUT_OBJS := $(patsubst $(BUILD)/%,$(BUILD)/next-layout/%,$(STATIC_DAEMON_OBJS))

$(BUILD)/next-layout/default_policy.o: $(BUILD)/default_policy.c
	$(call msg,CC,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(SF_CFLAGS) -DSF_TEST_NEXT_MAP_LAYOUT -c $< -o $@

$(BUILD)/next-layout/daemon/loader.o: $(SKELS)

$(BUILD)/next-layout/%.o: %.c
	$(call msg,CC,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(SF_CFLAGS) -DSF_TEST_NEXT_MAP_LAYOUT -c $< -o $@

$(BUILD)/static/sockfence-next-layout: $(NEXT_LAYOUT_OBJS)
	$(call msg,LINK,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(CFLAGS) $^ $(STATIC_LIBS) -o $@

$(BUILD)/static/sfprobe: $(BUILD)/tests/vm/helpers/sfprobe.o $(BUILD)/tests/vm/helpers/address.o \
		$(BUILD)/tests/vm/helpers/sequence.o
	$(call msg,LINK,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(CFLAGS) -static $^ -o $@

# The hook table's test opens the skeleton.
$(BUILD)/tests/unit/test_hooks.o $(BUILD)/san/tests/unit/test_hooks.o: $(SKELS)

$(BUILD)/unit-tests: $(UNIT_OBJS) $(LIB_OBJS)
	$(call msg,LINK,$@)
	$(Q)$(CC) $(CFLAGS) $^ $(LIBS) -lcunit -o $@

# Unit tests only (no VM, no root needed).
unit: $(BUILD)/unit-tests
	$(Q)$(BUILD)/unit-tests

# The same unit tests built with AddressSanitizer and UBSan; any finding
# aborts the run.
SAN_FLAGS := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
SAN_OBJS := $(patsubst $(BUILD)/%,$(BUILD)/san/%,$(UNIT_OBJS) $(LIB_OBJS))

$(BUILD)/san/default_policy.o: $(BUILD)/default_policy.c
	$(call msg,CC-SAN,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(SF_CFLAGS) $(SAN_FLAGS) -c $< -o $@

$(BUILD)/san/daemon/loader.o: $(SKELS)

$(BUILD)/san/%.o: %.c
	$(call msg,CC-SAN,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(SF_CFLAGS) $(SAN_FLAGS) -c $< -o $@

$(BUILD)/san/unit-tests: $(SAN_OBJS)
	$(call msg,LINK,$@)
	$(Q)$(CC) $(CFLAGS) $(SAN_FLAGS) $^ $(LIBS) -lcunit -o $@

unit-san: $(BUILD)/san/unit-tests
	$(Q)$(BUILD)/san/unit-tests

# libFuzzer on the policy parser, lint and compiler, the control socket,
# the events stream and learn's reading of events logs. FUZZ_SECONDS=N to
# change.
FUZZ_SECONDS ?= 60
FUZZ_SRCS := tests/fuzz/fuzz_policy.c daemon/policy_parse.c daemon/yaml_tree.c daemon/policy_lint.c \
	daemon/digest.c \
	daemon/cgroup2.c daemon/policy_words.c \
	daemon/policy_compile.c daemon/policy_places.c daemon/policy_abstract.c daemon/diag.c

# The control socket as a client writes to it (a real server, the real
# subscribers), and an events stream as the client reads it.
FUZZ_CONTROL_SRCS := tests/fuzz/fuzz_control.c daemon/control.c daemon/control_proto.c \
	daemon/process_identity.c daemon/policy_compile.c daemon/policy_places.c \
	daemon/policy_abstract.c daemon/cgroup2.c daemon/diag.c daemon/subscribers.c \
	daemon/event_recent.c daemon/event_view.c daemon/event_format.c daemon/event_json.c \
	daemon/policy_words.c daemon/hooks.c daemon/listener_owner.c daemon/socket_owners.c \
	daemon/grow.c
FUZZ_STREAM_SRCS := tests/fuzz/fuzz_stream.c daemon/event_stream.c daemon/control_proto.c \
	daemon/event_json.c daemon/event_view.c daemon/event_format.c daemon/policy_words.c \
	daemon/hooks.c daemon/listener_owner.c daemon/socket_owners.c daemon/grow.c
# An events log as `sockfence learn --from-json` reads it, and its proposal.
FUZZ_LEARN_SRCS := tests/fuzz/fuzz_learn.c daemon/learn.c daemon/policy_yaml.c \
	daemon/policy_parse.c daemon/yaml_tree.c daemon/digest.c daemon/cgroup2.c \
	daemon/policy_words.c daemon/diag.c daemon/grow.c $(BUILD)/default_policy.c
FUZZ_TARGETS := policy control stream learn
FUZZ_FLAGS = -g -O1 -fsanitize=fuzzer,address,undefined -Wall -Wextra -Werror $(INCLUDES)

$(BUILD)/fuzz/fuzz_policy: $(FUZZ_SRCS)
	$(call msg,FUZZ,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CLANG) $(FUZZ_FLAGS) $(FUZZ_SRCS) -lyaml -lcrypto -o $@

$(BUILD)/fuzz/fuzz_control: $(FUZZ_CONTROL_SRCS)
	$(call msg,FUZZ,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CLANG) $(FUZZ_FLAGS) $(FUZZ_CONTROL_SRCS) -ljson-c -o $@

$(BUILD)/fuzz/fuzz_stream: $(FUZZ_STREAM_SRCS)
	$(call msg,FUZZ,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CLANG) $(FUZZ_FLAGS) $(FUZZ_STREAM_SRCS) -ljson-c -o $@

$(BUILD)/fuzz/fuzz_learn: $(FUZZ_LEARN_SRCS)
	$(call msg,FUZZ,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CLANG) $(FUZZ_FLAGS) $(FUZZ_LEARN_SRCS) -lyaml -lcrypto -ljson-c -o $@

# FUZZ_SECONDS in all, shared by the targets and run one per core
# (scripts/fuzz.sh).
fuzz: $(FUZZ_TARGETS:%=$(BUILD)/fuzz/fuzz_%)
	$(Q)scripts/fuzz.sh $(BUILD) $(FUZZ_SECONDS) $(FUZZ_TARGETS)

# Kernel scenarios in qemu; VM_KERNELS="6.1 6.12" and VM_TESTS="NAME ..."
# choose a subset.
vm: static
	$(Q)scripts/vm-test.sh

# Installs what is missing, then unit tests and the VM matrix, one summary.
test:
	$(Q)scripts/deps.sh
	$(Q)$(MAKE) --no-print-directory all static $(BUILD)/static/sfbench $(BUILD)/unit-tests \
		$(BUILD)/san/unit-tests $(FUZZ_TARGETS:%=$(BUILD)/fuzz/fuzz_%)
	$(Q)scripts/run-tests.sh

# The real Docker under systemd in a VM: dockerd, the docker CLI, the
# Python SDK, TLS on 2376 (scripts/docker-vm.sh).
test-docker:
	$(Q)scripts/deps.sh
	$(Q)$(MAKE) --no-print-directory all static $(BUILD)/static/sfbench
	$(Q)BUILD=$(BUILD) scripts/docker-vm.sh

# sockfence on this host, in the foreground, showing events live (root).
run:
	$(Q)scripts/deps.sh
	$(Q)$(MAKE) --no-print-directory all
	$(Q)scripts/run-host.sh $(ARGS)

# Boots a VM, runs sockfence, shows allowed and denied connects and syslog.
demo:
	$(Q)scripts/deps.sh
	$(Q)$(MAKE) --no-print-directory static
	$(Q)scripts/vm-test.sh --demo

C_FILES = $(DAEMON_SRCS) $(UNIT_SRCS) $(BPF_SRCS) $(wildcard bpf/*.h daemon/*.h \
	include/*.h tests/unit/*.h tests/vm/helpers/*.c tests/vm/helpers/*.h)

# Installation. PREFIX=/usr for a distribution layout; DESTDIR for staging.
PREFIX ?= /usr/local
SBINDIR ?= $(PREFIX)/sbin
MANDIR ?= $(PREFIX)/share/man
UNITDIR ?= $(PREFIX)/lib/systemd/system
COMPLETIONDIR ?= $(PREFIX)/share/bash-completion/completions
SYSCONFDIR ?= /etc

$(BUILD)/sockfence.service: etc/sockfence.service.in
	$(call msg,GEN,$@)
	$(Q)mkdir -p $(@D)
	$(Q)sed 's|@SBINDIR@|$(SBINDIR)|g' $< > $@

install: $(BUILD)/sockfence $(BUILD)/sockfence.service
	install -D -m 0755 $(BUILD)/sockfence $(DESTDIR)$(SBINDIR)/sockfence
	install -D -m 0644 $(BUILD)/sockfence.service $(DESTDIR)$(UNITDIR)/sockfence.service
	install -D -m 0644 docs/sockfence.8 $(DESTDIR)$(MANDIR)/man8/sockfence.8
	install -D -m 0644 docs/sockfence.yaml.5 $(DESTDIR)$(MANDIR)/man5/sockfence.yaml.5
	install -D -m 0644 etc/bash-completion/sockfence $(DESTDIR)$(COMPLETIONDIR)/sockfence
	install -d -m 0755 $(DESTDIR)$(SYSCONFDIR)/sockfence
	@# An existing policy is the administrator's: never overwritten.
	@if [ -e $(DESTDIR)$(SYSCONFDIR)/sockfence/policy.yaml ]; then \
		echo "keeping the existing $(DESTDIR)$(SYSCONFDIR)/sockfence/policy.yaml"; \
	else \
		install -m 0644 etc/sockfence/policy.yaml $(DESTDIR)$(SYSCONFDIR)/sockfence/policy.yaml; \
	fi

# Leaves the policy when it differs from the shipped one (it holds local edits).
uninstall:
	rm -f $(DESTDIR)$(SBINDIR)/sockfence $(DESTDIR)$(UNITDIR)/sockfence.service \
		$(DESTDIR)$(MANDIR)/man8/sockfence.8 $(DESTDIR)$(MANDIR)/man5/sockfence.yaml.5 \
		$(DESTDIR)$(COMPLETIONDIR)/sockfence
	@if cmp -s etc/sockfence/policy.yaml $(DESTDIR)$(SYSCONFDIR)/sockfence/policy.yaml; then \
		rm -f $(DESTDIR)$(SYSCONFDIR)/sockfence/policy.yaml; \
		rmdir $(DESTDIR)$(SYSCONFDIR)/sockfence 2>/dev/null || true; \
	elif [ -e $(DESTDIR)$(SYSCONFDIR)/sockfence/policy.yaml ]; then \
		echo "keeping the modified $(DESTDIR)$(SYSCONFDIR)/sockfence/policy.yaml"; \
	fi

format:
	clang-format -i $(C_FILES)

format-check:
	$(Q)clang-format --dry-run --Werror $(C_FILES)

# The Debian package, built by dpkg-buildpackage from a copy of the tree
# (it writes next to the source, so the copy keeps that inside $(BUILD)).
DEB_VERSION = $(shell dpkg-parsechangelog -S Version)
DEB_DIR = $(BUILD)/deb

deb:
	$(Q)scripts/deps.sh deb
	$(Q)rm -rf $(DEB_DIR) && mkdir -p $(DEB_DIR)/sockfence-$(DEB_VERSION)
	$(Q)tar --exclude=./build --exclude='./build-*' --exclude=./.cache --exclude=./.git \
		--exclude=./debian/build -cf - . | tar -C $(DEB_DIR)/sockfence-$(DEB_VERSION) -xf -
	$(Q)cd $(DEB_DIR)/sockfence-$(DEB_VERSION) && \
		env -u MAKEFLAGS -u MAKELEVEL -u MFLAGS -u BUILD dpkg-buildpackage -us -uc -b \
		>$(abspath $(DEB_DIR))/build.log 2>&1 || { tail -n 30 $(abspath $(DEB_DIR))/build.log; exit 1; }
	$(Q)echo "deb: $(DEB_DIR)/sockfence_$(DEB_VERSION)_amd64.deb"

clean:
	rm -rf $(BUILD)

-include $(DAEMON_OBJS:.o=.d) $(UNIT_OBJS:.o=.d) $(BPF_OBJS:.o=.d) $(SAN_OBJS:.o=.d) \
	$(NEXT_LAYOUT_OBJS:.o=.d) \
	$(BUILD)/tests/vm/helpers/sfprobe.d $(BUILD)/tests/vm/helpers/address.d \
	$(BUILD)/tests/vm/helpers/sequence.d

# Benchmarks (not part of `make test`): policy parse, compile and publish on
# this host, then connect, flood and reload figures in the VM on each
# kernel, as ratios. Prints the tables and writes docs/performance.md.
.PHONY: bench
bench:
	$(Q)scripts/deps.sh bench
	$(Q)$(MAKE) --no-print-directory static $(BUILD)/static/sfbench \
		$(BUILD)/static/sfbench-floor $(BUILD)/static/sfbench-cost $(BUILD)/bench/policy-bench
	$(Q)BUILD=$(BUILD) scripts/bench.sh

# Empty programs on sockfence's LSM hooks: the floor under its cost.
$(BUILD)/bench/hook_floor.bpf.o: tests/bench/bpf/hook_floor.bpf.c $(VMLINUX_H)
	$(call msg,BPF,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CLANG) $(BPF_CFLAGS) -c $< -o $@
	$(Q)$(LLVM_STRIP) -g $@

$(BUILD)/bench/hook_floor.skel.h: $(BUILD)/bench/hook_floor.bpf.o
	$(call msg,GEN-SKEL,$@)
	$(Q)$(BPFTOOL) gen skeleton $< > $@

$(BUILD)/tests/bench/hook_floor.o: tests/bench/hook_floor.c $(BUILD)/bench/hook_floor.skel.h
	$(call msg,CC,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(SF_CFLAGS) -I$(BUILD)/bench -c $< -o $@

$(BUILD)/static/sfbench-floor: $(BUILD)/tests/bench/hook_floor.o $(BUILD)/daemon/hooks.o
	$(call msg,LINK,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(CFLAGS) $^ $(STATIC_LIBS) -o $@

# Each program's run time per run (BPF run-time statistics) while a command runs.
$(BUILD)/static/sfbench-cost: $(BUILD)/tests/bench/prog_cost.o
	$(call msg,LINK,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(CFLAGS) $^ -static -lbpf -lelf -lz -o $@

$(BUILD)/static/sfbench: $(BUILD)/tests/bench/sfbench.o $(BUILD)/daemon/control_proto.o \
	$(BUILD)/tests/vm/helpers/address.o
	$(call msg,LINK,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(CFLAGS) -static $^ -o $@

# It loads the skeleton's maps (no program) to time publishing a generation.
$(BUILD)/tests/bench/policy_bench.o: $(SKELS)

$(BUILD)/bench/policy-bench: $(BUILD)/tests/bench/policy_bench.o $(LIB_OBJS)
	$(call msg,LINK,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(CFLAGS) $^ $(LIBS) -o $@

C_FILES += $(wildcard tests/bench/*.c tests/bench/bpf/*.c)

-include $(BUILD)/tests/bench/sfbench.d $(BUILD)/tests/bench/policy_bench.d
