# ui/admin/local.mk - the screens of accounts, logs and parameters
# (manual ch. 5, 13)
ui_dosvm_SOURCES += \
	ui/admin/userforms.h ui/admin/userforms.c \
	ui/admin/scr_users.c ui/admin/scr_profile.c ui/admin/scr_about.c \
	ui/admin/scr_logs.c ui/admin/scr_purge.c ui/admin/scr_params.c ui/admin/scr_site.c
