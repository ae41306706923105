// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "host/util.h"
#include "host/vm/accel.h"

static bool has_word(const char *line, size_t len, const char *word)
{
	size_t wl = strlen(word), i;

	for (i = 0; i + wl <= len; i++) {
		if ((i == 0 || line[i - 1] == ' ' || line[i - 1] == '\t') &&
		    !strncmp(line + i, word, wl) &&
		    (i + wl == len || line[i + wl] == ' ' ||
		     line[i + wl] == '\t'))
			return true;
	}
	return false;
}

bool ktstr_cpuinfo_has_hwvirt(const char *cpuinfo)
{
	const char *line = cpuinfo;

	while (line && *line) {
		const char *nl = strchr(line, '\n');
		size_t len = nl ? (size_t)(nl - line) : strlen(line);
		const char *colon = memchr(line, ':', len);

		if (!strncmp(line, "flags", 5) && colon) {
			size_t off = colon + 1 - line;

			if (has_word(colon + 1, len - off, "vmx") ||
			    has_word(colon + 1, len - off, "svm"))
				return true;
		}
		line = nl ? nl + 1 : NULL;
	}
	return false;
}

const char *ktstr_accel_name(enum ktstr_accel accel)
{
	return accel == KTSTR_ACCEL_KVM ? "kvm" : "tcg";
}

static int parse_override(const char *val, const char *src,
			  enum ktstr_accel *accel, char *why, size_t whylen)
{
	if (!strcmp(val, "kvm") || !strcmp(val, "tcg")) {
		*accel = !strcmp(val, "kvm") ? KTSTR_ACCEL_KVM : KTSTR_ACCEL_TCG;
		snprintf(why, whylen, "forced by %s", src);
		return 0;
	}
	snprintf(why, whylen, "%s '%s': expected kvm or tcg", src, val);
	return -EINVAL;
}

int ktstr_accel_choose(const char *opt, enum ktstr_accel *accel,
		       char *why, size_t whylen)
{
	const char *env = getenv("KTSTR_ACCEL");
	char *cpuinfo = NULL;
	bool hwvirt = false;
	int fd, kvm_errno;

	if (opt)
		return parse_override(opt, "--accel", accel, why, whylen);
	if (env && *env)
		return parse_override(env, "KTSTR_ACCEL", accel, why, whylen);

	*accel = KTSTR_ACCEL_TCG;
	if (!ktstr_read_file("/proc/cpuinfo", &cpuinfo, NULL)) {
		hwvirt = ktstr_cpuinfo_has_hwvirt(cpuinfo);
		free(cpuinfo);
	}
	fd = open("/dev/kvm", O_RDWR | O_CLOEXEC);
	kvm_errno = errno;
	if (fd >= 0)
		close(fd);

	if (hwvirt && fd >= 0) {
		*accel = KTSTR_ACCEL_KVM;
		snprintf(why, whylen, "vmx/svm present, /dev/kvm usable");
	} else if (hwvirt) {
		snprintf(why, whylen, "/dev/kvm: %s", strerror(kvm_errno));
	} else if (fd >= 0) {
		snprintf(why, whylen,
			 "no vmx/svm in /proc/cpuinfo; /dev/kvm is not hardware virtualization");
	} else {
		snprintf(why, whylen, "no vmx/svm in /proc/cpuinfo");
	}
	return 0;
}
