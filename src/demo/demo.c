/* demo.c - the embedded demo database: accounts, three libvirt test-driver
 * hosts (one of them standing for this machine, so its disk and network
 * load are real), host groups, project groups, projects, images and
 * subnets */
#include "demo/demo.h"
#include "admin/program.h"
#include "hosts/host.h"
#include "hosts/hostgroup.h"
#include "storage/pool.h"
#include "storage/image.h"
#include "projects/project.h"
#include "projects/projgroup.h"
#include "admin/user.h"
#include "storage/volume.h"
#include "net/network.h"
#include "net/subnet.h"
#include "net/nwfilter.h"
#include "net/secgroup.h"
#include "vm/checkpoint.h"
#include "vm/instance.h"
#include "vm/vm.h"
#include "vm/vmpower.h"
#include "virt/virt.h"
#include "base/util.h"

#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>

static const struct dv_actor sa = {1, USER_SYSADM, "demo", true, DV_SESSION_SERVICE};

struct demo_admin {
    const char *account, *name, *phone, *email, *address, *description;
};

static const struct demo_admin admins[] = {
    {"admin1", "张伟", "028-85550101", "zhangwei@example.com", "成都市高新区天府大道 1 号",
     "Web cluster project"},
    {"admin2", "李娜", "028-85550102", "lina@example.com", "成都市武侯区科华北路 2 号",
     "Database project"},
};

struct demo_host {
    const char *file, *name;
    bool self; /* stands for this machine: real disk and network load */
};

static const struct demo_host hosts[] = {
    {"host1.xml", "cd-node-01", true},
    {"host2.xml", "cd-node-02", false},
    {"host3.xml", "bj-node-03", false},
};

/* The test-driver file of a demo host: under dv_data_dir()'s demo/. */
static char *demo_file(const char *file)
{
    char *dir = dv_data_dir(), *path = g_build_filename(dir, "demo", file, NULL);

    g_free(dir);
    return path;
}

static char *demo_uri(const char *file)
{
    char *path = demo_file(file), *uri = g_strdup_printf("test://%s", path);

    g_free(path);
    return uri;
}

/* Every host file is there, else err names the first missing one and the
 * ways to run the demo. */
static bool check_files(struct dv_error *err)
{
    for (size_t i = 0; i < G_N_ELEMENTS(hosts); i++) {
        char *path = demo_file(hosts[i].file);
        bool there = g_file_test(path, G_FILE_TEST_IS_REGULAR);

        if (!there)
            dv_error_set(err, DV_ERR_IO, NULL,
                         _("The demo host file %s is missing. Install dosvm (make install), run "
                           "ui/dosvm of a build tree, or set DOSVM_DATADIR to the directory "
                           "that holds demo/%s."),
                         path, hosts[i].file);
        g_free(path);
        if (!there)
            return false;
    }
    return true;
}

static bool add_admins(struct db *db, struct dv_error *err)
{
    for (size_t i = 0; i < G_N_ELEMENTS(admins); i++) {
        const struct demo_admin *a = &admins[i];
        struct user_info info = {.name_zh = a->name,
                                 .account = a->account,
                                 .phone = a->phone,
                                 .email = a->email,
                                 .address = a->address,
                                 .description = a->description};

        if (!user_add(db, &sa, &info, USER_INITIAL_PASSWORD, USER_INITIAL_PASSWORD,
                      USER_INITIAL_PASSWORD, NULL, err))
            return false;
    }
    return true;
}

/* This machine's stand-in registers itself as dosvmd would (self, with a
 * shared disk path); the others are added by URI as the sysadm does. */
static bool add_host(struct db *db, const struct demo_host *dh, const char *dir, int64_t *id,
                     struct dv_error *err)
{
    char *uri = demo_uri(dh->file), *uuid = NULL;
    struct virt_node_info info = {0};
    struct virt_conn *c = NULL;
    bool ok;

    if (!dh->self) {
        ok = host_add(db, &sa, dh->name, uri, id, err);
        g_free(uri);
        return ok;
    }
    ok = (c = virt_open(uri, err)) && virt_node_info(c, &info, err) &&
         (uuid = virt_host_uuid(c, err)) &&
         host_register(db, uuid, uri, "127.0.0.1", true, &info, dir, id, err);
    if (ok) {
        struct host_spec spec = {.name = dh->name,
                                 .max_vcpus = info.cpu_cores,
                                 .max_vmem_mb = info.mem_total_mb - HOST_MEM_RESERVE_MB};

        ok = host_update(db, &sa, *id, &spec, err);
    }
    virt_node_info_clear(&info);
    virt_close(c);
    g_free(uuid);
    g_free(uri);
    return ok;
}

struct demo_project {
    const char *name, *description, *group, *admin; /* admin: its Chinese name */
    bool active;
    int64_t quota[QUOTA_COUNT];
};

static const struct demo_project projects[] = {
    {"网站平台",
     "Web cluster",
     "web项目组",
     "张伟",
     true,
     {20, 64, 131072, 2048000, 102400, 50, 100}},
    {"数据分析", "Analytics", "默认项目组", "李娜", false, {10, 32, 65536, 1024000, 51200, 20, 50}},
};

/* The id of an entry of l whose label starts with name. */
static int64_t find(const struct choice_list *l, const char *name)
{
    for (int i = 0; i < l->n; i++)
        if (g_str_has_prefix(l->v[i].label, name))
            return l->v[i].id;
    return 0;
}

static bool add_project(struct db *db, const struct demo_project *p, int64_t group,
                        int64_t hostgroup, int64_t *out, struct dv_error *err)
{
    struct choice_list users = {0};
    struct project_quota quota = {.version = 0};
    int64_t id = 0, admin;
    bool ok;

    memcpy(quota.max, p->quota, sizeof(quota.max));
    ok = project_add(db, &sa, group, p->name, p->description, &id, err) &&
         project_set_quota(db, &sa, id, &quota, err) && project_admin_choices(db, id, &users, err);

    admin = find(&users, p->admin);
    choice_list_free(&users);
    *out = id;
    ok = ok && project_set_admins(db, &sa, id, &admin, 1, err) &&
         project_set_hostgroups(db, &sa, id, &hostgroup, 1, err);
    return ok && (!p->active || project_set_active(db, &sa, id, true, err));
}

/* Pools on the test-driver hosts (kept in this process's connections) and a
 * few volumes with a snapshot, made through the core as a user would. */
static bool add_storage(struct db *db, int64_t bound_host, int64_t project, struct dv_error *err)
{
    int64_t users_of[] = {project}, dos = 0, vol = 0;
    struct pool_spec pools[] = {
        {.name = "dos-pool",
         .type = POOL_DOSDIR,
         .capacity_mb = 512000,
         .description = "共享存储池",
         .target_path = "/dpfs/dos-pool",
         .vendor = "数字有机体文件系统",
         .product = "共享存储池",
         .projects = users_of,
         .nprojects = 1},
        {.name = "server-dir",
         .type = POOL_HOSTDIR,
         .capacity_mb = 204800,
         .description = "本地磁盘",
         .target_path = "/raid/disk-pool",
         .bound_host_id = bound_host,
         .projects = users_of,
         .nprojects = 1},
        {.name = "san-189",
         .type = POOL_ISCSI,
         .capacity_mb = 1024000,
         .description = "IP-SAN",
         .src_host = "192.168.2.189",
         .src_device = "qyj-target"},
    };
    struct volume_spec vols[] = {
        {.name_zh = "系统盘",
         .name_en = "centos7.qcow2",
         .capacity = 20LL << 30,
         .format = "qcow2",
         .mode = "0666",
         .compat = "1.1",
         .lazy_refcounts = true},
        {.name_zh = "数据盘",
         .name_en = "data.raw",
         .capacity = 50LL * 1000 * 1000 * 1000,
         .format = "raw",
         .mode = "0666"},
    };
    bool ok = true;

    for (size_t i = 0; ok && i < G_N_ELEMENTS(pools); i++)
        ok = pool_add(db, &sa, &pools[i], i == 0 ? &dos : NULL, err);
    for (size_t i = 0; ok && i < G_N_ELEMENTS(vols); i++) {
        vols[i].pool_id = dos;
        ok = volume_create(db, &sa, &vols[i], i == 0 ? &vol : NULL, err);
    }
    return ok && volume_snapshot(db, &sa, vol, "已装系统快照", "centos7-s1.qcow2", NULL, err);
}

/* Three subnets (M10.2.1): an IPv4 one with every DHCP and DNS table, a
 * bridged one with an automatic gateway on a host, an IPv6 one; each
 * assigned to the projects that build networks on it (M10.2.2). */
static bool add_subnets(struct db *db, const int64_t *host, const int64_t *project,
                        struct dv_error *err)
{
    const struct subnet_spec specs[] = {
        {.name = "web-net",
         .description = "网站平台的 NAT 子网",
         .ip_version = 4,
         .address = "10.1.0.0",
         .prefix = 16,
         .gateway = "10.1.0.1",
         .dhcp = true,
         .dns = true,
         .tftp_root = "/var/lib/tftpboot",
         .bootp_file = "pxelinux.0",
         .dns_domain = "web.example.com",
         .range_start = "10.1.0.100",
         .range_end = "10.1.0.200"},
        {.name = "bridge-net",
         .description = "跨宿主机的桥接子网",
         .ip_version = 4,
         .address = "192.168.7.0",
         .prefix = 24,
         .gateway = "192.168.7.1",
         .gateway_host_id = host[0],
         .dhcp = true,
         .auto_gateway = true,
         .gw_start_script = "logger dosvm gateway up",
         .gw_stop_script = "logger dosvm gateway down",
         .range_start = "192.168.7.10",
         .range_end = "192.168.7.254"},
        {.name = "v6-lab",
         .description = "IPv6 test subnet",
         .ip_version = 6,
         .address = "fd00:10::",
         .prefix = 64,
         .gateway = "fd00:10::1",
         .dhcp = true,
         .range_start = "fd00:10::100",
         .range_end = "fd00:10::1ff"},
    };
    int64_t id[G_N_ELEMENTS(specs)] = {0};
    bool ok = true;

    for (size_t i = 0; ok && i < G_N_ELEMENTS(specs); i++)
        ok = subnet_add(db, &sa, &specs[i], &id[i], err);
    ok =
        ok && subnet_range_add(db, &sa, id[0], "10.1.1.0", "10.1.1.254", NULL, err) &&
        subnet_reservation_add(db, &sa, id[0],
                               &(struct subnet_reservation_spec){.mac = "52:54:00:1a:00:01",
                                                                 .ip = "10.1.0.10",
                                                                 .hostname = "web1"},
                               NULL, err) &&
        subnet_reservation_add(db, &sa, id[0],
                               &(struct subnet_reservation_spec){.mac = "52:54:00:1a:00:02",
                                                                 .ip = "10.1.0.11",
                                                                 .hostname = "web2"},
                               NULL, err) &&
        subnet_txt_add(db, &sa, id[0], "ftp", "10.0.1.14", NULL, err) &&
        subnet_forwarder_add(db, &sa, id[0], "114.114.114.114", NULL, err) &&
        subnet_srv_add(db, &sa, id[0],
                       &(struct subnet_srv_spec){.service = "http",
                                                 .protocol = "tcp",
                                                 .domain = "web.example.com",
                                                 .target = "10.1.0.10",
                                                 .port = 80,
                                                 .priority = 10,
                                                 .weight = 50},
                       NULL, err) &&
        subnet_dnshost_add(db, &sa, id[0], "10.1.0.10", "web1,www", NULL, err) &&
        subnet_reservation_add(
            db, &sa, id[2],
            &(struct subnet_reservation_spec){.ip = "fd00:10::20", .hostname = "db1"}, NULL, err) &&
        subnet_assign(db, &sa, id[0], project[0], err) &&
        subnet_assign(db, &sa, id[1], project[0], err) &&
        subnet_assign(db, &sa, id[1], project[1], err) &&
        subnet_assign(db, &sa, id[2], project[1], err);
    return ok;
}

/* Filters of dosvm beside libvirt's built-ins, and two security groups
 * (the demo's hosts are the test driver's: nothing is defined on them). */
struct demo_filter {
    const char *name_zh, *name_en, *description, *xml;
};

static const struct demo_filter filters[] = {
    {"允许网站端口", "web-ports", "HTTP 与 HTTPS",
     "<filter name='web-ports' chain='ipv4'>\n"
     "  <rule action='accept' direction='in' priority='500'>\n"
     "    <tcp dstportstart='80'/>\n"
     "  </rule>\n"
     "  <rule action='accept' direction='in' priority='500'>\n"
     "    <tcp dstportstart='443'/>\n"
     "  </rule>\n"
     "</filter>\n"},
    {"允许SSH管理", "ssh-admin", "只允许管理网段 SSH",
     "<filter name='ssh-admin' chain='ipv4'>\n"
     "  <rule action='accept' direction='in' priority='500'>\n"
     "    <tcp srcipaddr='192.168.1.0' srcipmask='24' dstportstart='22'/>\n"
     "  </rule>\n"
     "</filter>\n"},
    {"网站服务器", "web-server", "网站服务器的顶层过滤器",
     "<filter name='web-server' chain='root'>\n"
     "  <filterref filter='clean-traffic'/>\n"
     "  <filterref filter='web-ports'/>\n"
     "  <filterref filter='ssh-admin'/>\n"
     "  <rule action='drop' direction='in' priority='1000'>\n"
     "    <all/>\n"
     "  </rule>\n"
     "</filter>\n"},
    {"数据库服务器", "db-server", "数据库服务器的顶层过滤器",
     "<filter name='db-server' chain='root'>\n"
     "  <filterref filter='clean-traffic'/>\n"
     "  <filterref filter='ssh-admin'/>\n"
     "  <rule action='accept' direction='in' priority='500'>\n"
     "    <tcp srcipaddr='192.168.2.0' srcipmask='24' dstportstart='3306'/>\n"
     "  </rule>\n"
     "</filter>\n"},
};

static bool add_filters(struct db *db, struct dv_error *err)
{
    int64_t id[G_N_ELEMENTS(filters)] = {0}, clean = 0;
    bool ok = db_scalar(db, "SELECT id FROM nwfilter WHERE name_en = 'clean-traffic'", DB_NOARGS,
                        &clean, err);

    for (size_t i = 0; ok && i < G_N_ELEMENTS(filters); i++) {
        struct nwfilter_spec s = {.name_zh = filters[i].name_zh,
                                  .name_en = filters[i].name_en,
                                  .description = filters[i].description,
                                  .xml = (char *)filters[i].xml};

        ok = nwfilter_add(db, &sa, &s, &id[i], err);
    }
    if (ok) {
        int64_t web[] = {id[0], id[1], clean}, dbs[] = {id[1], clean};

        ok = secgroup_add(db, &sa,
                          &(struct secgroup_spec){.name = "网站服务器安全组",
                                                  .description = "对外开放网站端口",
                                                  .top_filter_id = id[2],
                                                  .filter_ids = web,
                                                  .nfilters = 3},
                          NULL, err) &&
             secgroup_add(db, &sa,
                          &(struct secgroup_spec){.name = "数据库安全组",
                                                  .description = "只对内网开放",
                                                  .top_filter_id = id[3],
                                                  .filter_ids = dbs,
                                                  .nfilters = 2},
                          NULL, err);
    }
    return ok;
}

/* The id of project's subnet named name that a network of type may use. */
static int64_t demo_subnet(struct db *db, int64_t project, enum network_type type, const char *name,
                           struct dv_error *err)
{
    struct choice_list l = {0};
    int64_t id = 0;

    if (network_subnet_choices(db, project, type, 0, &l, err))
        id = find(&l, name);
    choice_list_free(&l);
    return id;
}

/* A network of each kind (M10.3.2): the isolated, NAT and routed ones bound
 * to one host each (H1: one active internal network per host) and defined
 * there; the bridged ones unbound, for the hosts where VMs start (OP-23). */
static bool add_networks(struct db *db, const int64_t *host, const int64_t *project,
                         struct dv_error *err)
{
    static const struct network_route routes[] = {
        {.family = 4, .address = "192.168.21.9", .prefix = 32, .gateway = "10.1.0.9"}};
    struct network_vlan vlan42 = {.tag = 42, .native = NETWORK_NATIVE_UNTAGGED};
    struct network_portgroup pgs[] = {
        {.name = "work", .bw = network_bandwidth_unset()},
        {.name = "vlan42", .bw = network_bandwidth_unset(), .vlan = {.v = &vlan42, .n = 1}},
    };
    char *ifaces[] = {"eth3", "eth4", NULL};
    struct network_spec specs[] = {
        {.type = NETWORK_ISOLATED,
         .name_en = "web-inner",
         .name_zh = "网站内部网络",
         .description = "内部服务器使用",
         .bridge = "virbr1",
         .bound_host_id = host[0],
         .subnet_id = demo_subnet(db, project[0], NETWORK_ISOLATED, "web-net", err),
         .bw = {5000, 7000, 3000, 5000, 7000, 3000},
         .routes = (struct network_route *)routes,
         .nroutes = 1,
         .portgroups = pgs,
         .nportgroups = 1},
        {.type = NETWORK_NAT,
         .name_en = "web-nat",
         .name_zh = "网站NAT网络",
         .bridge = "virbr2",
         .bound_host_id = host[1],
         .forward_dev = "eth0",
         .subnet_id = demo_subnet(db, project[0], NETWORK_NAT, "web-net", err),
         .bw = network_bandwidth_unset(),
         .nat_addr_start = "192.168.21.100",
         .nat_addr_end = "192.168.21.120",
         .nat_port_start = 5179,
         .nat_port_end = 6189},
        {.type = NETWORK_ROUTED,
         .name_en = "db-route",
         .name_zh = "数据库路由网络",
         .bridge = "virbr3",
         .bound_host_id = host[2],
         .ipv6 = true,
         .forward_dev = "eth1",
         .subnet_id = demo_subnet(db, project[1], NETWORK_ROUTED, "v6-lab", err),
         .bw = network_bandwidth_unset()},
        {.type = NETWORK_BRIDGE,
         .name_en = "web-bridge",
         .name_zh = "网站Linux桥接网络",
         .bridge = "linux-br0",
         .stp = true,
         .forward_dev = "eth5",
         .subnet_id = demo_subnet(db, project[0], NETWORK_BRIDGE, "bridge-net", err),
         .bw = network_bandwidth_unset(),
         .portgroups = pgs,
         .nportgroups = 1},
        {.type = NETWORK_OVS,
         .name_en = "web-ovs",
         .name_zh = "网站OVS网络",
         .bridge = "ovs-br0",
         .forward_dev = "eth2",
         .bw = network_bandwidth_unset(),
         .vlan = {.v = &vlan42, .n = 1},
         .portgroups = &pgs[1],
         .nportgroups = 1},
        {.type = NETWORK_MACVTAP,
         .name_en = "web-macvtap",
         .name_zh = "网站macvtap网络",
         .bw = network_bandwidth_unset(),
         .ifaces = ifaces,
         .nifaces = 2},
    };
    bool ok = true;

    for (size_t i = 0; ok && i < G_N_ELEMENTS(specs); i++) {
        struct network_spec s;

        specs[i].project_id = project[i == 2 ? 1 : 0];
        network_spec_copy(&s, &specs[i]);
        ok = network_check(&s, NULL, err) && network_add(db, &sa, &s, NULL, NULL, err);
        network_spec_clear(&s);
    }
    return ok;
}

/* Small image files of 网站平台 in its group's directory, registered by its
 * admin; with qemu-img missing (it detects the format) the demo has none. */
struct demo_image {
    const char *name, *file, *format, *arch, *description;
    bool readonly;
};

static const struct demo_image images[] = {
    {"CentOS7系统镜像", "centos7.qcow2", "qcow2", "x86-64", "Web server system disk", true},
    {"Debian12安装光盘", "debian-12.iso", "raw", "x86-64", "Install CD", true},
    {"数据盘模板", "data-i686.qcow2", "qcow2", "i686", "Empty data disk", false},
};

/* path: a qcow2 made by qemu-img, or a 1 MiB CD image (an ISO 9660 mark). */
static bool make_image_file(const char *path, const char *format)
{
    const char *argv[] = {"qemu-img", "create", "-q", "-f", "qcow2", path, "20G", NULL};
    char *cd;
    int status = -1;
    bool ok;

    if (strcmp(format, "qcow2") == 0)
        return g_spawn_sync(NULL, (char **)argv, NULL,
                            G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL |
                                G_SPAWN_STDERR_TO_DEV_NULL,
                            NULL, NULL, NULL, NULL, &status, NULL) &&
               g_spawn_check_wait_status(status, NULL);
    cd = g_malloc0(1 << 20);
    memcpy(cd + 32768, "\001CD001\001", 7);
    ok = g_file_set_contents(path, cd, 1 << 20, NULL);
    g_free(cd);
    return ok;
}

/* The project admin admin1 as the actor of the demo's own seeding. */
static struct dv_actor admin1(struct db *db)
{
    struct user_filter f = {NULL, "admin1"};
    struct dv_actor a = {0, "admin1", "demo", false, DV_SESSION_SERVICE};
    struct user_page users;

    if (!user_list(db, &f, 0, 10, &users, NULL))
        return a;
    for (int i = 0; i < users.n; i++)
        if (strcmp(users.rows[i].account, "admin1") == 0)
            a.user_id = users.rows[i].id;
    user_page_free(&users);
    return a;
}

static void add_images(struct db *db, const char *dir)
{
    struct dv_actor a = admin1(db);

    for (size_t i = 0; i < G_N_ELEMENTS(images); i++) {
        const struct demo_image *im = &images[i];
        char *path = g_build_filename(dir, im->file, NULL);
        struct image_spec in = {.name = im->name,
                                .format = im->format,
                                .arch = im->arch,
                                .shared = true,
                                .readonly = im->readonly,
                                .description = im->description,
                                .save_dir = dir,
                                .file_name = im->file};

        if (make_image_file(path, im->format))
            image_register(db, &a, &in, NULL, NULL);
        g_free(path);
    }
}

/* The id of the image named name, 0 when there is none. */
static int64_t image_named(struct db *db, const char *name)
{
    int64_t id = 0;

    db_scalar(db, "SELECT coalesce(max(id), 0) FROM image WHERE name = ?1", DB_ARGS(DB_T(name)),
              &id, NULL);
    return id;
}

static int64_t add_instance(struct db *db, const struct dv_actor *a, const char *en, const char *zh,
                            const char *vcpus, const char *mem, bool unique,
                            const struct inst_disk *disk)
{
    struct instance_input in = {.name_en = en,
                                .name_zh = zh,
                                .vcpus = vcpus,
                                .memory = mem,
                                .memory_unit = "GiB",
                                .hypervisor = "qemu",
                                .unique = unique ? "1" : "0",
                                .disks = disk,
                                .ndisks = disk ? 1 : 0};
    struct inst_spec s;
    int64_t id = 0;

    if (!instance_parse(&in, &s, NULL) || !instance_add(db, a, &s, &id, NULL, NULL))
        id = 0;
    instspec_clear(&s);
    return id;
}

/* Instances and VMs of the first project on the test-driver hosts: some
 * running, one with a checkpoint tree (best effort, as the images). */
static void add_vms(struct db *db)
{
    struct dv_actor a = admin1(db);
    struct inst_disk cd = {.resource = RES_FILE,
                           .device = DEV_CDROM,
                           .readonly = true,
                           .image_id = image_named(db, "Debian12安装光盘"),
                           .bus = BUS_IDE,
                           .cache = CACHE_WRITEBACK,
                           .dev = "hdc"};
    struct inst_disk data = {.resource = RES_FILE,
                             .device = DEV_DISK,
                             .image_id = image_named(db, "数据盘模板"),
                             .bus = BUS_VIRTIO,
                             .cache = CACHE_NONE,
                             .dev = "vda"};
    int64_t web =
        add_instance(db, &a, "web-front", "网站前端", "2", "2", false, cd.image_id ? &cd : NULL);
    int64_t dbi = add_instance(db, &a, "db-server", "数据库服务器", "4", "8", true,
                               data.image_id ? &data : NULL);
    int64_t w1 = 0, w2 = 0, d1 = 0;

    if (web && vm_add(db, &a, web, "web1", &w1, NULL, NULL))
        vm_power_on(db, &a, w1, 0, NULL);
    if (web)
        vm_add(db, &a, web, "web2", &w2, NULL, NULL);
    if (dbi && vm_add(db, &a, dbi, "db1", &d1, NULL, NULL) && vm_power_on(db, &a, d1, 0, NULL)) {
        static const char *const disks[] = {"vda", NULL};
        const struct checkpoint_input cps[] = {
            {"安装完成", "installed", "/var/lib/dosvm/checkpoints", "installed", disks},
            {"数据导入", "loaded", "/var/lib/dosvm/checkpoints", "loaded", disks},
        };

        for (size_t i = 0; i < G_N_ELEMENTS(cps); i++) {
            struct job *job = checkpoint_create_start(db, &a, d1, &cps[i], NULL);

            if (job) {
                job_run(job, NULL);
                job_unref(job);
            }
        }
    }
}

static bool seed(struct db *db, const char *dir, struct dv_error *err)
{
    int64_t h[3] = {0}, hg[2] = {0}, pg[2] = {0}, pr[2] = {0};
    char *web = g_build_filename(dir, "web", NULL), *def = g_build_filename(dir, "default", NULL);
    bool ok = add_admins(db, err);

    for (size_t i = 0; ok && i < G_N_ELEMENTS(hosts); i++)
        ok = add_host(db, &hosts[i], dir, &h[i], err);
    ok = ok &&
         hostgroup_add(
             db, &sa,
             &(struct hostgroup_spec){
                 .name = "成都机群", .description = "Chengdu site", .hosts = h, .nhosts = 2},
             &hg[0], err) &&
         hostgroup_add(
             db, &sa,
             &(struct hostgroup_spec){
                 .name = "北京机群", .description = "Beijing site", .hosts = &h[2], .nhosts = 1},
             &hg[1], err) &&
         projgroup_add(db, &sa, "web项目组", web, "Web projects", &pg[0], err) &&
         projgroup_add(db, &sa, "默认项目组", def, "Other projects", &pg[1], err) &&
         add_project(db, &projects[0], pg[0], hg[0], &pr[0], err) &&
         add_project(db, &projects[1], pg[1], hg[1], &pr[1], err) &&
         add_storage(db, h[1], pr[0], err) && add_subnets(db, h, pr, err) && add_filters(db, err) &&
         add_networks(db, h, pr, err);
    if (ok) {
        add_images(db, web);
        add_vms(db);
    }
    g_free(web);
    g_free(def);
    return ok;
}

struct db *demo_open(char **dir, struct dv_error *err)
{
    GError *gerr = NULL;
    char *path;
    struct db *db;

    *dir = NULL;
    if (!check_files(err))
        return NULL;
    *dir = g_dir_make_tmp("dosvm-demo-XXXXXX", &gerr);
    if (!*dir) {
        dv_error_set(err, DV_ERR_IO, NULL, _("Cannot create the demo directory: %s."),
                     gerr->message);
        g_error_free(gerr);
        return NULL;
    }
    path = g_build_filename(*dir, "dosvm.db", NULL);
    db = program_open(path, false, err);
    g_free(path);
    if (db && !seed(db, *dir, err)) {
        db_close(db);
        db = NULL;
    }
    return db;
}

/* Remove dir and everything under it. */
void demo_remove(const char *dir)
{
    GDir *d = g_dir_open(dir, 0, NULL);
    const char *name;

    while (d && (name = g_dir_read_name(d))) {
        char *p = g_build_filename(dir, name, NULL);

        if (g_file_test(p, G_FILE_TEST_IS_DIR))
            demo_remove(p);
        else
            g_unlink(p);
        g_free(p);
    }
    if (d)
        g_dir_close(d);
    g_rmdir(dir);
}
