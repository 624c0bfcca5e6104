/* test-validate.c - every field validator of src/validate.h; features: none (unit level) */
#include "base/validate.h"
#include "lib/tap.h"

#include <locale.h>
#include <string.h>

/* One value for one validator; min/max/first/out only where the validator takes them. */
struct vcase {
    const char *what; /* shown in the test name */
    const char *v;
    bool pass;
    long min, max;     /* validate_length, validate_int_range, validate_abs_path (max) */
    const char *first; /* validate_same: the password to repeat */
    long out;          /* validate_int_range: the number stored when it passes */
};

typedef bool (*vfn)(const char *key, const char *label, const struct vcase *c,
                    struct dv_error *err);

static bool v_required(const char *k, const char *l, const struct vcase *c, struct dv_error *e)
{
    return validate_required(k, l, c->v, e);
}

static bool v_length(const char *k, const char *l, const struct vcase *c, struct dv_error *e)
{
    return validate_length(k, l, c->v, c->min, c->max, e);
}

static bool v_account(const char *k, const char *l, const struct vcase *c, struct dv_error *e)
{
    return validate_account(k, l, c->v, e);
}

static bool v_email(const char *k, const char *l, const struct vcase *c, struct dv_error *e)
{
    return validate_email(k, l, c->v, e);
}

static bool v_password(const char *k, const char *l, const struct vcase *c, struct dv_error *e)
{
    return validate_password(k, l, c->v, e);
}

static bool v_same(const char *k, const char *l, const struct vcase *c, struct dv_error *e)
{
    return validate_same(k, l, c->v, c->first, e);
}

static bool v_int(const char *k, const char *l, const struct vcase *c, struct dv_error *e)
{
    long out = -424242;
    bool ok = validate_int_range(k, l, c->v, c->min, c->max, &out, e);

    if (ok)
        is_int(out, c->out, "int_range %s: stores %ld", c->what, c->out);
    return ok;
}

static bool v_ipv4(const char *k, const char *l, const struct vcase *c, struct dv_error *e)
{
    return validate_ipv4(k, l, c->v, e);
}

static bool v_abs(const char *k, const char *l, const struct vcase *c, struct dv_error *e)
{
    return validate_abs_path(k, l, c->v, c->max, e);
}

static bool v_cert(const char *k, const char *l, const struct vcase *c, struct dv_error *e)
{
    return validate_cert_path(k, l, c->v, e);
}

/* Run the cases of one validator: the verdict, and on refusal code, field and label. */
static void run(const char *name, vfn f, const struct vcase *cases, size_t n)
{
    static const char key[] = "the_key", label[] = "Field标签";

    for (size_t i = 0; i < n; i++) {
        const struct vcase *c = &cases[i];
        struct dv_error err = {0};
        bool got = f(key, label, c, &err);

        ok(got == c->pass, "%s: %s %s", name, c->what, c->pass ? "passes" : "is refused");
        if (got) {
            is_int(err.code, DV_OK, "%s: %s leaves err alone", name, c->what);
            continue;
        }
        is_int(err.code, DV_ERR_INVALID, "%s: %s: code DV_ERR_INVALID", name, c->what);
        is_str(err.field, key, "%s: %s: err.field is the key", name, c->what);
        ok(strstr(err.msg, label) != NULL, "%s: %s: message names the label ('%s')", name, c->what,
           err.msg);
    }
}

#define RUN(name, f, cases) run(name, f, cases, G_N_ELEMENTS(cases))

/* unit repeated n times (g_free it) */
static char *rep(const char *unit, int n)
{
    GString *s = g_string_new("");

    for (int i = 0; i < n; i++)
        g_string_append(s, unit);
    return g_string_free(s, FALSE);
}

static void test_required_length(void)
{
    static const struct vcase req[] = {
        {.what = "'x'", .v = "x", .pass = true},
        {.what = "' a '", .v = " a ", .pass = true},
        {.what = "empty", .v = "", .pass = false},
        {.what = "blanks only", .v = "   ", .pass = false},
        {.what = "NULL", .v = NULL, .pass = false},
    };
    static const struct vcase len[] = {
        {.what = "2 of 2-4", .v = "ab", .pass = true, .min = 2, .max = 4},
        {.what = "4 of 2-4", .v = "abcd", .pass = true, .min = 2, .max = 4},
        {.what = "3 Chinese of 2-4 (characters, not bytes)",
         .v = "中文字",
         .pass = true,
         .min = 2,
         .max = 4},
        {.what = "1 of 2-4", .v = "a", .pass = false, .min = 2, .max = 4},
        {.what = "5 of 2-4", .v = "abcde", .pass = false, .min = 2, .max = 4},
        {.what = "5 Chinese of 2-4", .v = "中文中文中", .pass = false, .min = 2, .max = 4},
        {.what = "empty of 0-3", .v = "", .pass = true, .min = 0, .max = 3},
        {.what = "NULL of 0-3", .v = NULL, .pass = true, .min = 0, .max = 3},
        {.what = "empty of 1-3", .v = "", .pass = false, .min = 1, .max = 3},
        {.what = "empty of 2-4", .v = "", .pass = false, .min = 2, .max = 4},
    };

    RUN("required", v_required, req);
    RUN("length", v_length, len);
}

static void test_account_email(void)
{
    char *a64 = rep("a", 64), *a65 = rep("a", 65), *e129 = rep("e", 125);
    char *long_mail = g_strconcat(e129, "@b.cn", NULL); /* 130 characters */
    const struct vcase acct[] = {
        {.what = "'alice'", .v = "alice", .pass = true},
        {.what = "'A.b-c_9'", .v = "A.b-c_9", .pass = true},
        {.what = "64 characters", .v = a64, .pass = true},
        {.what = "65 characters", .v = a65, .pass = false},
        {.what = "empty", .v = "", .pass = false},
        {.what = "NULL", .v = NULL, .pass = false},
        {.what = "'a b' (blank)", .v = "a b", .pass = false},
        {.what = "'a@b'", .v = "a@b", .pass = false},
        {.what = "'a/b'", .v = "a/b", .pass = false},
        {.what = "Chinese '张三'", .v = "张三", .pass = false},
    };
    const struct vcase mail[] = {
        {.what = "empty (optional)", .v = "", .pass = true},
        {.what = "NULL (optional)", .v = NULL, .pass = true},
        {.what = "'a@b.cn'", .v = "a@b.cn", .pass = true},
        {.what = "'ab' (no @)", .v = "ab", .pass = false},
        {.what = "'@b.cn' (no local part)", .v = "@b.cn", .pass = false},
        {.what = "'a@' (no domain)", .v = "a@", .pass = false},
        {.what = "'a@b@c' (two @)", .v = "a@b@c", .pass = false},
        {.what = "'a b@c.cn' (blank)", .v = "a b@c.cn", .pass = false},
        {.what = "'a@b\\tc' (tab)", .v = "a@b\tc", .pass = false},
        {.what = "130 characters", .v = long_mail, .pass = false},
    };

    RUN("account", v_account, acct);
    RUN("email", v_email, mail);
    g_free(a64);
    g_free(a65);
    g_free(e129);
    g_free(long_mail);
}

static void test_passwords(void)
{
    char *p16 = rep("a", 16), *p17 = rep("a", 17), *z16 = rep("密", 16), *z17 = rep("密", 17);
    const struct vcase pw[] = {
        {.what = "1 character", .v = "1", .pass = true},
        {.what = "16 characters", .v = p16, .pass = true},
        {.what = "17 characters", .v = p17, .pass = false},
        {.what = "16 Chinese characters (48 bytes)", .v = z16, .pass = true},
        {.what = "17 Chinese characters", .v = z17, .pass = false},
        {.what = "empty", .v = "", .pass = false},
        {.what = "NULL", .v = NULL, .pass = false},
    };
    static const struct vcase same[] = {
        {.what = "equal", .v = "abc", .first = "abc", .pass = true},
        {.what = "equal Chinese", .v = "密码", .first = "密码", .pass = true},
        {.what = "both empty", .v = "", .first = "", .pass = true},
        {.what = "NULL and empty", .v = NULL, .first = "", .pass = true},
        {.what = "different", .v = "abd", .first = "abc", .pass = false},
        {.what = "prefix", .v = "ab", .first = "abc", .pass = false},
        {.what = "confirmation of NULL", .v = "abc", .first = NULL, .pass = false},
    };

    RUN("password", v_password, pw);
    RUN("same", v_same, same);
    g_free(p16);
    g_free(p17);
    g_free(z16);
    g_free(z17);
}

static void test_int_range(void)
{
    static const struct vcase ints[] = {
        {.what = "'2' of 2-1800", .v = "2", .pass = true, .min = 2, .max = 1800, .out = 2},
        {.what = "'1800' of 2-1800", .v = "1800", .pass = true, .min = 2, .max = 1800, .out = 1800},
        {.what = "' 30 ' of 2-1800", .v = " 30 ", .pass = true, .min = 2, .max = 1800, .out = 30},
        {.what = "'-5' of -10-10", .v = "-5", .pass = true, .min = -10, .max = 10, .out = -5},
        {.what = "'1' of 2-1800", .v = "1", .pass = false, .min = 2, .max = 1800},
        {.what = "'1801' of 2-1800", .v = "1801", .pass = false, .min = 2, .max = 1800},
        {.what = "'0' of 1-65535", .v = "0", .pass = false, .min = 1, .max = 65535},
        {.what = "'-1' of 1-10", .v = "-1", .pass = false, .min = 1, .max = 10},
        {.what = "'abc'", .v = "abc", .pass = false, .min = 2, .max = 1800},
        {.what = "'3x'", .v = "3x", .pass = false, .min = 2, .max = 1800},
        {.what = "'1.5'", .v = "1.5", .pass = false, .min = 1, .max = 1800},
        {.what = "'-'", .v = "-", .pass = false, .min = -10, .max = 10},
        {.what = "'3 4'", .v = "3 4", .pass = false, .min = 2, .max = 1800},
        {.what = "empty", .v = "", .pass = false, .min = 2, .max = 1800},
        {.what = "blanks", .v = "   ", .pass = false, .min = 2, .max = 1800},
        {.what = "NULL", .v = NULL, .pass = false, .min = 2, .max = 1800},
        {.what = "a 23-digit number",
         .v = "99999999999999999999999",
         .pass = false,
         .min = 2,
         .max = 1800},
    };

    RUN("int_range", v_int, ints);
}

static void test_addresses_paths(void)
{
    char *c127 = rep("c", 127), *c128 = rep("c", 128);
    char *p128 = g_strconcat("/", c127, NULL), *p129 = g_strconcat("/", c128, NULL);
    static const struct vcase ip[] = {
        {.what = "'192.168.2.189'", .v = "192.168.2.189", .pass = true},
        {.what = "'0.0.0.0'", .v = "0.0.0.0", .pass = true},
        {.what = "'255.255.255.255'", .v = "255.255.255.255", .pass = true},
        {.what = "'256.1.1.1'", .v = "256.1.1.1", .pass = false},
        {.what = "'1.2.3'", .v = "1.2.3", .pass = false},
        {.what = "'1.2.3.4.5'", .v = "1.2.3.4.5", .pass = false},
        {.what = "'a.b.c.d'", .v = "a.b.c.d", .pass = false},
        {.what = "'::1' (IPv6)", .v = "::1", .pass = false},
        {.what = "'host.example'", .v = "host.example", .pass = false},
        {.what = "empty", .v = "", .pass = false},
        {.what = "NULL", .v = NULL, .pass = false},
    };
    const struct vcase abs[] = {
        {.what = "'/raid/tmp'", .v = "/raid/tmp", .pass = true, .max = 20},
        {.what = "'/'", .v = "/", .pass = true, .max = 20},
        {.what = "'/中文/目录'", .v = "/中文/目录", .pass = true, .max = 20},
        {.what = "20 characters of 20", .v = "/abcdefghijklmnopqrs", .pass = true, .max = 20},
        {.what = "21 characters of 20", .v = "/abcdefghijklmnopqrst", .pass = false, .max = 20},
        {.what = "'raid/tmp' (relative)", .v = "raid/tmp", .pass = false, .max = 20},
        {.what = "'/a\\tb' (control character)", .v = "/a\tb", .pass = false, .max = 20},
        {.what = "empty", .v = "", .pass = false, .max = 20},
        {.what = "NULL", .v = NULL, .pass = false, .max = 20},
    };
    const struct vcase cert[] = {
        {.what = "'/etc/pki/ca.pem'", .v = "/etc/pki/ca.pem", .pass = true},
        {.what = "Chinese '/etc/证书/客户端.pem'", .v = "/etc/证书/客户端.pem", .pass = true},
        {.what = "'C:\\certs\\ca.pem'", .v = "C:\\certs\\ca.pem", .pass = true},
        {.what = "'/a-b_c.d:e'", .v = "/a-b_c.d:e", .pass = true},
        {.what = "128 characters", .v = p128, .pass = true},
        {.what = "129 characters", .v = p129, .pass = false},
        {.what = "'/etc/*.pem'", .v = "/etc/*.pem", .pass = false},
        {.what = "'/etc/a b.pem' (blank)", .v = "/etc/a b.pem", .pass = false},
        {.what = "'/etc/ca;rm' (semicolon)", .v = "/etc/ca;rm", .pass = false},
        {.what = "empty", .v = "", .pass = false},
        {.what = "NULL", .v = NULL, .pass = false},
    };

    RUN("ipv4", v_ipv4, ip);
    RUN("abs_path", v_abs, abs);
    RUN("cert_path", v_cert, cert);
    g_free(c127);
    g_free(c128);
    g_free(p128);
    g_free(p129);
}

static bool v_cn(const char *k, const char *l, const struct vcase *c, struct dv_error *e)
{
    return validate_cn_name(k, l, c->v, e);
}

static bool v_text(const char *k, const char *l, const struct vcase *c, struct dv_error *e)
{
    return validate_text(k, l, c->v, e);
}

/* issue 8 point 8: invalid UTF-8, C0/C1 controls and escapes, through every text validator,
 * with the rule named in the message. */
static void test_text_rule(void)
{
    static const struct {
        const char *what, *v, *rule; /* rule: a word of the message */
    } bad[] = {
        {"overlong '/' (C0 AF)", "a\xc0\xaf", "UTF-8"},
        {"overlong '/' (E0 80 AF)", "a\xe0\x80\xaf", "UTF-8"},
        {"overlong NUL (C0 80)", "a\xc0\x80", "UTF-8"},
        {"overlong (F0 80 80 AF)", "a\xf0\x80\x80\xaf", "UTF-8"},
        {"a surrogate (ED A0 80)", "a\xed\xa0\x80", "UTF-8"},
        {"above U+10FFFF (F4 90 80 80)", "a\xf4\x90\x80\x80", "UTF-8"},
        {"a stray byte FF", "a\xff", "UTF-8"},
        {"a truncated sequence", "a\xe4\xb8", "UTF-8"},
        {"ESC [31m", "a\x1b[31m", "escape"},
        {"a lone ESC", "\x1b", "escape"},
        {"CSI (U+009B)",
         "a\xc2\x9b"
         "31m",
         "escape"},
        {"a tab", "a\tb", "control"},
        {"a newline", "a\nb", "control"},
        {"a carriage return", "a\rb", "control"},
        {"BEL", "a\x07", "control"},
        {"DEL", "a\x7f", "control"},
        {"NEL (U+0085)", "a\xc2\x85", "control"},
    };
    static const struct vcase good[] = {
        {.what = "'abc'", .v = "abc", .pass = true},
        {.what = "Chinese", .v = "主机组甲", .pass = true},
        {.what = "empty", .v = "", .pass = true},
        {.what = "NULL", .v = NULL, .pass = true},
        {.what = "U+00A0 (after C1)", .v = "a\xc2\xa0", .pass = true},
    };
    static const char *const label = "Field标签";

    RUN("text", v_text, good);
    for (size_t i = 0; i < G_N_ELEMENTS(bad); i++) {
        const struct vcase c = {.what = bad[i].what, .v = bad[i].v, .min = 0, .max = 64};
        static const struct {
            const char *name;
            vfn f;
        } fns[] = {{"text", v_text},         {"required", v_required}, {"length", v_length},
                   {"account", v_account},   {"cn_name", v_cn},        {"email", v_email},
                   {"password", v_password}, {"ipv4", v_ipv4},         {"abs_path", v_abs},
                   {"cert_path", v_cert},    {"int_range", v_int}};

        for (size_t j = 0; j < G_N_ELEMENTS(fns); j++) {
            struct dv_error err = {0};

            ok(!fns[j].f("k", label, &c, &err), "%s: %s is refused", fns[j].name, c.what);
            is_str(err.field, "k", "%s: %s: the field is named", fns[j].name, c.what);
            ok(strstr(err.msg, label) != NULL && strstr(err.msg, bad[i].rule) != NULL,
               "%s: %s: the message names the label and the rule '%s' (%s)", fns[j].name, c.what,
               bad[i].rule, err.msg);
        }
    }
    /* the printable text that validators accept is untouched by the rule */
    {
        struct dv_error err = {0};

        ok(validate_cn_name("k", label, "主机组-1.a_b", &err), "cn_name: printable text passes");
    }
}

/* The strict number parser: digits, one '.', no blank, sign, exponent, hex or other digits. */
static void test_num_parse(void)
{
    static const struct {
        const char *v;
        bool decimals, negative;
        int64_t factor, max;
        enum dv_num_rc rc;
        int64_t out;
    } cases[] = {
        {"0", false, false, 1, 100, DV_NUM_OK, 0},
        {"42", false, false, 1, 100, DV_NUM_OK, 42},
        {"007", false, false, 1, 100, DV_NUM_OK, 7},
        {"-5", false, true, 1, 100, DV_NUM_OK, -5},
        {"-5", false, false, 1, 100, DV_NUM_SYNTAX, 0},
        {"1.5", true, false, 1024, INT64_MAX, DV_NUM_OK, 1536},
        {"1.5", false, false, 1, 100, DV_NUM_SYNTAX, 0},
        {"0.001", true, false, 1000, 100, DV_NUM_OK, 1},
        {"101", false, false, 1, 100, DV_NUM_RANGE, 0},
        {"99999999999999999999999", false, false, 1, INT64_MAX, DV_NUM_RANGE, 0},
        {"9223372036854775807", false, false, 1, INT64_MAX, DV_NUM_OK, INT64_MAX},
        {"9223372036854775808", false, false, 1, INT64_MAX, DV_NUM_RANGE, 0},
        {"10", false, false, INT64_MAX, INT64_MAX, DV_NUM_RANGE, 0},
        {"0x1p-10", true, false, 1, INT64_MAX, DV_NUM_SYNTAX, 0},
        {"0x10", false, false, 1, INT64_MAX, DV_NUM_SYNTAX, 0},
        {"1e3", true, false, 1, INT64_MAX, DV_NUM_SYNTAX, 0},
        {"1E3", true, false, 1, INT64_MAX, DV_NUM_SYNTAX, 0},
        {" 5", false, false, 1, 100, DV_NUM_SYNTAX, 0},
        {"5 ", false, false, 1, 100, DV_NUM_SYNTAX, 0},
        {"+5", false, true, 1, 100, DV_NUM_SYNTAX, 0},
        {"\xd9\xa3", false, false, 1, 100, DV_NUM_SYNTAX, 0},     /* Arabic-Indic 3 */
        {"\xef\xbc\x95", false, false, 1, 100, DV_NUM_SYNTAX, 0}, /* fullwidth 5 */
        {"5.", true, false, 1, 100, DV_NUM_SYNTAX, 0},
        {".5", true, false, 1, 100, DV_NUM_SYNTAX, 0},
        {"1.2.3", true, false, 1, 100, DV_NUM_SYNTAX, 0},
        {"inf", true, false, 1, 100, DV_NUM_SYNTAX, 0},
        {"nan", true, false, 1, 100, DV_NUM_SYNTAX, 0},
        {"", false, false, 1, 100, DV_NUM_SYNTAX, 0},
        {"-", false, true, 1, 100, DV_NUM_SYNTAX, 0},
        {"--5", false, true, 1, 100, DV_NUM_SYNTAX, 0},
        {"5\x1b", false, false, 1, 100, DV_NUM_SYNTAX, 0},
    };
    static const struct dv_unit units[] = {{"K", 1024}, {"KB", 1000}, {"M", 1 << 20}};
    int64_t out;

    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        enum dv_num_rc rc;

        out = -4242;
        rc = dv_num_parse(cases[i].v, cases[i].decimals, cases[i].negative, cases[i].factor,
                          cases[i].max, &out);
        is_int(rc, cases[i].rc, "num_parse '%s': result %d", cases[i].v, (int)cases[i].rc);
        if (cases[i].rc == DV_NUM_OK)
            ok(out == cases[i].out, "num_parse '%s': stores %lld", cases[i].v,
               (long long)cases[i].out);
        else
            ok(out == -4242, "num_parse '%s': stores nothing", cases[i].v);
    }
    ok(dv_num_parse(NULL, true, true, 1, 1, &out) == DV_NUM_SYNTAX, "num_parse NULL: refused");
    ok(dv_size_parse("2K", units, 3, INT64_MAX, &out) == DV_NUM_OK && out == 2048, "size 2K");
    ok(dv_size_parse("1.5KB", units, 3, INT64_MAX, &out) == DV_NUM_OK && out == 1500, "size 1.5KB");
    ok(dv_size_parse("7", units, 3, INT64_MAX, &out) == DV_NUM_OK && out == 7, "size 7 (no unit)");
    ok(dv_size_parse("2k", units, 3, INT64_MAX, &out) == DV_NUM_SYNTAX, "size 2k: unknown unit");
    ok(dv_size_parse("2 K", units, 3, INT64_MAX, &out) == DV_NUM_SYNTAX, "size '2 K': blank");
    ok(dv_size_parse("1e3K", units, 3, INT64_MAX, &out) == DV_NUM_SYNTAX, "size 1e3K");
    ok(dv_size_parse("K", units, 3, INT64_MAX, &out) == DV_NUM_SYNTAX, "size K: no number");
    ok(dv_size_parse("9999999999999M", units, 3, INT64_MAX, &out) == DV_NUM_RANGE,
       "size too large");
}

int main(void)
{
    setlocale(LC_ALL, "C.UTF-8");
    test_required_length();
    test_account_email();
    test_passwords();
    test_int_range();
    test_addresses_paths();
    test_text_rule();
    test_num_parse();
    return tap_done();
}
