/* ipaddr.c - IPv4 and IPv6 addresses, netmasks, MAC addresses */
#include "net/ipaddr.h"
#include "base/validate.h"

#include <arpa/inet.h>
#include <string.h>

static int family_of(int version)
{
    return version == 6 ? AF_INET6 : AF_INET;
}

static int bytes_of(int version)
{
    return version == 6 ? 16 : 4;
}

static bool read_addr(const char *text, int version, struct ipaddr *out)
{
    memset(out, 0, sizeof(*out));
    if (!text || !*text || strlen(text) >= INET6_ADDRSTRLEN)
        return false;
    if (inet_pton(family_of(version), text, out->b) != 1)
        return false;
    out->version = version;
    return true;
}

bool ipaddr_valid(const char *text, int version)
{
    struct ipaddr a;

    if (version == 4 || version == 6)
        return read_addr(text, version, &a);
    return read_addr(text, 4, &a) || read_addr(text, 6, &a);
}

int ipaddr_version_of(const char *text)
{
    return ipaddr_valid(text, 4) ? 4 : ipaddr_valid(text, 6) ? 6 : 0;
}

bool ipaddr_parse(const char *key, const char *label, const char *text, int version,
                  struct ipaddr *out, struct dv_error *err)
{
    memset(out, 0, sizeof(*out));
    if (!text || !*text) {
        dv_error_set(err, DV_ERR_INVALID, key, _("%s is required."), label);
        return false;
    }
    if (version == 4 || version == 6) {
        if (read_addr(text, version, out))
            return true;
    } else if (read_addr(text, 4, out) || read_addr(text, 6, out))
        return true;
    if (version == 4)
        dv_error_set(err, DV_ERR_INVALID, key,
                     _("%s must be an IPv4 address such as 192.168.2.189."), label);
    else if (version == 6)
        dv_error_set(err, DV_ERR_INVALID, key, _("%s must be an IPv6 address such as fd00::1."),
                     label);
    else
        dv_error_set(err, DV_ERR_INVALID, key,
                     _("%s must be an IPv4 or IPv6 address such as 192.168.2.189."), label);
    return false;
}

char *ipaddr_format(const struct ipaddr *a)
{
    char buf[INET6_ADDRSTRLEN];

    if (!a->version || !inet_ntop(family_of(a->version), a->b, buf, sizeof(buf)))
        return g_strdup("");
    return g_strdup(buf);
}

char *ipaddr_canonical(const char *text)
{
    struct ipaddr a;
    int v = ipaddr_version_of(text);

    return v && read_addr(text, v, &a) ? ipaddr_format(&a) : NULL;
}

bool ipaddr_netmask_parse(const char *key, const char *label, const char *text, int version,
                          int *prefix, struct dv_error *err)
{
    struct ipaddr m;
    int n = 0, i;

    *prefix = 0;
    if (!text || !*text) {
        dv_error_set(err, DV_ERR_INVALID, key, _("%s is required."), label);
        return false;
    }
    if (version == 6) {
        int64_t v;

        if (dv_num_parse(text, false, false, 1, 128, &v) == DV_NUM_OK) {
            *prefix = (int)v;
            return true;
        }
        dv_error_set(err, DV_ERR_INVALID, key,
                     _("%s must be a prefix length from 0 to 128 for IPv6."), label);
        return false;
    }
    if (read_addr(text, 4, &m)) {
        uint32_t bits =
            (uint32_t)m.b[0] << 24 | (uint32_t)m.b[1] << 16 | (uint32_t)m.b[2] << 8 | m.b[3];

        for (i = 31; i >= 0 && (bits >> i & 1); i--)
            n++;
        /* contiguous: no one bit after the first zero */
        if (bits == (n == 0 ? 0u : 0xffffffffu << (32 - n))) {
            *prefix = n;
            return true;
        }
    }
    dv_error_set(err, DV_ERR_INVALID, key,
                 _("%s must be a dotted IPv4 netmask with contiguous ones such as "
                   "255.255.255.0."),
                 label);
    return false;
}

char *ipaddr_prefix_netmask(int prefix)
{
    uint32_t bits = prefix <= 0 ? 0 : prefix >= 32 ? 0xffffffffu : ~((1u << (32 - prefix)) - 1);

    return g_strdup_printf("%u.%u.%u.%u", bits >> 24, bits >> 16 & 255, bits >> 8 & 255,
                           bits & 255);
}

char *ipaddr_netmask_text(int version, int prefix)
{
    return version == 6 ? g_strdup_printf("%d", prefix) : ipaddr_prefix_netmask(prefix);
}

struct ipaddr ipaddr_network(const struct ipaddr *a, int prefix)
{
    struct ipaddr n = *a;
    int len = bytes_of(a->version);

    for (int i = 0; i < len; i++) {
        int keep = prefix - 8 * i; /* bits of this byte to keep */

        if (keep <= 0)
            n.b[i] = 0;
        else if (keep < 8)
            n.b[i] &= (uint8_t)(0xff << (8 - keep));
    }
    return n;
}

bool ipaddr_in_network(const struct ipaddr *a, const struct ipaddr *net, int prefix)
{
    struct ipaddr x, y;

    if (!a->version || a->version != net->version)
        return false;
    x = ipaddr_network(a, prefix);
    y = ipaddr_network(net, prefix);
    return memcmp(x.b, y.b, sizeof(x.b)) == 0;
}

int ipaddr_cmp(const struct ipaddr *a, const struct ipaddr *b)
{
    if (a->version != b->version)
        return a->version < b->version ? -1 : 1;
    return memcmp(a->b, b->b, (size_t)bytes_of(a->version));
}

bool ipaddr_mac_parse(const char *key, const char *label, const char *text, char out[18],
                      struct dv_error *err)
{
    out[0] = '\0';
    if (!text || !*text) {
        dv_error_set(err, DV_ERR_INVALID, key, _("%s is required."), label);
        return false;
    }
    if (strlen(text) == 17) {
        bool good = true;

        for (int i = 0; i < 17 && good; i++)
            good = i % 3 == 2 ? text[i] == ':' : g_ascii_isxdigit(text[i]);
        if (good) {
            for (int i = 0; i < 17; i++)
                out[i] = g_ascii_tolower(text[i]);
            out[17] = '\0';
            return true;
        }
    }
    dv_error_set(err, DV_ERR_INVALID, key, _("%s must be a MAC address such as 52:54:00:12:34:56."),
                 label);
    return false;
}
