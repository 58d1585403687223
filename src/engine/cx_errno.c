/* cx_errno.c - status code texts.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>

#include "cx_internal.h"

#include "cevnsx/cx_errno.h"

const char *cx_strerror(int status)
{
    switch (status) {
    case CX_CONTINUE: return "not finished yet";
    case CX_OK: return "success";
    case CX_EINVAL: return "invalid argument";
    case CX_ENOMEM: return "out of memory";
    case CX_EIO: return "input/output error";
    case CX_EPARSE: return "malformed data file";
    case CX_ERANGE: return "value out of range";
    case CX_ENUMERIC: return "numerical failure";
    case CX_ENOTFOUND: return "not found";
    default: return "unknown error";
    }
}

void cx_set_err(char *err, size_t errlen, const char *fmt, ...)
{
    va_list ap;
    if (!err || errlen == 0)
        return;
    va_start(ap, fmt);
    vsnprintf(err, errlen, fmt, ap);
    va_end(ap);
}
