/* alloc_count.h - counts heap allocations in a test program. Link the test
 * with -Wl,--wrap=malloc -Wl,--wrap=calloc -Wl,--wrap=realloc; include this
 * header in exactly one file; read or reset alloc_count.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef CEVNSX_ALLOC_COUNT_H
#define CEVNSX_ALLOC_COUNT_H

#include <stddef.h>

void *__real_malloc(size_t n);
void *__real_calloc(size_t n, size_t s);
void *__real_realloc(void *p, size_t n);
void *__wrap_malloc(size_t n);
void *__wrap_calloc(size_t n, size_t s);
void *__wrap_realloc(void *p, size_t n);

static long alloc_count = 0;

void *__wrap_malloc(size_t n)
{
    alloc_count++;
    return __real_malloc(n);
}

void *__wrap_calloc(size_t n, size_t s)
{
    alloc_count++;
    return __real_calloc(n, s);
}

void *__wrap_realloc(void *p, size_t n)
{
    alloc_count++;
    return __real_realloc(p, n);
}

#endif
