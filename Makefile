# A thin wrapper over ./dev for those who type make.
.PHONY: run test test-quick bench install-deps
run:
	./dev run
test:
	./dev test
test-quick:
	./dev test quick
bench:
	./dev bench
install-deps:
	./dev install-deps
