# ui/jobs/local.mk - the Tasks page over the background jobs (D11)
ui_dosvm_SOURCES += ui/jobs/scr_tasks.c
