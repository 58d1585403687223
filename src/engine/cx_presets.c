/* cx_presets.c - the parameter presets: each one's name, description and
 * values in one row (doc/physics.md section 7).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "cevnsx/cx_params.h"
#include "cx_presets.h"

/* One row per preset: name, sin2w, proton and neutron form factors, the
 * form factor whose default radius sets R_n where the row names none, the
 * named neutron radii, and the description `list presets` prints. */
#define CX_PRESET_ROWS(X)                                                                          \
    X("coherent-2017", 0.2312, CX_FF_HELM, CX_FF_HELM, CX_FF_HELM, ({{NULL, 0}}),                  \
      "COHERENT 2017 analysis: sin2w 0.2312, Helm (s = 0.5 fm) for protons and neutrons")          \
    X("future-coherent", 0.23865, CX_FF_SFERMI, CX_FF_HELM_LS, CX_FF_HELM_LS,                      \
      ({{"Cs133", 5.5}, {"I127", 5.5}, {"Ge72", 4.30}, {"Ar40", 3.60}, {NULL, 0}}),                \
      "next-generation forecasts: sin2w 0.23865, symmetrised Fermi protons, Helm s = 0.9 fm "      \
      "neutrons with R_n 5.5 fm (Cs, I), 4.30 fm (Ge72), 3.60 fm (Ar40), Lewin-Smith otherwise")   \
    X("sm-helm", 0.23865, CX_FF_HELM, CX_FF_HELM, CX_FF_HELM, ({{NULL, 0}}),                       \
      "Standard Model with Helm (s = 0.5 fm) for protons and neutrons, sin2w 0.23865")

#define UNPAREN(...) __VA_ARGS__
#define ROW(name, s2w, ffz, ffn, rnff, rns, help) {name, help, s2w, ffz, ffn, rnff, UNPAREN rns},
#define NAME(name, s2w, ffz, ffn, rnff, rns, help) name,

static const cx_preset presets[] = {CX_PRESET_ROWS(ROW)};
static const char *const preset_names[] = {CX_PRESET_ROWS(NAME) NULL};

const cx_preset *cx_preset_get(int i)
{
    return i >= 0 && i < (int)(sizeof presets / sizeof presets[0]) ? &presets[i] : NULL;
}

int cx_preset_find(const char *name)
{
    for (int i = 0; name && i < (int)(sizeof presets / sizeof presets[0]); i++)
        if (strcmp(name, presets[i].name) == 0)
            return i;
    return -1;
}

const char *const *cx_preset_names(void)
{
    return preset_names;
}

const char *cx_preset_help(const char *name)
{
    int i = cx_preset_find(name);
    return i >= 0 ? presets[i].help : NULL;
}
