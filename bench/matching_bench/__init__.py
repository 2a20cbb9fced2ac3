"""What the mutual-choice benchmark (`bench/matching_requests.py`) needs: the program it runs
in and who asks whom (`program`), requests sent at a fixed concurrency and what they returned
(`load`), the bare-driver writes beside them (`floor`) and the invariants checked afterwards
(`checks`).

A package rather than modules beside the script, so `make bench` (every `bench/*.py`) runs
only the benchmarks themselves.
"""
