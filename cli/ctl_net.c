/* ctl_net.c - dosvmctl's network nouns (manual ch. 8): subnet, filter, secgroup,
 * network. */
#include "ctl.h"

const struct ctl_verb ctl_net_verbs[] = {
    {NULL},
};
