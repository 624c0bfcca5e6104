/* ctl_volumes.c - dosvmctl's volume nouns (manual ch. 9.4 and 10): volume, snapshot,
 * image. */
#include "ctl.h"

const struct ctl_verb ctl_volume_verbs[] = {
    {NULL},
};
