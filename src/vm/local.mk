# src/vm/local.mk - VM instances and VMs (manual ch. 11): the instance
# definition, its records, placement and the VMs' power operations
src_libdosvmcore_a_SOURCES += \
	src/vm/instspec.h src/vm/instspec.c \
	src/vm/instance.h src/vm/instance.c \
	src/vm/instrec.c \
	src/vm/placement.h src/vm/placement.c \
	src/vm/vmstate.h src/vm/vmstate.c \
	src/vm/vm.h src/vm/vm.c \
	src/vm/reconcile.h src/vm/reconcile.c src/vm/vmreconcile.c \
	src/vm/vmevents.h src/vm/vmevents.c \
	src/vm/vmpower.h src/vm/vmop.h src/vm/vmop.c src/vm/vmstart.c src/vm/vmpower.c src/vm/vmmigrate.c \
	src/vm/checkpoint.h src/vm/checkpoint.c
