build-bench/tests/vm/helpers/sfprobe.o: tests/vm/helpers/sfprobe.c
