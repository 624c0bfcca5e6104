# tests/base/local.mk - validators, time and text helpers, passwords, sealing,
# chart maths
C_TESTS += tests/base/test-validate tests/base/test-util tests/base/test-auth \
	tests/base/test-seal tests/base/test-chartmath
