/* screens.h - the console's pages, one module each (ui/scr_*.c). */
#ifndef DV_SCREENS_H
#define DV_SCREENS_H

#include "app.h"

extern const struct screen_ops scr_users;      /* M5.4.1-M5.4.7 系统用户信息 */
extern const struct screen_ops scr_about;      /* M5.4b 关于本软件 */
extern const struct screen_ops scr_profile;    /* M5.5.1-M5.5.3 个人信息管理 */
extern const struct screen_ops scr_oplog;      /* M13.1.1 操作日志信息 */
extern const struct screen_ops scr_loginlog;   /* M13.1.2 登录日志信息 */
extern const struct screen_ops scr_purge;      /* M13.1.3 清理历史日志 */
extern const struct screen_ops scr_purgelog;   /* M13.1.4 日志清理记录 */
extern const struct screen_ops scr_params;     /* M13.2.1 系统运行参数配置 */
extern const struct screen_ops scr_site;       /* M13.2.2 管理网站参数配置 */
extern const struct screen_ops scr_projects;   /* M7.2.1 项目信息配置 */
extern const struct screen_ops scr_projgroups; /* M7.2.2 项目组管理 */
extern const struct screen_ops scr_usage;      /* M7.3.1 项目资源使用情况 */
extern const struct screen_ops scr_myusage;    /* M7.3.2 资源使用情况 */
extern const struct screen_ops scr_hostgroups; /* M6.2.1.1 宿主机群信息 */
extern const struct screen_ops scr_hosts;      /* M6.2.2.1 宿主机信息 */
extern const struct screen_ops scr_secrets;    /* M8.2a 安全对象信息 */
extern const struct screen_ops scr_pools;      /* M9.3.1 系统存储池信息 */
extern const struct screen_ops scr_mypools;    /* M9.4.1 项目存储池信息 */
extern const struct screen_ops scr_images;     /* M9.5.1 镜像文件信息 */
extern const struct screen_ops scr_filters;    /* M10.2.3.1 过滤器信息 */
extern const struct screen_ops scr_secgroups;  /* M10.2.4.1 安全组信息 */
extern const struct screen_ops scr_pafilters;  /* OP-14: 过滤器信息, read-only */
extern const struct screen_ops scr_pasecgroups; /* OP-14: 安全组信息, read-only */
extern const struct screen_ops scr_networks;   /* M10.3.1 网络信息 */
extern const struct screen_ops scr_tasks;      /* issue 7 (D11) 任务列表 */
extern const struct screen_ops scr_projvms;    /* M11.1 项目虚拟机信息 */
extern const struct screen_ops scr_instances;  /* M11.3a 虚拟机实例信息 */

/* chapter 10: networks */
extern const struct screen_ops scr_subnets;        /* M10.2.1.1 子网信息 */
extern const struct screen_ops scr_subnetprojects; /* M10.2.2.1 子网的项目配置信息 */

#endif
