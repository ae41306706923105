# SPDX-License-Identifier: GPL-2.0
#
# Standalone driver for ktstr: the same goals a kernel tree's
# tools/testing/selftests Makefile gives, plus the test kernels, the
# project's own tests and the boot benchmark.
#
#   make run_tests      build what is missing and run the suite in VMs
#   make check          unit tests, launcher tests and the in-tree runs
#   make kernel         build (or find cached) the test kernels
#   make install KSFT_INSTALL_PATH=DIR, make gen_tar, make bench, make clean
#
# KTSTR_KERNELS lists the kernels, by version (6.12, 7.3) or tree: each
# gets its test kernel and its guest set; the first one's set goes beside
# the launcher (what install and kselftest ship), the others under
# $(OUTPUT)/kernels/. run_tests runs the suite on each of them.

TOP := $(abspath $(dir $(lastword $(MAKEFILE_LIST))))

ifneq ($(O),)
OUTPUT := $(abspath $(O))/ktstr
else
OUTPUT ?= $(TOP)/build/ktstr
endif
KSFT_INSTALL_PATH ?= $(TOP)/build/kselftest_install
KTSTR_KERNELS ?= 6.12
export KTSTR_KERNELS
GUEST_BUILD := $(TOP)/ktstr/scripts/guest-build.sh
KTSTR_MAKE = $(MAKE) -C $(TOP)/ktstr OUTPUT=$(OUTPUT)

all: deps
	@$(GUEST_BUILD) $(firstword $(KTSTR_KERNELS)) $(OUTPUT) --default
	@for k in $(wordlist 2,99,$(KTSTR_KERNELS)); do \
		$(GUEST_BUILD) $$k $(OUTPUT) || exit 1; \
	done

deps:
	@$(TOP)/scripts/install-deps.sh

kernel: deps
	@for k in $(KTSTR_KERNELS); do \
		$(TOP)/ktstr/scripts/kernel-build.sh \
			$$( [ -d "$$k" ] && echo --source || echo --version ) $$k \
			>/dev/null || exit 1; \
	done

# Through an install, as kselftest runs it: the kernel's runner finds the
# settings file (timeout) only relative to its own directory. The launcher
# runs the suite on each of $(KTSTR_KERNELS) (exported).
run_tests: install
	@$(KSFT_INSTALL_PATH)/run_kselftest.sh -c ktstr

# The default kernel's tree provides lib.mk and the kernel's runner.
DEFAULT_KSRC = $$(sed -n 's/^source=//p' $(OUTPUT)/guest.info)

install: all
	@$(GUEST_BUILD) $(firstword $(KTSTR_KERNELS)) $(OUTPUT) --default \
		install INSTALL_PATH=$(KSFT_INSTALL_PATH)/ktstr >/dev/null
	@[ ! -d $(OUTPUT)/kernels ] || cp -r $(OUTPUT)/kernels $(KSFT_INSTALL_PATH)/ktstr/
	@install -m 0755 $(TOP)/run_kselftest.sh $(KSFT_INSTALL_PATH)/
	@cp -r $(DEFAULT_KSRC)/tools/testing/selftests/kselftest $(KSFT_INSTALL_PATH)/
	@$(KTSTR_MAKE) -s --no-print-directory emit_tests COLLECTION=ktstr \
		KSRC=$(DEFAULT_KSRC) > $(KSFT_INSTALL_PATH)/kselftest-list.txt

gen_tar: install
	@tar -C $(KSFT_INSTALL_PATH) -czf $(TOP)/build/kselftest-packages.tar.gz .
	@echo "$(TOP)/build/kselftest-packages.tar.gz"

# make check proves every kernel ktstr supports (KTSTR_CHECK_KERNELS);
# the target-specific value reaches "all" and run-checks.sh too.
KTSTR_CHECK_KERNELS ?= 6.12 7.3
check: KTSTR_KERNELS = $(KTSTR_CHECK_KERNELS)
check: all
	@$(TOP)/tests/run-checks.sh $(OUTPUT)

bench: all
	@$(TOP)/scripts/bench-boot.py $(OUTPUT)

clean:
	-+$(KTSTR_MAKE) clean
	rm -rf $(TOP)/build

.PHONY: all deps kernel run_tests install gen_tar check bench clean
