// SPDX-License-Identifier: GPL-2.0
#include <json-c/json.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>

#include "common/protocol.h"
#include "host/channel.h"
#include "host/jsonc.h"
#include "host/verdict.h"

const char *ktstr_status_name(enum ktstr_status status)
{
	switch (status) {
	case KTSTR_PASS:
		return KTSTR_STATUS_PASS;
	case KTSTR_SKIP:
		return KTSTR_STATUS_SKIP;
	default:
		return KTSTR_STATUS_FAIL;
	}
}

void ktstr_vm_exit_describe(const struct ktstr_vm_exit *vx, char *buf,
			    size_t len)
{
	if (!vx->started)
		snprintf(buf, len, "QEMU did not start");
	else if (vx->timed_out)
		snprintf(buf, len, "QEMU killed at the %.0f s %s timeout",
			 vx->timeout_s, vx->boot_timed_out ? "boot" : "test");
	else if (WIFEXITED(vx->wstatus))
		snprintf(buf, len, "QEMU exited %d", WEXITSTATUS(vx->wstatus));
	else if (WIFSIGNALED(vx->wstatus))
		snprintf(buf, len, "QEMU killed by signal %d",
			 WTERMSIG(vx->wstatus));
	else
		snprintf(buf, len, "QEMU status 0x%x", vx->wstatus);
}

/*
 * The kernel's own last words, when it died before the guest could report:
 * "Kernel panic - not syncing: ..." names the cause on the same line.
 */
static bool find_panic(const char *console, char *buf, size_t len)
{
	static const char marker[] = "Kernel panic - not syncing: ";
	const char *p = console ? strstr(console, marker) : NULL;
	size_t n;

	if (!p)
		return false;
	p += strlen(marker);
	n = strcspn(p, "\r\n");
	snprintf(buf, len, "%.*s", (int)(n > 160 ? 160 : n), p);
	return true;
}

static void from_result(const char *test, const struct ktstr_channel *ch,
			struct ktstr_verdict *v)
{
	const char *status = jsonc_str(ch->result, "status", NULL);
	const char *reason = jsonc_str(ch->result, "reason", NULL);
	const char *name = jsonc_str(ch->result, "test", NULL);

	v->status = KTSTR_FAIL;
	if (name && test && strcmp(name, test)) {
		snprintf(v->reason, sizeof(v->reason),
			 "guest reported test '%s', expected '%s'", name, test);
	} else if (!status) {
		snprintf(v->reason, sizeof(v->reason),
			 "guest result has no \"status\"");
	} else if (!strcmp(status, KTSTR_STATUS_PASS)) {
		v->status = KTSTR_PASS;
	} else if (!strcmp(status, KTSTR_STATUS_SKIP)) {
		v->status = KTSTR_SKIP;
		snprintf(v->reason, sizeof(v->reason), "%s",
			 reason ?: "skipped by the guest");
	} else if (!strcmp(status, KTSTR_STATUS_FAIL)) {
		snprintf(v->reason, sizeof(v->reason), "%s",
			 reason ?: "guest reported failure");
	} else {
		snprintf(v->reason, sizeof(v->reason),
			 "guest reported unknown status '%s'", status);
	}
}

void ktstr_verdict_eval(const char *test, const struct ktstr_channel *ch,
			const struct ktstr_vm_exit *vx, const char *console,
			struct ktstr_verdict *v)
{
	const char *stage = ch->stage[0] ? ch->stage : "none";
	char panic[192], how[96];

	memset(v, 0, sizeof(*v));
	v->status = KTSTR_FAIL;

	if (!ch->reached_init) {
		v->infra = true;
		snprintf(v->reason, sizeof(v->reason), "%s",
			 KTSTR_REASON_NO_INIT);
		return;
	}
	if (ch->result_state == KTSTR_CHAN_RESULT_OK) {
		from_result(test, ch, v);
		return;
	}

	ktstr_vm_exit_describe(vx, how, sizeof(how));
	if (find_panic(console, panic, sizeof(panic)))
		snprintf(v->reason, sizeof(v->reason),
			 "kernel panic at stage %s: %s", stage, panic);
	else if (vx->timed_out)
		snprintf(v->reason, sizeof(v->reason),
			 "timed out after %.0f s at stage %s", vx->timeout_s,
			 stage);
	else if (ch->result_state == KTSTR_CHAN_RESULT_TRUNCATED)
		snprintf(v->reason, sizeof(v->reason),
			 "result record truncated at stage %s (%s)", stage,
			 how);
	else if (ch->result_state == KTSTR_CHAN_RESULT_INVALID)
		snprintf(v->reason, sizeof(v->reason),
			 "result record is not a JSON object (stage %s)",
			 stage);
	else
		snprintf(v->reason, sizeof(v->reason),
			 "no result from the guest (last stage %s, %s)", stage,
			 how);
}
