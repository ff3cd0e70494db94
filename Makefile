# A thin wrapper over ./dev for those who type make.
.PHONY: run test test-quick bench package install-deps
run:
	./dev run
test:
	./dev test
test-quick:
	./dev test quick
bench:
	./dev bench
package:
	./dev package
install-deps:
	./dev install-deps
