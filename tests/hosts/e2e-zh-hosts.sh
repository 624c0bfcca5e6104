#!/bin/bash
# e2e-zh-hosts.sh - host details with charts and project configuration in
# Chinese: the manual's labels, Chinese input, and aligned columns
# features: M6.2.2.1 M6.2.2.2a M6.2.2.2b M7.2.1.3a M7.2.1.3b M7.2.1.3d M7.3.2
. "$top_srcdir/tests/lib/tui.sh"

if ! locale -a 2>/dev/null | grep -qiE '^zh_CN\.utf-?8$'; then
  echo "1..0 # SKIP the zh_CN.UTF-8 locale is not generated (locale-gen)"
  exit 0
fi

init_db
add_host 成都一号 1
add_admin alice "爱丽丝" alicepw
sql "UPDATE host SET cpu_pct = 33.5, mem_pct = 60, net_mbps = 1.5 WHERE name = '成都一号'"
QUIT_TEXT="退出 dosvm 吗？"

tui_start --lang zh -- --db "$DB"
tui_login sysadm 123456

# ---- host list and details in Chinese
tui_module "Host group management"
check_screen "the module's pages are 宿主机群信息 and 宿主机信息" "宿主机信息"
tui_keys Escape Down Enter
check_screen "the host list is titled 宿主机信息 (M6.2.2.1)" "宿主机信息"
check_screen "the toolbar has 详细信息 and 历史信息" "[i]详细信息 [h]历史信息"
check_screen "the Chinese host name is listed" "成都一号"
check_screen "the state is 运行" "运行"
tui_keys i
check_screen "details open in Chinese (M6.2.2.2a)" "宿主机详细信息：成都一号"
check_screen "the static information uses the manual's labels" "CPU型号"
check_screen "... 允许最大VCPU数" "允许最大VCPU数"
check_screen "the CPU chart shows the load" "33.50"
check_screen "the refresh interval is labelled as in the manual" "宿主机动态信息刷新时间(秒)"
tui_keys C-u; tui_type 4; tui_keys Enter
check_screen "a short interval is refused in Chinese (M6.2.2.2b)" "必须在 5 到"
tui_keys C-u; tui_type 5; tui_keys Enter
check_screen "a valid interval answers 设置成功" "设置成功。"
tui_keys Escape
tui_gone "宿主机详细信息" 5

# ---- project configuration in Chinese
sqlite3 "$DB" "INSERT INTO project_group(name, file_dir, created_at) VALUES ('默认组', '/tmp', 0)"
tui_module "Project management"
tui_keys a; tui_wait "新增项目" 5
tui_keys Tab; tui_type "网站平台"; tui_keys Tab; tui_type "中文描述"; tui_keys Enter
check_screen "a project with a Chinese name is added" "已新增项目。"
tui_keys c
check_screen "配置项目 offers the manual's tabs" "项目的配额信息"
tui_keys Enter
check_screen "the quota form uses the manual's labels (M7.2.1.3a)" "最大虚拟机实例数"
check_screen "... 最大磁盘快照数" "最大磁盘快照数"
for v in 10 20 4096 10240 2048 5; do tui_field $v; done
tui_keys C-u; tui_type 3; tui_keys Enter
check_screen "the quota is saved, in Chinese" "项目“网站平台”的配额已保存。"
tui_keys c; tui_wait "项目管理员" 5; tui_keys Down Enter
check_screen "the admin tab lists the admin by Chinese name (M7.2.1.3b)" "[ ] 爱丽丝 (alice)"
tui_keys Space Enter
check_screen "the configuration is saved" "项目配置已保存。"
check_screen "the list shows the admin's Chinese name" "爱丽丝"
tui_keys t
check_screen "the project is activated: 已激活" "已激活"
check_sql "alice manages it" "SELECT p.name FROM user u JOIN project p ON p.id = u.project_id WHERE account = 'alice'" "网站平台"

# ---- the admin's gauges in Chinese (M7.3.2)
PANE=b tui_start --lang zh -- --db "$DB"
PANE=b tui_login alice alicepw
PANE=b tui_wait "资源使用情况" 10
PANE=b tui_module "Resource usage"
PANE=b check_screen "the admin's gauges are titled 资源使用情况" "资源使用情况：网站平台"
PANE=b check_screen "each gauge is labelled as in the manual" "虚拟机实例数"
PANE=b check_screen "with used / max" "0 / 10 (0.00%)"
tui_quit

finish
