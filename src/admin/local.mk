# src/admin/local.mk - the system's administration (manual ch. 5 and 13.2):
# opening a program's database, accounts, runtime and site parameters, the
# dosvmd.conf file
src_libdosvmcore_a_SOURCES += \
	src/admin/program.h src/admin/program.c \
	src/admin/user.h src/admin/user.c \
	src/admin/param.h src/admin/param.c \
	src/admin/siteparam.h src/admin/siteparam.c \
	src/admin/dosvmd_conf.h src/admin/dosvmd_conf.c
