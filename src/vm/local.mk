# src/vm/local.mk - VM instances and VMs (manual ch. 11): the instance
# definition, its records, placement and the VMs' power operations
src_libdosvmcore_a_SOURCES += \
	src/vm/instspec.h src/vm/instspec.c
