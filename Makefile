# SPDX-License-Identifier: GPL-2.0
#
# Standalone driver for ktstr: the same goals a kernel tree's
# tools/testing/selftests Makefile gives, plus the test kernel, the
# project's own tests and the boot benchmark.
#
#   make run_tests      build what is missing and run the suite in VMs
#   make check          unit tests, launcher tests and the in-tree run
#   make kernel         build (or find cached) the test kernel
#   make install KSFT_INSTALL_PATH=DIR, make gen_tar, make bench, make clean

TOP := $(abspath $(dir $(lastword $(MAKEFILE_LIST))))

ifneq ($(O),)
OUTPUT := $(abspath $(O))/ktstr
else
OUTPUT ?= $(TOP)/build/ktstr
endif
KSFT_INSTALL_PATH ?= $(TOP)/build/kselftest_install
KTSTR_MAKE = $(MAKE) -C $(TOP)/ktstr OUTPUT=$(OUTPUT)

all: deps kernel
	@mkdir -p $(OUTPUT)
	+$(KTSTR_MAKE) all

deps:
	@$(TOP)/scripts/install-deps.sh

kernel: deps
	@$(TOP)/ktstr/scripts/kernel-build.sh >/dev/null

# Through an install, as kselftest runs it: the kernel's runner finds the
# settings file (timeout) only relative to its own directory.
run_tests: install
	@$(KSFT_INSTALL_PATH)/run_kselftest.sh -c ktstr

install: all
	+$(KTSTR_MAKE) install INSTALL_PATH=$(KSFT_INSTALL_PATH)/ktstr
	@install -m 0755 $(TOP)/run_kselftest.sh $(KSFT_INSTALL_PATH)/
	@cp -r $$($(TOP)/ktstr/scripts/kernel-build.sh --print-source)/tools/testing/selftests/kselftest \
		$(KSFT_INSTALL_PATH)/
	@$(KTSTR_MAKE) -s --no-print-directory emit_tests COLLECTION=ktstr \
		> $(KSFT_INSTALL_PATH)/kselftest-list.txt

gen_tar: install
	@tar -C $(KSFT_INSTALL_PATH) -czf $(TOP)/build/kselftest-packages.tar.gz .
	@echo "$(TOP)/build/kselftest-packages.tar.gz"

check: all
	@$(TOP)/tests/run-checks.sh $(OUTPUT)

bench: all
	@$(TOP)/scripts/bench-boot.sh $(OUTPUT)

clean:
	-+$(KTSTR_MAKE) clean
	rm -rf $(TOP)/build

.PHONY: all deps kernel run_tests install gen_tar check bench clean
