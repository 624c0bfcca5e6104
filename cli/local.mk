# cli/local.mk - the command-line tools beside the console (issue 12):
# dosvm-cert, the libvirt TLS certificates of manual 4.4.4
bin_PROGRAMS += cli/dosvm-cert
cli_dosvm_cert_SOURCES = cli/dosvm-cert.c
cli_dosvm_cert_LDADD = $(CORE_LIBS_ALL)
dist_man_MANS += doc/dosvm-cert.1
