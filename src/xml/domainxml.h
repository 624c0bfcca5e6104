/* domainxml.h - the libvirt domain XML of a VM (spec part 2 M11.3i ...
 * M11.3m, M11.4.5a step 4): a pure function of the instance definition
 * (vm/instspec.h) and what power-on resolved for this VM on this host
 * (names, UUID, each disk's source, each NIC's network, filter and MAC).
 * Golden-tested in tests/xml/test-domainxml.c.
 *
 * The user-defined XML of M11.3m is merged last: the children of the
 * custom <domain> element are appended to the generated <domain> (an
 * element of the same name as a generated one, e.g. <features>, replaces
 * it), and the children of the custom <devices> element are appended to
 * the generated <devices>. */
#ifndef DV_DOMAINXML_H
#define DV_DOMAINXML_H

#include "vm/instspec.h"

/* What power-on resolved for disk i of the instance. */
struct domainxml_disk {
    const char *file; /* RES_FILE: the image's path, or its temporary overlay */
    const char *pool; /* RES_VOLUME: the pool's and the volume's libvirt names */
    const char *volume;
    const char
        *format; /* driver type: raw, qcow, qcow2 ("iso files use raw"); qcow2 for an overlay */
};

/* What power-on resolved for NIC i of the instance. */
struct domainxml_nic {
    const char *network; /* the network's English name (its libvirt name) */
    const char *filter;  /* the security group's top-level filter, NULL or "" = none */
    const char *mac;     /* the MAC to emit, NULL or "" = none (libvirt picks one) */
};

struct domainxml_input {
    const char *name; /* the VM's English name: the domain name (OP-48) */
    const char *uuid;
    const char *title; /* the instance's Chinese name, NULL = none (<title>) */
    const struct inst_spec *spec;
    const struct domainxml_disk *disks; /* spec->ndisks of them */
    const struct domainxml_nic *nics;   /* spec->nnics of them */
    bool custom;                        /* merge spec's user-defined XML (M11.3m) */
};

/* The domain XML, indented, ending in a newline; g_free it.  NULL with err
 * (field "custom_domain" or "custom_devices") when the user-defined XML is
 * malformed or has the wrong root (domainxml_check_custom). */
char *domainxml_build(const struct domainxml_input *in, struct dv_error *err);

/* M11.3m: "" is accepted; otherwise xml must be well-formed with a single
 * root element named root ("domain" or "devices").  err names field. */
bool domainxml_check_custom(const char *xml, const char *root, const char *field,
                            struct dv_error *err);

/* M11.3m's preview: a unified line diff ("--- editor", "+++ with
 * user-defined XML", hunks with "@@", " ", "-", "+") from a to b; "" when
 * they are the same; g_free it. */
char *domainxml_diff(const char *a, const char *b);

/* The live graphics port of a running domain's XML (graphics/@port of the
 * first <graphics>), 0 when none or not yet assigned (-1 in the XML). */
int domainxml_graphics_port(const char *live_xml);

#endif
