// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdio.h>
#include <sys/utsname.h>
#include <unistd.h>
#include <fcntl.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/compiler.h"
#include "common/protocol.h"
#include "guest/mounts.h"

static const struct {
	const char *type;
	const char *dir;
	unsigned long flags;
	const char *data;
} guest_mounts[] = {
	/* In order: later directories live inside earlier file systems. */
	{ "proc",	"/proc",		MS_NOSUID | MS_NODEV | MS_NOEXEC },
	{ "sysfs",	"/sys",			MS_NOSUID | MS_NODEV | MS_NOEXEC },
	{ "devtmpfs",	"/dev",			MS_NOSUID, "mode=0755" },
	{ "tmpfs",	"/tmp",			MS_NOSUID | MS_NODEV },
	{ "tmpfs",	"/run",			MS_NOSUID | MS_NODEV, "mode=0755" },
	{ "cgroup2",	"/sys/fs/cgroup",	MS_NOSUID | MS_NODEV | MS_NOEXEC },
	{ "tracefs",	"/sys/kernel/tracing",	MS_NOSUID | MS_NODEV | MS_NOEXEC },
	{ "debugfs",	"/sys/kernel/debug",	MS_NOSUID | MS_NODEV | MS_NOEXEC },
	{ "bpf",	"/sys/fs/bpf",		MS_NOSUID | MS_NODEV | MS_NOEXEC,
	  "mode=0700" },
};

#define NR_MOUNTS	ARRAY_SIZE(guest_mounts)

/*
 * Without /dev/console in the initramfs the kernel starts init with no fds
 * 0-2; the next open() would then hand out fd 0 and a later dup2() onto it
 * would silently close whatever we opened.
 */
static void ensure_std_fds(void)
{
	int fd;

	if (fcntl(STDIN_FILENO, F_GETFD) >= 0)
		return;
	fd = open("/dev/console", O_RDWR | O_NOCTTY);
	if (fd < 0)
		fd = open("/dev/null", O_RDWR);
	while (fd >= 0 && fd < 2)
		fd = dup(fd);
}

/*
 * libbpf reads a scheduler's __kconfig values from /boot/config-$(uname
 * -r) (scx_central needs them); the host put the kernel's config at
 * /boot/config, not knowing the release string the kernel reports.
 */
static void link_kconfig(struct ktstr_buf *errors)
{
	char path[128];
	struct utsname u;

	if (access("/" KTSTR_GUEST_KCONFIG, R_OK) || uname(&u))
		return;
	snprintf(path, sizeof(path), "/boot/config-%s", u.release);
	if (symlink("config", path) && errno != EEXIST)
		ktstr_buf_addf(errors, "symlink %s: %s\n", path,
			       strerror(errno));
}

int ktstr_guest_mounts(struct ktstr_buf *errors)
{
	unsigned int i;
	int failed = 0;

	for (i = 0; i < NR_MOUNTS; i++) {
		const char *dir = guest_mounts[i].dir;

		/* Directories that exist in the initramfs or in sysfs. */
		if (mkdir(dir, 0755) && errno != EEXIST) {
			ktstr_buf_addf(errors, "mkdir %s: %s\n", dir,
				       strerror(errno));
			failed++;
			continue;
		}
		if (mount(guest_mounts[i].type, dir, guest_mounts[i].type,
			  guest_mounts[i].flags, guest_mounts[i].data) &&
		    errno != EBUSY) {
			ktstr_buf_addf(errors, "mount %s on %s: %s\n",
				       guest_mounts[i].type, dir,
				       strerror(errno));
			failed++;
		}
		if (!strcmp(dir, "/dev"))
			ensure_std_fds();
	}
	link_kconfig(errors);
	return failed;
}
