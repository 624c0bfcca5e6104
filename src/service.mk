# src/service.mk - hosts, libvirt, metrics and the dosvmd service (included by Makefile.am)
