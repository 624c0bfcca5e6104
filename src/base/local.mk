# src/base/local.mk - what every other part uses: errors, time and text
# helpers, display width, field validators, passwords, sealing, chart maths
src_libdosvmcore_a_SOURCES += \
	src/base/dv.h src/base/error.c \
	src/base/util.h src/base/util.c \
	src/base/command.h src/base/command.c \
	src/base/textwidth.h src/base/textwidth.c \
	src/base/validate.h src/base/validate.c \
	src/base/hosturi.h src/base/hosturi.c \
	src/base/auth.h src/base/auth.c \
	src/base/seal.h src/base/seal.c \
	src/base/chartmath.h src/base/chartmath.c
