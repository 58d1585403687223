/* cx_presets.h - the preset table (engine-internal; names and descriptions
 * are public through cx_params.h).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef CEVNSX_CX_PRESETS_H
#define CEVNSX_CX_PRESETS_H

#define CX_PRESET_MAX_RN 8

typedef struct {
    const char *name, *help;
    double sin2w;
    int ff_z, ff_n; /* cx_ff_kind of protons and neutrons */
    int rn_ff;      /* cx_ff_kind whose default radius R_n takes when rn[] has no entry */
    struct {
        const char *iso; /* isotope name, e.g. "Cs133"; NULL ends the list */
        double rn_fm;
    } rn[CX_PRESET_MAX_RN];
} cx_preset;

/* The i-th preset (the order of cx_preset_names()), or NULL. */
const cx_preset *cx_preset_get(int i);
/* The index of a preset by name, or -1. */
int cx_preset_find(const char *name);

#endif
