# src/storage/local.mk - security objects, storage pools, volumes with their
# incremental snapshots, image files (manual ch. 8 and 9)
src_libdosvmcore_a_SOURCES += \
	src/storage/secret.h src/storage/secret.c \
	src/storage/pool.h src/storage/pool.c \
	src/storage/poolsite.h src/storage/poolsite.c \
	src/storage/volume.h src/storage/volume.c \
	src/storage/image.h src/storage/image.c
