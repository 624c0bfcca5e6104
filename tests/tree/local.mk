# tests/tree/local.mk - checks over the source tree: the catalogue, the
# boundaries between the parts
SH_TESTS += tests/tree/check-po.sh tests/tree/check-boundaries.sh
