# tests/fuzz/local.mk - libFuzzer targets of the parsers and validators
# (issue 8): the dosvmd.conf parser, the strict number/size parser and every
# validator.  `make fuzz` builds them with $(CLANG) (clang with libFuzzer,
# Debian: clang and libclang-rt-14-dev or the version matching clang) and runs
# each for FUZZ_TIME seconds on a copy of its corpus (tests/fuzz/corpus-*);
# they are not part of `make check`.  ./configure --enable-fuzz checks for
# clang and libFuzzer up front.  E.g. make fuzz FUZZ_TIME=60 CLANG=clang-14
FUZZ_TARGETS = fuzz-conf fuzz-size fuzz-validate
FUZZ_TIME = 20
FUZZ_CORE = $(top_srcdir)/src/base/validate.c $(top_srcdir)/src/base/util.c \
	$(top_srcdir)/src/base/error.c $(top_srcdir)/src/admin/dosvmd_conf.c
FUZZ_CFLAGS = -g -O1 -std=c11 -fsanitize=fuzzer,address,undefined \
	-fno-sanitize-recover=undefined -fno-omit-frame-pointer
EXTRA_DIST += tests/fuzz/fuzz-conf.c tests/fuzz/fuzz-size.c tests/fuzz/fuzz-validate.c \
	tests/fuzz/corpus-conf tests/fuzz/corpus-size tests/fuzz/corpus-validate

fuzz: fuzz-build
	@fail=0; for t in $(FUZZ_TARGETS); do \
	  c=$${t#fuzz-}; w=tests/fuzz/work-$$c; rm -rf $$w; mkdir -p $$w; \
	  cp $(top_srcdir)/tests/fuzz/corpus-$$c/* $$w/; \
	  ASAN_OPTIONS=detect_leaks=1 tests/fuzz/bin/$$t -max_total_time=$(FUZZ_TIME) \
	    -print_final_stats=1 -artifact_prefix=tests/fuzz/$$t- $$w \
	    > tests/fuzz/$$t.log 2>&1; rc=$$?; \
	  n=$$(sed -n 's/^stat::number_of_executed_units: *//p' tests/fuzz/$$t.log); \
	  if test $$rc -eq 0; then \
	    echo "$$t: $${n:-?} executions in $(FUZZ_TIME) s, no crash"; \
	  else \
	    fail=1; echo "$$t: FAILED (status $$rc) after $${n:-?} executions; see tests/fuzz/$$t.log"; \
	    ls tests/fuzz/$$t-* 2>/dev/null; \
	  fi; \
	done; exit $$fail

fuzz-build:
	@if ! command -v "$(CLANG)" >/dev/null 2>&1; then \
	  echo "make fuzz needs clang with libFuzzer: apt-get install clang libclang-rt-14-dev"; \
	  echo "(or the libclang-rt-N-dev matching clang -v), or make fuzz CLANG=/path/to/clang"; \
	  exit 1; \
	fi
	@mkdir -p tests/fuzz/bin
	@for t in $(FUZZ_TARGETS); do \
	  echo "  CLANG    tests/fuzz/bin/$$t"; \
	  $(CLANG) $(FUZZ_CFLAGS) $(AM_CPPFLAGS) $(CORE_CFLAGS) -o tests/fuzz/bin/$$t \
	    $(top_srcdir)/tests/fuzz/$$t.c $(FUZZ_CORE) $(CORE_LIBS) $(LIBINTL) \
	    > tests/fuzz/bin/$$t.build.log 2>&1 || { cat tests/fuzz/bin/$$t.build.log; \
	    echo "building $$t failed; with a missing libclang_rt.fuzzer: apt-get install" \
	      "libclang-rt-14-dev (the version matching $(CLANG))"; exit 1; }; \
	done

clean-fuzz:
	rm -rf tests/fuzz/bin tests/fuzz/work-* tests/fuzz/fuzz-*.log

.PHONY: fuzz fuzz-build clean-fuzz
