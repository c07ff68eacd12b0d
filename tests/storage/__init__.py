"""The storage's tests: a package, so that `test_counters.py` beside `storage/counters.py` and
the sync's `test_counters.py` beside `sync/counters.py` are two modules."""
