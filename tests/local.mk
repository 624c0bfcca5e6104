# tests/local.mk - every test tier, run by `make check` under the TAP driver.
# tests/<domain>/ mirrors src/<domain>/; tests/lib holds the harness (TAP,
# fixtures, the tmux driver, dvtool), tests/data the golden files, tests/tree
# the checks over the source tree itself.
TEST_EXTENSIONS = .sh
LOG_DRIVER = env AM_TAP_AWK='$(AWK)' $(SHELL) $(top_srcdir)/build-aux/tap-driver.sh
SH_LOG_DRIVER = $(LOG_DRIVER)
SH_LOG_COMPILER = $(SHELL)

AM_TESTS_ENVIRONMENT = \
	top_srcdir='$(abs_top_srcdir)'; export top_srcdir; \
	top_builddir='$(abs_top_builddir)'; export top_builddir; \
	DOSVM_LOCALEDIR='$(abs_top_builddir)/locale'; export DOSVM_LOCALEDIR; \
	DOSVM_DATADIR='$(abs_top_srcdir)/data'; export DOSVM_DATADIR; \
	TZ=UTC; export TZ; \
	ASAN_OPTIONS='detect_leaks=0:abort_on_error=1'; export ASAN_OPTIONS; \
	UBSAN_OPTIONS='print_stacktrace=1:halt_on_error=1'; export UBSAN_OPTIONS;

TEST_LDADD = $(CORE_LIBS_ALL)
LDADD = $(TEST_LDADD)

# tier 1-2 (C, TAP): each domain's fragment adds its programs
C_TESTS =
# tier 5: the console end to end in tmux
E2E_TESTS =
# the zh_CN twins of the e2e scripts (below; a tier-4 e2e script adds its own)
E2E_ZH_TESTS =
# TAP scripts: tier 4 (a real libvirtd, skipped without one), tier 6
# (dosvmd end to end) and the tree checks
SH_TESTS =
check_PROGRAMS = tests/lib/dvtool
EXTRA_DIST += tests/lib/tap.h tests/lib/testdb.h tests/lib/testcheck.h tests/lib/golden.h \
	tests/lib/tui.sh tests/lib/libvirtd.sh tests/lib/svc.sh tests/lib/guest.sh \
	tests/lib/twohosts.sh tests/lib/ctl.sh
# tier 4: the tiny real guest of tests/lib/guest.sh boots, runs a typed
# command, writes its disk and powers off on the ACPI button
SH_TESTS += tests/lib/svc-guest.sh

include tests/base/local.mk
include tests/db/local.mk
include tests/jobs/local.mk
include tests/xml/local.mk
include tests/virt/local.mk
include tests/admin/local.mk
include tests/hosts/local.mk
include tests/projects/local.mk
include tests/storage/local.mk
include tests/net/local.mk
include tests/vm/local.mk
include tests/daemon/local.mk
include tests/cli/local.mk
include tests/ui/local.mk
include tests/tree/local.mk
include tests/fuzz/local.mk

check_PROGRAMS += $(C_TESTS)
# tier 5 in Chinese: each script of E2E_TESTS runs again as its twin
# tests/<domain>/e2e-NAME.zh, a generated script that runs it with
# DOSVM_TEST_LANG=zh (tests/lib/tui.sh: the console under zh_CN.UTF-8, every
# expected text through the catalogue), so a failure names script and language
E2E_ZH_TESTS += $(E2E_TESTS:.sh=.zh)
check_SCRIPTS = $(E2E_ZH_TESTS)
CLEANFILES += $(E2E_ZH_TESTS)
SUFFIXES = .sh .zh
.sh.zh:
	$(AM_V_GEN)$(MKDIR_P) $(@D) && \
	{ echo '#!$(SHELL)'; \
	  echo '# generated from $*.sh: that script in Chinese'; \
	  echo 'DOSVM_TEST_LANG=zh exec $(SHELL) "$$top_srcdir/$*.sh" "$$@"'; } >$@.tmp && \
	chmod +x $@.tmp && mv -f $@.tmp $@
TESTS = $(C_TESTS) $(E2E_TESTS) $(E2E_ZH_TESTS) $(SH_TESTS)
EXTRA_DIST += $(E2E_TESTS) $(SH_TESTS)
