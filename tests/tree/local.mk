# tests/tree/local.mk - checks over the source tree: the catalogue, the
# boundaries between the parts
SH_TESTS += tests/tree/check-po.sh tests/tree/check-boundaries.sh
# units match labels: sizes in MiB, decimal units only where explained (issue 9)
SH_TESTS += tests/tree/check-units.sh
