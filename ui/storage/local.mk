# ui/storage/local.mk - the screens of security objects, storage pools,
# volumes and snapshots, image files (manual ch. 8, 9)
ui_dosvm_SOURCES += \
	ui/storage/scr_secrets.c ui/storage/scr_pools.c \
	ui/storage/scr_volumes.h ui/storage/scr_volumes.c \
	ui/storage/scr_images.c
