/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The kernel's spelling of the few compiler attributes the guest uses.
 * checkpatch flags the definition of __printf, as it does its twin in
 * include/linux/compiler_attributes.h: a definition has to spell it out.
 */
#ifndef KTSTR_COMPILER_H
#define KTSTR_COMPILER_H

#ifndef __printf
#define __printf(a, b)	__attribute__((format(printf, a, b)))
#endif
#ifndef __noreturn
#define __noreturn	_Noreturn
#endif
#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#endif

#endif /* KTSTR_COMPILER_H */
