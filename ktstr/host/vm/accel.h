/* SPDX-License-Identifier: GPL-2.0 */
/*
 * KVM or TCG. /dev/kvm alone proves nothing: a paravirtual KVM (kvm_pvm)
 * opens fine but cannot boot a stock kernel, so KVM is used only when the
 * CPU itself advertises vmx or svm, or when the user forces it.
 */
#ifndef KTSTR_HOST_ACCEL_H
#define KTSTR_HOST_ACCEL_H

#include <stdbool.h>
#include <stddef.h>

enum ktstr_accel {
	KTSTR_ACCEL_TCG = 0,
	KTSTR_ACCEL_KVM,
};

/* Pure: does /proc/cpuinfo text list vmx or svm in a "flags" line? */
bool ktstr_cpuinfo_has_hwvirt(const char *cpuinfo);

/*
 * Choose the accelerator. @opt is --accel (or NULL); $KTSTR_ACCEL is the
 * fallback override. Returns 0 with *accel and a one-line reason in @why,
 * or -EINVAL for an override that is not "kvm" or "tcg" (@why names it).
 */
int ktstr_accel_choose(const char *opt, enum ktstr_accel *accel,
		       char *why, size_t whylen);

const char *ktstr_accel_name(enum ktstr_accel accel);

#endif /* KTSTR_HOST_ACCEL_H */
