/* fuzz-conf.c - libFuzzer target: the dosvmd.conf parser (config_load_data),
 * issue 8 point 10.  Built and run by `make fuzz`, not by `make check`. */
#include "admin/dosvmd_conf.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = g_strndup((const char *)data, size);
    struct dosvmd_config c;
    struct dv_error err = {0};

    memset(&c, 0, sizeof(c));
    if (config_load_data(text, &c, &err)) {
        /* what loads holds the rules the parser promises */
        if (c.min_tcp_port < 0 || c.max_tcp_port < c.min_tcp_port)
            abort();
    } else if (err.code == DV_OK || !err.msg[0]) {
        abort(); /* a refusal always says why */
    }
    config_clear(&c);
    g_free(text);
    return 0;
}
