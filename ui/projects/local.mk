# ui/projects/local.mk - the screens of projects, project groups and resource
# usage (manual ch. 7)
ui_dosvm_SOURCES += \
	ui/projects/scr_projects.c ui/projects/scr_projgroups.c ui/projects/scr_usage.c
