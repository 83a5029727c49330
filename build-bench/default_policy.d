build-bench/default_policy.o: build-bench/default_policy.c
