/* test-hosturi.c - the libvirt URI rules (src/base/hosturi.h, issue 8 point
 * 3): only dosvm's transports and parameters reach libvirt; a refused URI
 * writes nothing through host_add (no host, no task, no operation-log row);
 * a test:/// file's content never appears in a message; dosvmd.conf's
 * libvirt_url follows the same rules.
 * features: D3 M6.2.2 */
#include "admin/dosvmd_conf.h"
#include "base/hosturi.h"
#include "hosts/host.h"
#include "jobs/job.h"
#include "lib/tap.h"
#include "lib/testdb.h"
#include "virt/virt.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct db *db;
static struct dv_actor sys;

static char *demo_uri(const char *file)
{
    const char *top = getenv("top_srcdir");

    return g_strdup_printf("test://%s/data/demo/%s", top ? top : "..", file);
}

static long written(void)
{
    return testdb_count(db, "host", NULL) + testdb_count(db, "op_log", NULL) +
           testdb_count(db, "task", NULL);
}

static void accepted(const char *uri, unsigned flags, bool no_verify)
{
    struct hosturi_info info = {0};
    struct dv_error err = {0};

    ok(hosturi_check(uri, flags, HF_URI, &info, &err), "accepted: %s (%s)", uri, err.msg);
    is_int(info.no_verify, no_verify, "%s: no_verify %s", uri, no_verify ? "warned" : "off");
    hosturi_info_clear(&info);
}

/* Refused by the pure check, with the rule's words in the message, and
 * refused by host_add without a row written. */
static void refused(const char *uri, enum dv_status code, const char *words)
{
    struct dv_error err = {0};
    long before = written();

    ok(!hosturi_check(uri, 0, HF_URI, NULL, &err), "refused: %s", uri);
    is_int(err.code, code, "%s: error code", uri);
    is_str(err.field, HF_URI, "%s: names the URI field", uri);
    ok(strstr(err.msg, words) != NULL, "%s: the message names the rule ('%s')", uri, err.msg);
    dv_error_clear(&err);
    ok(!host_add(db, &sys, "", uri, NULL, &err), "%s: host_add refuses it", uri);
    is_str(err.field, HF_URI, "%s: host_add names the URI field", uri);
    is_int(written(), before, "%s: nothing written", uri);
    dv_error_clear(&err);
    ok(virt_open(uri, &err) == NULL, "%s: virt_open refuses it too", uri);
    dv_error_clear(&err);
}

static void test_rules(void)
{
    char *demo = demo_uri("host1.xml");

    accepted(demo, 0, false);
    accepted("test:///default", 0, false);
    accepted("qemu:///system", 0, false);
    accepted("qemu:///session", 0, false);
    accepted("qemu+unix:///system?socket=/run/libvirt/libvirt-sock", 0, false);
    accepted("qemu+ssh://root@node1/system", 0, false);
    accepted("qemu+ssh://root@node1:2222/system?keyfile=/root/.ssh/id_ed25519&known_hosts=/root/"
             ".ssh/known_hosts&no_tty=1",
             0, false);
    accepted("qemu+ssh://root@node1/system?no_verify=1", 0, true);
    accepted("qemu+tls://node1.example/system?pkipath=/etc/pki/dosvm", 0, false);
    accepted("qemu+tls://node1.example/system?no_verify=1", 0, true);
    accepted("qemu+tcp://127.0.0.1/system", HOSTURI_TCP_CONFIRMED, false);

    /* transports */
    refused("qemu+ext:///system?command=/bin/sh", DV_ERR_INVALID, "qemu+ext");
    refused("qemu+libssh://root@node1/system", DV_ERR_INVALID, "qemu+libssh");
    refused("qemu+libssh2://root@node1/system", DV_ERR_INVALID, "qemu+libssh2");
    refused("lxc:///system", DV_ERR_INVALID, "'lxc'");
    refused("QEMU:///system", DV_ERR_INVALID, "'QEMU'");
    refused("xen+ssh://root@node1/system", DV_ERR_INVALID, "'xen+ssh'");
    refused("qemu+tcp://127.0.0.1/system", DV_ERR_DENIED, "qemu+tcp");
    refused("/etc/passwd", DV_ERR_INVALID, "cannot be read");
    /* parameters */
    refused("qemu+ssh://root@node1/system?command=/tmp/evil", DV_ERR_INVALID, "'command'");
    refused("qemu+ssh://root@node1/system?netcat=/tmp/evil", DV_ERR_INVALID, "'netcat'");
    refused("qemu+ssh://root@node1/system?proxy=native", DV_ERR_INVALID, "'proxy'");
    refused("qemu+ssh://root@node1/system?COMMAND=/tmp/evil", DV_ERR_INVALID, "'COMMAND'");
    refused("qemu+ssh://root@node1/system?comm%61nd=/tmp/evil", DV_ERR_INVALID, "'command'");
    refused("qemu+ssh://root@node1/system?no_tty=1;command=/tmp/evil", DV_ERR_INVALID, "'command'");
    refused("qemu+ssh://root@node1/system?name=qemu:///system", DV_ERR_INVALID, "'name'");
    refused("qemu+ssh://root@node1/system?socket=/tmp/s", DV_ERR_INVALID, "'socket'");
    refused("qemu+ssh://root@node1/system?mode=legacy", DV_ERR_INVALID, "'mode'");
    refused("qemu+ssh://root@node1/system?keyfile=id_rsa", DV_ERR_INVALID, "absolute path");
    refused("qemu+ssh://root@node1/system?no_verify=yes", DV_ERR_INVALID, "0 or 1");
    refused("qemu+ssh://root@node1/system?keyfile=/a&keyfile=/b", DV_ERR_INVALID, "once");
    refused("qemu+tls://node1/system?keyfile=/root/k", DV_ERR_INVALID, "'keyfile'");
    refused("qemu+tcp://127.0.0.1/system?command=/bin/sh", DV_ERR_INVALID, "'command'");
    refused("qemu+unix:///system?command=/bin/sh", DV_ERR_INVALID, "'command'");
    refused("test:///default?command=/bin/sh", DV_ERR_INVALID, "'command'");
    /* shapes */
    refused("qemu+ssh:///system", DV_ERR_INVALID, "HOST");
    refused("qemu://node1/system", DV_ERR_INVALID, "qemu:///");
    refused("qemu+ssh://root@node1/etc", DV_ERR_INVALID, "/system");
    refused("test://relative/x.xml", DV_ERR_INVALID, "test:///");
    refused("qemu+ssh://root@node1/system#x", DV_ERR_INVALID, "fragment");
    refused("qemu+ssh://root:pw@node1/system", DV_ERR_INVALID, "password");
    refused("qemu+ssh://root@node1/system?keyfile=/a b", DV_ERR_INVALID, "printable");
    refused("", DV_ERR_INVALID, "URI");
    g_free(demo);
}

/* A test:/// file that is not libvirt's test driver XML: refused with
 * dosvm's sentence; its first line appears in no message. */
static void test_test_files(void)
{
    static const char secret[] = "root:SECRET-FIRST-LINE-4711:0:0";
    char *dir = g_dir_make_tmp("dosvm-hosturi-XXXXXX", NULL);
    char *file = g_build_filename(dir, "shadow.xml", NULL);
    char *dom = g_build_filename(dir, "domain.xml", NULL);
    char *uri = g_strconcat("test://", file, NULL), *domuri = g_strconcat("test://", dom, NULL);
    struct dv_error err = {0};
    long before = written();
    struct job *job;

    g_file_set_contents(file, secret, -1, NULL);
    g_file_set_contents(dom, "<domain type='test'><name>x</name></domain>", -1, NULL);
    ok(hosturi_check(uri, 0, HF_URI, NULL, &err), "a test:/// file URI has the right shape");
    ok(!host_add(db, &sys, "", uri, NULL, &err), "host_add: a non-XML test file is refused");
    is_str(err.field, HF_URI, "host_add: the URI field is named");
    ok(strstr(err.msg, "SECRET") == NULL, "the file's first line is not quoted ('%s')", err.msg);
    ok(strstr(err.msg, "test driver") != NULL, "dosvm's own sentence is shown ('%s')", err.msg);
    is_int(written(), before, "non-XML test file: no host, operation-log row or task written");
    dv_error_clear(&err);
    ok(!host_add(db, &sys, "", domuri, NULL, &err), "host_add: a domain XML is not a host file");
    ok(strstr(err.msg, "<domain") == NULL, "its content is not quoted ('%s')", err.msg);
    dv_error_clear(&err);
    ok(virt_open("test:///etc/passwd", &err) == NULL, "virt_open: /etc/passwd is refused");
    ok(strstr(err.msg, "root:") == NULL, "virt_open: /etc/passwd is not quoted ('%s')", err.msg);
    dv_error_clear(&err);
    ok(virt_open("test:///dev/zero", &err) == NULL, "virt_open: a device is refused");
    dv_error_clear(&err);
    ok(virt_open("test:///tmp", &err) == NULL, "virt_open: a directory is refused");
    dv_error_clear(&err);

    /* qemu+tcp goes through once confirmed (the test driver does not
     * listen: the connection fails, but past the check) */
    job = host_add_start_flags(db, &sys, "", "qemu+tcp://127.0.0.1:1/system", 0, &err);
    ok(job == NULL && err.code == DV_ERR_DENIED, "qemu+tcp unconfirmed: refused before a job");
    dv_error_clear(&err);
    job = host_add_start_flags(db, &sys, "", "qemu+tcp://127.0.0.1:1/system", HOSTURI_TCP_CONFIRMED,
                               &err);
    ok(job != NULL, "qemu+tcp confirmed: the job starts (%s)", err.msg);
    ok(!job_run(job, &err), "qemu+tcp to a closed port: the connection fails");
    is_int(testdb_count(db, "host", NULL), 0, "qemu+tcp to a closed port: no host");
    job_unref(job);
    dv_error_clear(&err);

    remove(file);
    remove(dom);
    remove(dir);
    g_free(uri);
    g_free(domuri);
    g_free(file);
    g_free(dom);
    g_free(dir);
}

#define NET "[network]\nlocalhost = 127.0.0.1\n"

static void test_config(void)
{
    struct dosvmd_config c;
    struct dv_error err = {0};

    ok(!config_load_data(NET "[config]\nlibvirt_url = qemu+ext:///system?command=/bin/sh\n", &c,
                         &err),
       "dosvmd.conf: an ext libvirt_url is refused");
    is_str(err.field, "config.libvirt_url", "dosvmd.conf: the key is named");
    ok(strstr(err.msg, "libvirt_url") != NULL, "dosvmd.conf: the message says so ('%s')", err.msg);
    dv_error_clear(&err);
    ok(!config_load_data(NET "[config]\nlibvirt_url = qemu+ssh://h/system?netcat=/x\n", &c, &err),
       "dosvmd.conf: netcat= is refused");
    dv_error_clear(&err);
    ok(config_load_data(NET "[config]\nlibvirt_url = qemu+tcp://127.0.0.1/system\n", &c, &err),
       "dosvmd.conf: qemu+tcp written by the sysadm is accepted (%s)", err.msg);
    config_clear(&c);
}

int main(void)
{
    struct testdb t;

    virt_init();
    if (!testdb_open(&t, false)) {
        ok(0, "open a test database");
        return tap_done();
    }
    db = t.db;
    sys = testdb_sysadm();
    test_rules();
    test_test_files();
    test_config();
    testdb_close(&t);
    return tap_done();
}
