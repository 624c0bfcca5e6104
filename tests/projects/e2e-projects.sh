#!/bin/bash
# e2e-projects.sh - project groups, projects, their configuration (quota,
# admins, host groups), activation, deletion and resource usage
# features: M7.2.1 M7.2.1.1a M7.2.1.1b M7.2.1.2 M7.2.1.3a M7.2.1.3b M7.2.1.3d M7.2.1.5a M7.2.1.5b M7.2.2 M7.2.2.1 M7.2.2.2 M7.2.2.3 M7.2.2.4 M7.2.2.5 M7.2.2.6 M7.3.1 M7.3.2 M5.4.3
. "$top_srcdir/tests/lib/tui.sh"

init_db
add_admin alice "爱丽丝" alicepw
add_admin bob "王小明" bobpw

count() { sql "SELECT count(*) FROM $1"; }
pid() { sql "SELECT id FROM project WHERE name = '$1'"; }

# query TEXT: the first query field of the page, then back to the table
query() { tui_keys /; tui_keys C-u; tui_type "$1"; tui_keys Enter Escape; }
# open_page N: the N-th page of the current module's left pane
open_page() { tui_page "$1"; }

tui_start -- --db "$DB"
tui_login sysadm 123456
tui_module "Project management"
check_screen "项目管理 opens the project list (M7.2.1)" "Project information"
check_screen "the left pane has the project group page (M7.2.2)" "Project groups"

# ---- M7.2.1.1a without a project group
tui_keys a
check_screen "adding a project without a project group is refused with a hint" \
  "There is no project group: first create one in project group management."
check_sql "nothing was added" "SELECT count(*) FROM project" 0

# ---- M7.2.2.2 project groups
open_page 2
check_screen "the project group page opens" "Project group management"
add_group() { # NAME DIR
  tui_keys a; tui_wait "Add project group" 5
  tui_field "$1"; tui_field "$2"; tui_keys C-u; tui_type "组描述"; tui_keys Enter
}
add_group "web组" "$TMPD/groups/web"
check_screen "a project group is added" "The project group was added."
check "its file directory was created" test -d "$TMPD/groups/web"
add_group "web组" "$TMPD/groups/other"
check_screen "a duplicate group name is refused (M7.2.2.2)" "$(t "The project group '%s' already exists." web组)"
tui_discard
add_group "db组" "relative/dir"
check_screen "a relative directory is refused" "$(t "%s must be an absolute path (starting with '/')." "$(t 'File save directory')")"
tui_discard
add_group "db组" "$TMPD/groups/db"
check_screen "the list shows one row per group without projects (M7.2.2.1)" "$(items 1 2 2)"
check_sql "two groups exist" "SELECT count(*) FROM project_group" 2

# ---- M7.2.1.1a add projects
open_page 1
add_project() { # NAME: in web组, the second group by name (after db组)
  tui_keys a; tui_wait "Add project" 5
  tui_keys Space Tab; tui_field "$1"; tui_keys C-u; tui_type "$1 的描述"; tui_keys Enter
}
add_project "网站"
check_screen "a project is added (M7.2.1.1a)" "The project was added."
check_sql "it is inactive with every quota 0" \
  "SELECT active, max_instances + max_vcpus + max_mem_mb + max_disk_mb + max_image_mb + max_images + max_snapshots FROM project WHERE name = '网站'" "0|0"
check_sql "it is a member of the chosen group" \
  "SELECT g.name FROM project_group_member m JOIN project_group g ON g.id = m.group_id WHERE m.project_id = $(pid 网站)" "web组"
add_project "网站"
check_screen "a duplicate project name is refused" "$(t "The project '%s' already exists." 网站)"
tui_discard
add_project "数据库"
check_screen "the list shows both projects" "$(items 1 2 2)"
check_screen "the active column shows Inactive" "Inactive"

# ---- M7.2.1 query by name and by activation
query "据"
check_screen "a partial name finds the project (M7.2.1)" "$(items 1 1 1)"
tui_keys /; tui_keys C-u Tab Space Enter Escape
check_screen "name and Active together find nothing yet" "$(items 0 0 0)"
tui_keys /; tui_keys C-u Tab Space Enter Escape
check_screen "Inactive finds both" "$(items 1 2 2)"
tui_keys /; tui_keys Tab Space Enter Escape
check_screen "All again" "$(items 1 2 2)"

# ---- M7.2.1.2 edit
query "网站"
tui_keys e; tui_wait "Modify project basic information" 5
check_no_screen "the group cannot be changed here (M7.2.1.2)" "$(t 'Project group'):"
tui_keys C-u; tui_type "网站平台"; tui_keys Tab C-u; tui_type "新的描述"; tui_keys Enter
check_screen "the project is saved" "The project was saved."
check_sql "name and description are stored" "SELECT description FROM project WHERE name = '网站平台'" "新的描述"

# ---- M7.2.1.3a quota
query "网站平台"
tui_keys c; tui_wait "Configure project" 5
check_screen "the configuration offers the manual's tabs" "Project quota"
tui_keys Enter
check_screen "the quota tab opens" "Max VM instances"
check_screen "... with the snapshot quota as the manual names it" "Max disk snapshots"
tui_field 10; tui_field 20; tui_field 4096; tui_field 102400; tui_field 2048; tui_field 5; tui_keys C-u; tui_type -1; tui_keys Enter
check_screen "a negative quota is refused, naming the field" "$(t '%s must be between %ld and %ld.' "$(t 'Max disk snapshots')" 0)"
check_sql "the refused quota wrote nothing" "SELECT max_instances FROM project WHERE name = '网站平台'" 0
tui_keys NPage C-u; tui_type 3; tui_keys Enter
check_screen "the quota is saved" "$(t "The quota of '%s' was saved." 网站平台)"
check_sql "the quota is stored" \
  "SELECT max_instances, max_vcpus, max_mem_mb, max_disk_mb, max_image_mb, max_images, max_snapshots FROM project WHERE name = '网站平台'" \
  "10|20|4096|102400|2048|5|3"

# ---- M7.2.1.3b admins: alice joins; an admin of another project is not offered
tui_keys c; tui_wait "Configure project" 5; tui_keys Down Enter
check_screen "the admin tab lists the free admins" "[ ] 爱丽丝 (alice)"
tui_keys Space Enter
check_screen "the admins are saved" "The project configuration was saved."
check_sql "alice manages the project" "SELECT p.name FROM user u JOIN project p ON p.id = u.project_id WHERE u.account = 'alice'" "网站平台"
check_screen "the list shows the admin (M7.2.1)" "爱丽丝"
query "数据库"
tui_keys c; tui_wait "Configure project" 5; tui_keys Down Enter
check_screen "the other project's admin tab opens" "王小明 (bob)"
check_no_screen "an admin of another project is not offered" "爱丽丝 (alice)"
tui_keys Escape

# ---- M5.4.3 the project field of the add-admin dialog
tui_module "User management"
tui_keys a; tui_wait "Add project administrator" 5
tui_field "周六福"; tui_field carol; tui_field ""; tui_field ""; tui_field ""; tui_field ""
tui_keys Space Space
tui_keys Tab; tui_field 123456; tui_field carolpw; tui_keys C-u; tui_type carolpw; tui_keys Enter
check_screen "an admin is added with a project (M5.4.3)" "The project administrator was added."
check_sql "the new admin manages the chosen project" \
  "SELECT p.name FROM user u JOIN project p ON p.id = u.project_id WHERE u.account = 'carol'" "网站平台"
check_screen "the user list shows the managed project (M5.4.1)" "网站平台"
tui_module "Project management"

# ---- M7.2.1.5 inactive projects refuse their admins
PANE=b tui_start -- --db "$DB"
PANE=b tui_login alice alicepw
PANE=b tui_wait "Resource usage" 10
PANE=b tui_module "Resource usage"
PANE=b check_screen "an admin of an inactive project is refused in the project modules (M7.2.1.5b)" \
  "$(t_clause "The project '%s' is deactivated; it cannot be managed until the system administrator activates it again." 网站平台)"
query "网站平台"
tui_keys t
check_screen "the project is activated (M7.2.1.5a)" "$(t "The project '%s' is active." 网站平台)"
check_sql "the flag is stored" "SELECT active FROM project WHERE name = '网站平台'" 1
tui_keys t
check_screen "activating again only informs" "The project is already active."
PANE=b tui_keys F5
PANE=b check_screen "its admin sees the gauges now (M7.3.2)" "$(t 'Resource usage: %s' 网站平台)"
PANE=b check_screen "the gauges show used against max with the percentage" "0 / 10 (0.00%)"
PANE=b check_screen "every quota has a gauge: disk snapshots" "0 / 3 (0.00%)"
PANE=b check_screen "each gauge is labelled as in the manual" "VM instances"
tui_keys s
check_screen "the project is deactivated (M7.2.1.5b)" "$(t "The project '%s' is inactive." 网站平台)"
PANE=b tui_keys F5
PANE=b check_screen "its admin is refused again" \
  "$(t_clause "The project '%s' is deactivated; it cannot be managed until the system administrator activates it again." 网站平台)"
tui_keys t

# ---- M7.3.1 the sysadm's usage table
open_page 3
check_screen "the usage page lists the projects (M7.3.1)" "Project resource usage"
check_screen "it shows instances created against max" "0 / 10"
# (a table wider than 80x24 scrolls sideways to its last column)
tui_scroll_to "$(t '%lldd %02lld:%02lld:%02lld' 0 00 00 00)" 5
check_screen "it shows the accumulated VCPU time" "$(t '%lldd %02lld:%02lld:%02lld' 0 00 00 00)"
tui_scroll_back

# ---- M7.2.2.5 / M7.2.2.6 project group memberships
open_page 2
query "db组"
tui_keys j; tui_wait "Add project to project group" 5
tui_keys F2
check_screen "a project joins a second group (M7.2.2.5)" "The project was added to the project group."
n=$(count project_group_member)
tui_keys j; tui_wait "Add project to project group" 5
tui_keys F2
check_screen "an existing membership is refused" "The project is already in this project group."
tui_keys Escape
check "the refused join wrote nothing" test "$(count project_group_member)" = "$n"
query "web组"
tui_keys d; tui_wait "Delete project group" 5; tui_keys Enter
check_screen "a group with projects cannot be deleted (M7.2.2.4)" "The project group still contains projects; remove them first."
query "db组"
tui_keys x; tui_wait "Remove project from project group" 5; tui_keys Enter
check_screen "the membership is removed (M7.2.2.6)" "The project was removed from the project group."
query "web组"
tui_keys Home x; tui_wait "Remove project from project group" 5; tui_keys Enter
check_screen "a project's last group cannot be left (OP-21)" "A project must stay in at least one project group."

# ---- M7.2.2.3 modify a group
query "db组"
tui_keys e; tui_wait "Modify project group" 5
tui_keys C-u; tui_type "数据库组"; tui_keys Tab C-u; tui_type "$TMPD/groups/db2"; tui_keys F2
check_screen "the group is saved (M7.2.2.3)" "$(t_clause 'The project group was saved; images already stored keep their paths.')"
check_sql "name and directory are stored" "SELECT file_dir FROM project_group WHERE name = '数据库组'" "$TMPD/groups/db2"
query "数据库组"
tui_keys d; tui_wait "Delete project group" 5; tui_keys Enter
check_screen "an empty group is deleted (M7.2.2.4)" "$(t "The project group '%s' was deleted." 数据库组)"

# ---- M7.2.1.1b delete a project: its admins become unassigned
open_page 1
query "网站平台"
tui_keys d; tui_wait "Delete project" 5; tui_keys Enter
check_screen "the project is deleted (M7.2.1.1b)" "$(t "The project '%s' was deleted." 网站平台)"
check_sql "its admins are unassigned" "SELECT count(*) FROM user WHERE project_id IS NOT NULL AND account IN ('alice', 'carol')" 0
check_sql "its memberships are gone" "SELECT count(*) FROM project_group_member WHERE project_id NOT IN (SELECT id FROM project)" 0
check_sql "every change was audited" \
  "SELECT count(*) FROM op_log WHERE action IN ('Add project', 'Delete project', 'Activate project', 'Deactivate project', 'Modify project quota', 'Add project group')" 9
tui_quit

finish
