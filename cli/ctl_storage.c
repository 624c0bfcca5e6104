/* ctl_storage.c - dosvmctl's storage nouns (manual ch. 9): secret, pool. */
#include "ctl.h"

const struct ctl_verb ctl_storage_verbs[] = {
    {NULL},
};
