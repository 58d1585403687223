/* fuzz_state.c - libFuzzer target: the saved-state loader. The input is
 * written to a file in the sandbox and read back with the `load` command
 * (magic line, then every line through the interpreter) and, a second time on
 * a fresh state, with app_cmd_exec_file() (the --batch path).
 * SPDX-License-Identifier: GPL-3.0-or-later */
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
    char *text = fuzz_string(data, size);
    FILE *fp;
    fuzz_setup();
    if (!text)
        return 0;
    /* getline() reads past a NUL byte, so every NUL is checked as a line end
     * (stricter than the interpreter, which ignores the rest of the line). */
    for (size_t i = 0; i < size; i++)
        if (text[i] == '\0')
            text[i] = '\n';
    if (!fuzz_text_ok(text)) {
        free(text);
        return 0;
    }
    free(text);
    fp = fopen("fuzz-input.state", "wb");
    if (!fp)
        return 0;
    fwrite(data, 1, size, fp);
    if (fclose(fp) != 0)
        return 0;

    app_state_init_lazy(&st, "csi", CX_ENGINE_FAST);
    snprintf(st.msg_prefix, sizeof st.msg_prefix, "fuzz: ");
    app_cmd_exec(&st, "load fuzz-input.state", fuzz_null, fuzz_null);
    app_state_done(&st);

    app_state_init_lazy(&st, "csi", CX_ENGINE_FAST);
    app_cmd_exec_file(&st, "fuzz-input.state", fuzz_null, fuzz_null);
    app_state_done(&st);
    fuzz_reset();
    return 0;
}
