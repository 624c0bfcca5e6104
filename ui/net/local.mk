# ui/net/local.mk - the network pages of both roles (manual ch. 10)
ui_dosvm_SOURCES += ui/net/scr_networks.c
ui_dosvm_SOURCES += ui/net/scr_subnets.c ui/net/scr_subnetprojects.c
ui_dosvm_SOURCES += ui/net/scr_filters.c ui/net/scr_secgroups.c
