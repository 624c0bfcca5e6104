/* vmstate.h - a VM's two states (spec part 2 §0.5) and the toolbar of the
 * VM page (M11.4, table 6.2): which action is allowed in which run state.
 * Pure; the console greys what is not allowed and the operations refuse
 * it with the same reason. */
#ifndef DV_VMSTATE_H
#define DV_VMSTATE_H

#include "base/dv.h"

/* 运行状态, stored in vm.run_state */
enum vm_run {
    VM_SHUTOFF = 0,   /* 关机 */
    VM_RUNNING = 1,   /* 运行 */
    VM_SUSPENDED = 2, /* 挂起 */
    VM_SAVED = 3,     /* 保存停止运行 */
    VM_RUN_COUNT
};

/* A set of run states (bit 1 << state), the same bits as the list engine's
 * LIST_STATE(): the console's toolbar uses these masks as they are. */
#define VM_IN(s)      (1u << (s))
#define VMS_ANY       0u
#define VMS_SHUTOFF   VM_IN(VM_SHUTOFF)
#define VMS_RUNNING   VM_IN(VM_RUNNING)
#define VMS_SUSPENDED VM_IN(VM_SUSPENDED)
#define VMS_SAVED     VM_IN(VM_SAVED)
#define VMS_ACTIVE    (VMS_RUNNING | VMS_SUSPENDED)

/* The run states each VM action needs (spec part 2 M11.4's table), one
 * definition for the rules (vm_action_allowed) and the console's toolbar
 * (ui/vm/scr_vms.c): VMS_ANY = any. */
#define VMA_NEEDS_POWER_ON  VMS_SHUTOFF
#define VMA_NEEDS_POWER_OFF VMS_ACTIVE
#define VMA_NEEDS_REBOOT    VMS_RUNNING
#define VMA_NEEDS_RESET     VMS_RUNNING
#define VMA_NEEDS_SUSPEND   VMS_RUNNING
#define VMA_NEEDS_RESUME    VMS_SUSPENDED
#define VMA_NEEDS_SAVE      VMS_RUNNING
#define VMA_NEEDS_RESTORE   VMS_SAVED
#define VMA_NEEDS_CONSOLE   VMS_ACTIVE /* the serial console (no button of the manual) */

/* The translated labels: 运行状态 and 电源状态 (开启 / 关闭). */
const char *vm_run_label(enum vm_run r);
const char *vm_power_label(bool on);

/* The VM page's buttons in the manual's order (Fig 11-13). */
enum vm_action {
    VMA_TIMER,       /* 定时启停设置 M11.4.1 */
    VMA_MIGRATE,     /* 在线迁移 M11.4.2 */
    VMA_CHECKPOINT,  /* 检查点信息 M11.4.3 */
    VMA_ADD,         /* 新增 M11.4.4a */
    VMA_DELETE,      /* 删除 M11.4.4b */
    VMA_POWER_ON,    /* 开启电源 M11.4.5a */
    VMA_POWER_OFF,   /* 关闭电源 M11.4.5b */
    VMA_START_ERROR, /* 启动错误信息 M11.4.5c */
    VMA_REBOOT,      /* 重启 M11.4.6a */
    VMA_RESET,       /* 重置 M11.4.6b */
    VMA_SUSPEND,     /* 挂起 M11.4.7a */
    VMA_RESUME,      /* 恢复 M11.4.7b */
    VMA_SAVE,        /* 保存 M11.4.8a */
    VMA_RESTORE,     /* 还原 M11.4.8b */
    VMA_COUNT
};

/* What the rules look at. */
struct vm_action_ctx {
    bool selected;        /* a VM is selected */
    enum vm_run run;      /* its run state */
    bool instance_active; /* 管理状态 激活 */
    bool unique;          /* the instance is unique */
    int nvms;             /* VMs the instance has */
    bool bound_host;      /* the instance is bound to a host */
};

/* The button's label (msgid; translate it when shown). */
const char *vm_action_label(enum vm_action a);

/* Whether a is allowed in c; when not, *why (may be NULL) points to the
 * translated reason ("Select a VM first", "Only a running VM can be
 * rebooted", ...). */
bool vm_action_allowed(enum vm_action a, const struct vm_action_ctx *c, const char **why);

/* The run state an action is skipped in by a bulk action, because the VM
 * is there already (power on: running; power off: shut off ...), or -1. */
int vm_action_target(enum vm_action a);

#endif
