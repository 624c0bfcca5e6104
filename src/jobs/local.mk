# src/jobs/local.mk - background jobs (a thread pool; results ended on the
# owner's thread) and their task records, the Tasks page's data (D11)
src_libdosvmcore_a_SOURCES += \
	src/jobs/job.h src/jobs/job.c \
	src/jobs/task.h src/jobs/task.c
