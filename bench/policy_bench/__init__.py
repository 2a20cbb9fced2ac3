"""What the policy benchmark (`bench/policy_reads.py`) needs: a seeded company with its
apprenticeships and talent reserves (`world`, `apprenticeships`, `reserves`), the bare-driver
reads of the same documents (`floors`) and a counter of the commands a read sends
(`commands`).

A package rather than modules beside the script, so `make bench` (every `bench/*.py`) runs
only the benchmarks themselves.
"""
