/* ipaddr.h - IPv4 and IPv6 addresses, netmasks and MAC addresses as the
 * network forms type them (inet_pton, strict): parsing with an error naming
 * the field, formatting, comparison, "inside network/prefix". */
#ifndef DV_IPADDR_H
#define DV_IPADDR_H

#include "base/dv.h"

struct ipaddr {
    int version;   /* 4 or 6 (0: none) */
    uint8_t b[16]; /* network byte order; IPv4 uses b[0..3] */
};

/* The address text (inet_pton, no blanks, no zone, no prefix).  version 4 or
 * 6 asks for that version, 0 takes either; an empty or unreadable text, or
 * one of the other version, is refused naming key and label. */
bool ipaddr_parse(const char *key, const char *label, const char *text, int version,
                  struct ipaddr *out, struct dv_error *err);
/* True when text is an address of version (0: either); no error. */
bool ipaddr_valid(const char *text, int version);
/* 4 or 6 for an address text, 0 when it is none. */
int ipaddr_version_of(const char *text);
/* The canonical text (inet_ntop) of a; g_free it. */
char *ipaddr_format(const struct ipaddr *a);
/* The canonical text of an address text, or NULL when it is none; g_free it. */
char *ipaddr_canonical(const char *text);

/* The netmask of a subnet: IPv4 a dotted quad with contiguous ones
 * (255.255.255.0 -> 24), IPv6 a prefix length 0..128 as a decimal number;
 * *prefix receives the length. */
bool ipaddr_netmask_parse(const char *key, const char *label, const char *text, int version,
                          int *prefix, struct dv_error *err);
/* The dotted IPv4 netmask of a prefix 0..32 (g_free it). */
char *ipaddr_prefix_netmask(int prefix);
/* The netmask text as stored and shown: dotted for IPv4, the prefix for
 * IPv6 (g_free it). */
char *ipaddr_netmask_text(int version, int prefix);

/* a with every bit after prefix cleared (the network address, OP-10). */
struct ipaddr ipaddr_network(const struct ipaddr *a, int prefix);
/* True when a is of net's version and a & mask == net & mask. */
bool ipaddr_in_network(const struct ipaddr *a, const struct ipaddr *net, int prefix);
/* <0, 0, >0 as numbers; an IPv4 address sorts before every IPv6 one. */
int ipaddr_cmp(const struct ipaddr *a, const struct ipaddr *b);

/* A MAC address xx:xx:xx:xx:xx:xx (hex digits, either case); out receives
 * it in lower case. */
bool ipaddr_mac_parse(const char *key, const char *label, const char *text, char out[18],
                      struct dv_error *err);

#endif
