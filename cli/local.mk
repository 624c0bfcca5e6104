# cli/local.mk - the command-line tools beside the console (issue 12):
# dosvm-cert, the libvirt TLS certificates of manual 4.4.4
bin_PROGRAMS += cli/dosvm-cert
cli_dosvm_cert_SOURCES = cli/dosvm-cert.c
cli_dosvm_cert_LDADD = $(CORE_LIBS_ALL)
dist_man_MANS += doc/dosvm-cert.1
# dosvmctl, the scriptable twin of the console's actions
bin_PROGRAMS += cli/dosvmctl
cli_dosvmctl_SOURCES = cli/dosvmctl.c cli/ctlout.h cli/ctlout.c cli/ctl.h cli/ctl.c \
	cli/ctl_admin.c cli/ctl_hosts.c cli/ctl_projects.c cli/ctl_storage.c \
	cli/ctl_volumes.c cli/ctl_net.c cli/ctl_vm.c
cli_dosvmctl_LDADD = $(CORE_LIBS_ALL)
dist_man_MANS += doc/dosvmctl.1
