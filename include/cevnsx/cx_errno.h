/* cx_errno.h - status codes of the cevnsx engine.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef CEVNSX_CX_ERRNO_H
#define CEVNSX_CX_ERRNO_H

#ifdef __cplusplus
extern "C" {
#endif

/* Every fallible engine function returns one of these. CX_CONTINUE is not an
 * error: it means a stepwise computation is not finished yet. */
enum {
    CX_CONTINUE = -1, /* stepwise work not finished yet */
    CX_OK = 0,        /* success */
    CX_EINVAL,        /* invalid argument (unknown name, NaN, bad combination) */
    CX_ENOMEM,        /* out of memory */
    CX_EIO,           /* a file could not be opened or read */
    CX_EPARSE,        /* malformed data file */
    CX_ERANGE,        /* value outside its allowed range */
    CX_ENUMERIC,      /* numerical failure (GSL error, no convergence) */
    CX_ENOTFOUND      /* named object (detector, preset, parameter) not found */
};

/* A static English description of a status code; never NULL. */
const char *cx_strerror(int status);

#ifdef __cplusplus
}
#endif
#endif
