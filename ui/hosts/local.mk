# ui/hosts/local.mk - the screens of host groups and hosts with their details
# and live charts (manual ch. 6)
ui_dosvm_SOURCES += \
	ui/hosts/scr_hostgroups.c ui/hosts/scr_hosts.c \
	ui/hosts/scr_hostdetail.h ui/hosts/scr_hostdetail.c
