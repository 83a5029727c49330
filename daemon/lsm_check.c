// SPDX-License-Identifier: GPL-2.0-only
#include "lsm_check.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <linux/capability.h>
#include <sys/mount.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "log.h"
#include "policy_words.h"
#include "sockfence.h"

bool lsm_list_has_bpf(const char *list)
{
	const char *p = list;

	while (*p) {
		size_t len = strcspn(p, ",\n");

		if (len == 3 && strncmp(p, "bpf", 3) == 0)
			return true;
		p += len;
		if (*p)
			p++;
	}
	return false;
}

int lsm_suggest_param(const char *list, char *out, size_t out_len)
{
	size_t len = strcspn(list, "\n");
	int n;

	if (len == 0)
		n = snprintf(out, out_len, "lsm=bpf");
	else
		n = snprintf(out, out_len, "lsm=%.*s,bpf", (int)len, list);
	return n < 0 || (size_t)n >= out_len ? -ENOSPC : 0;
}

static int read_small_file(const char *path, char *buf, size_t len)
{
	FILE *f = fopen(path, "re");
	size_t n;

	if (!f)
		return -errno;
	n = fread(buf, 1, len - 1, f);
	buf[n] = '\0';
	fclose(f);
	buf[strcspn(buf, "\n")] = '\0';
	return 0;
}

/* The lsm= value on the current kernel command line, or "" when absent. */
static void current_lsm_param(char *out, size_t len)
{
	char cmdline[4096];
	const char *p;

	out[0] = '\0';
	if (read_small_file("/proc/cmdline", cmdline, sizeof(cmdline)) < 0)
		return;
	for (p = cmdline; (p = strstr(p, "lsm=")) != NULL; p += 4) {
		if (p == cmdline || p[-1] == ' ')
			snprintf(out, len, "%.*s", (int)strcspn(p, " "), p);
	}
}

bool lsm_kernel_supported(const char *release)
{
	unsigned int major = 0, minor = 0;

	if (sscanf(release, "%u.%u", &major, &minor) != 2)
		return false;
	return major > SF_MIN_KERNEL_MAJOR ||
	       (major == SF_MIN_KERNEL_MAJOR && minor >= SF_MIN_KERNEL_MINOR);
}

/* Effective capabilities, from the kernel (no libcap needed for one word). */
static bool has_capability(int cap)
{
	struct __user_cap_header_struct header = { .version = _LINUX_CAPABILITY_VERSION_3 };
	struct __user_cap_data_struct data[2] = { 0 };

	if (syscall(SYS_capget, &header, data) != 0)
		return false;
	return data[cap / 32].effective & (1u << (cap % 32));
}

int lsm_check_privileges(enum sf_backend backend)
{
	/* CAP_SYS_ADMIN alone, or the finer CAP_BPF + CAP_PERFMON. */
	bool bpf = has_capability(21) || (has_capability(39) && has_capability(38));

	const char *also = "";

	if (backend == SF_BACKEND_LSM && bpf && has_capability(33 /* CAP_MAC_ADMIN */))
		return 0;
	if (backend == SF_BACKEND_FMODRET && bpf)
		return 0; /* tracing programs: CAP_BPF with CAP_PERFMON */
	if (backend == SF_BACKEND_CGROUP && bpf && (has_capability(21) || has_capability(12)))
		return 0; /* cgroup attachment: CAP_SYS_ADMIN or CAP_NET_ADMIN */
	if (backend == SF_BACKEND_LSM)
		also = " and CAP_MAC_ADMIN";
	else if (backend == SF_BACKEND_CGROUP)
		also = " and CAP_NET_ADMIN";
	log_err("missing privileges: the %s backend needs CAP_SYS_ADMIN (or CAP_BPF and "
		"CAP_PERFMON)%s; run sockfence as root (uid now %u)",
		policy_word(&policy_backend_words, backend), also, geteuid());
	return -EPERM;
}

int lsm_check_kernel(void)
{
	struct utsname uts;

	if (uname(&uts) == 0 && !lsm_kernel_supported(uts.release)) {
		log_err("unsupported kernel %s: sockfence needs Linux %d.%d or newer", uts.release,
			SF_MIN_KERNEL_MAJOR, SF_MIN_KERNEL_MINOR);
		return -EOPNOTSUPP;
	}
	if (access(SF_BTF_FILE, R_OK) != 0) {
		int err = -errno;

		log_err("kernel BTF is missing: cannot read %s (%s). sockfence needs a "
			"kernel built with CONFIG_DEBUG_INFO_BTF=y (Debian's kernels are).",
			SF_BTF_FILE, strerror(-err));
		return err;
	}
	return 0;
}

int lsm_bpf_active(char *why, size_t why_len)
{
	char list[1024], param[512];
	int err = read_small_file(SF_LSM_FILE, list, sizeof(list));

	if (err == -ENOENT) {
		snprintf(why, why_len,
			 "cannot tell whether BPF LSM is active: %s is missing (securityfs is not "
			 "mounted; 'mount -t securityfs securityfs /sys/kernel/security')",
			 SF_LSM_FILE);
		return err;
	}
	if (err) {
		snprintf(why, why_len, "cannot read %s: %s", SF_LSM_FILE, strerror(-err));
		return err;
	}
	if (lsm_list_has_bpf(list)) {
		snprintf(why, why_len, "BPF LSM is active (%s lists '%s')", SF_LSM_FILE, list);
		return 0;
	}
	current_lsm_param(param, sizeof(param));
	snprintf(why, why_len, "BPF LSM is not active: %s lists '%s'%s%s%s", SF_LSM_FILE, list,
		 param[0] ? " (kernel command line has '" : " (no lsm= on the kernel command line",
		 param, param[0] ? "')" : ")");
	return -EOPNOTSUPP;
}

void lsm_mount_securityfs(void)
{
	if (access(SF_LSM_FILE, F_OK) == 0 || errno != ENOENT)
		return;
	if (mount("securityfs", "/sys/kernel/security", "securityfs", 0, NULL) == 0)
		log_info("mounted securityfs at /sys/kernel/security to read the LSM list");
}

void lsm_enable_hint(char *out, size_t len)
{
	char list[1024], suggestion[1100];
	bool readable = read_small_file(SF_LSM_FILE, list, sizeof(list)) == 0;

	if (readable && lsm_list_has_bpf(list)) {
		snprintf(out, len,
			 "BPF LSM is in the active list, yet its programs did not load: check "
			 "kernel lockdown (/sys/kernel/security/lockdown), seccomp or the "
			 "sandbox or container sockfence runs in, and run it as root");
		return;
	}
	if (!readable || lsm_suggest_param(list, suggestion, sizeof(suggestion)) < 0)
		snprintf(suggestion, sizeof(suggestion), "lsm=...,bpf");
	snprintf(out, len,
		 "to enable BPF LSM (full enforcement), boot with '%s' (add it to "
		 "GRUB_CMDLINE_LINUX in /etc/default/grub, run update-grub, reboot); the "
		 "kernel must be built with CONFIG_BPF_LSM=y",
		 suggestion);
}
