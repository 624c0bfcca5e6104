#!/bin/bash
# e2e-zh.sh - the login and user-management flow in Chinese, with Chinese
# input, and table columns that line up by display width (D5)
# features: M5.1 M5.2 M5.4a M5.4b M5.4.1 M5.4.3 M5.4.7a M5.5.1
. "$top_srcdir/tests/lib/tui.sh"

if ! locale -a 2>/dev/null | grep -qiE '^zh_CN\.utf-?8$'; then
  echo "1..0 # SKIP the zh_CN.UTF-8 locale is not generated (locale-gen)"
  exit 0
fi

init_db
add_admin bob "王小明" bobpw

# col TEXT LINE-PATTERN: display column where TEXT starts on the first screen
# line matching LINE-PATTERN (GNU wc -L counts a Chinese character as 2)
col() {
  local line prefix
  line=$(screen | grep -m1 -- "$2") || { echo -1; return; }
  prefix=${line%%"$1"*}
  printf '%s' "$prefix" | LC_ALL=zh_CN.UTF-8 wc -L
}

QUIT_TEXT="退出 dosvm 吗？"
tui_start --lang zh -- --db "$DB"
check_screen "the login screen is in Chinese" "登录管理系统"
check_screen "the product name is shown" "数字有机体虚拟机系统"
tui_login sysadm wrong
check_screen "a wrong password is refused in Chinese (M5.2)" "账号或密码错误。"
tui_login sysadm 123456
check_screen "the sysadm's page is 系统用户信息 (M5.4a)" "系统用户信息"
check_screen "the module bar shows 用户管理 (M5.1)" "1 用户管理"
check_screen "the module bar shows 项目管理" "2 项目管理"
check_screen "the module bar shows 安全对象管理" "3 安全对象管理"
check_screen "the module bar shows 存储池管理" "4 存储池管理"
check_screen "the module bar shows 宿主机群管理" "5 宿主机群管理"
tui_module "System parameters"
check_screen "the module bar shows 操作日志管理" "6 操作日志管理"
check_screen "the module bar shows 系统参数配置" "7 系统参数配置"
tui_module "User management"
check_screen "the toolbar uses the manual's words" "[a]新增 [e]修改基本信息 [p]修改密码 [d]删除"
check_screen "the query row has 查询 and 重置" "[查询] [重置]"
check_screen "the paging bar is the manual's" "第 1 - 1 个 (共 1 项目数)"

# columns line up: the account column starts where its header does
hdr=$(col "账号" "序号")
row=$(col "bob" "王小明")
check "the account column lines up under its header ($hdr = $row)" test "$hdr" -gt 0 -a "$hdr" = "$row"
hdr=$(col "禁用标记" "序号")
row=$(col "正常" "王小明")
check "the disabled-flag column lines up under its header ($hdr = $row)" test "$hdr" -gt 0 -a "$hdr" = "$row"

# add an admin with Chinese input; the refusals in Chinese (M5.4.3)
add_zh() { # NAME ACCOUNT SYSPW PW
  tui_keys a
  tui_wait "新增项目管理员" 5
  tui_field "$1"; tui_field "$2"; tui_field ""; tui_field ""; tui_field "成都市"; tui_field "中文描述"; tui_field ""
  tui_field "$3"; tui_field "$4"; tui_keys C-u; tui_type "$4"; tui_keys Enter
}
add_zh "张三丰" zhang 123456 12345678901234567
check_screen "a 17-character password is refused in Chinese" "不超过 16 位"
tui_keys Escape
add_zh "张三丰" zhang wrong pw
check_screen "a wrong sysadm password is refused in Chinese" "系统管理员密码错误，系统拒绝操作。"
tui_keys Escape
check_sql "the refusals created nothing" "SELECT count(*) FROM user WHERE account = 'zhang'" 0
add_zh "张三丰" zhang 123456 zhangpw
check_screen "the admin is added" "已新增项目管理员。"
check_sql "the Chinese fields are stored as typed" \
  "SELECT name_zh || address || description FROM user WHERE account = 'zhang'" "张三丰成都市中文描述"
check_screen "the new row shows its Chinese name" "张三丰"

# fuzzy query by a Chinese substring (M5.4.1)
tui_keys /
tui_type "三丰"
tui_keys Enter Escape
check_screen "a Chinese substring finds the admin" "第 1 - 1 个 (共 1 项目数)"

# freeze shows 冻结 in 禁用标记 (M5.4.7a)
tui_keys f
tui_wait "冻结用户" 5
tui_keys Enter
check_screen "the frozen flag shows as 冻结" "已冻结用户“zhang”。"
check_screen "the row shows 冻结" "冻结"

# about (M5.4b)
tui_keys Escape Down
check_screen "the about page names the copyright holder" "成都天心悦高科技发展有限公司"
tui_keys F8
tui_login zhang zhangpw
check_screen "a frozen admin is refused in Chinese" "该账号已被冻结"
tui_login bob bobpw
check_screen "a project admin sees 个人信息管理 (M5.1, M5.5.1)" "个人信息管理"
tui_module "Personal information management"
check_screen "the personal page has 管理的项目名称" "管理的项目名称"
tui_keys e
check_screen "actions wait for a selection, in Chinese" "请先选择一条记录。"
tui_quit

finish
