// SPDX-License-Identifier: GPL-2.0-only
#include "lsm_check.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <linux/capability.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "log.h"

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

static int check_privileges(void)
{
	/* CAP_SYS_ADMIN alone, or the finer CAP_BPF + CAP_PERFMON. */
	bool bpf = has_capability(21) || (has_capability(39) && has_capability(38));

	if (bpf && has_capability(33 /* CAP_MAC_ADMIN, for LSM programs */))
		return 0;
	log_err("missing privileges: loading BPF LSM programs needs CAP_SYS_ADMIN (or CAP_BPF "
		"and CAP_PERFMON) and CAP_MAC_ADMIN; run sockfence as root (uid now %u)",
		geteuid());
	return -EPERM;
}

int lsm_check_running_kernel(void)
{
	char list[1024], suggestion[1100], param[512];
	struct utsname uts;
	int err;

	if (uname(&uts) == 0 && !lsm_kernel_supported(uts.release)) {
		log_err("unsupported kernel %s: sockfence needs Linux %d.%d or newer", uts.release,
			SF_MIN_KERNEL_MAJOR, SF_MIN_KERNEL_MINOR);
		return -EOPNOTSUPP;
	}
	err = check_privileges();
	if (err)
		return err;

	if (access(SF_BTF_FILE, R_OK) != 0) {
		err = -errno;
		log_err("kernel BTF is missing: cannot read %s (%s). sockfence needs a "
			"kernel built with CONFIG_DEBUG_INFO_BTF=y (Debian's kernels are).",
			SF_BTF_FILE, strerror(-err));
		return err;
	}
	err = read_small_file(SF_LSM_FILE, list, sizeof(list));
	if (err == -ENOENT) {
		log_err("cannot read %s: securityfs is not mounted. Mount it with "
			"'mount -t securityfs securityfs /sys/kernel/security' and retry.",
			SF_LSM_FILE);
		return err;
	}
	if (err) {
		log_err("cannot read %s (%s); run sockfence as root.", SF_LSM_FILE, strerror(-err));
		return err;
	}
	if (lsm_list_has_bpf(list))
		return 0;

	current_lsm_param(param, sizeof(param));
	if (lsm_suggest_param(list, suggestion, sizeof(suggestion)) < 0)
		snprintf(suggestion, sizeof(suggestion), "lsm=...,bpf");
	log_err("BPF LSM is not active: %s lists '%s'%s%s%s.", SF_LSM_FILE, list,
		param[0] ? " (kernel command line has '" : "", param, param[0] ? "')" : "");
	log_err("fix: boot with '%s' (e.g. add it to GRUB_CMDLINE_LINUX in "
		"/etc/default/grub, run update-grub, reboot). The kernel must be "
		"built with CONFIG_BPF_LSM=y.",
		suggestion);
	return -EOPNOTSUPP;
}
