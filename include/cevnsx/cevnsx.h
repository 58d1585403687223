/* cevnsx.h - umbrella header of the cevnsx engine library.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef CEVNSX_CEVNSX_H
#define CEVNSX_CEVNSX_H

#include "cx_errno.h"
#include "cx_text.h"
#include "cx_params.h"
#include "cx_detector.h"
#include "cx_model.h"
#include "cx_chi2.h"
#include "cx_scan.h"
#include "cx_contour.h"
#include "cx_fc.h"

#endif
