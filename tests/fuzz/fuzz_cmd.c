/* fuzz_cmd.c - libFuzzer target: the command interpreter, app_cmd_exec(),
 * with arbitrary lines (every command with arbitrary arguments).
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The input is a script: each line goes through app_cmd_exec() on a fresh
 * state (detector csi, fast engine), errors do not stop it, `quit` does. The
 * sandbox (fuzz_app.h) keeps `save` inside a private temporary directory. */
#include "config.h"

#include "fuzz_app.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fuzz_setup();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    app_state st;
    char *text = fuzz_string(data, size), *p;
    fuzz_setup();
    if (!text)
        return 0;
    if (!fuzz_text_ok(text)) {
        free(text);
        return 0;
    }
    app_state_init_lazy(&st, "csi", CX_ENGINE_FAST);
    snprintf(st.msg_prefix, sizeof st.msg_prefix, "fuzz: ");
    p = text;
    for (;;) {
        size_t n = strcspn(p, "\n");
        char save = p[n];
        p[n] = '\0';
        int r = app_cmd_exec(&st, p, fuzz_null, fuzz_null);
        if (r == APP_QUIT || !save)
            break;
        p += n + 1;
    }
    app_state_done(&st);
    free(text);
    fuzz_reset();
    return 0;
}
