# ui/vm/local.mk - the VM pages of both roles (manual ch. 11, M7.2.1.4)
ui_dosvm_SOURCES += ui/vm/scr_vms.c ui/vm/vmpages.h ui/vm/scr_instances.c ui/vm/console.c \
	ui/vm/instedit.c ui/vm/instedit.h ui/vm/instdraft.h ui/vm/insttables.c
