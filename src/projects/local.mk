# src/projects/local.mk - projects, their quotas and usage, project groups
# (manual ch. 7)
src_libdosvmcore_a_SOURCES += \
	src/projects/project.h src/projects/project.c \
	src/projects/projgroup.h src/projects/projgroup.c
