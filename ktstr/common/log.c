// SPDX-License-Identifier: GPL-2.0
#include "common/log.h"

int ktstr_verbose;
