"""What the survey benchmarks share: seeded worlds (`world`, `history`), realistic answers
(`answers`), the processes they run (`services`) and the bare baseline app (`bare_insert_app`).

A package rather than modules beside the scripts, so `make bench` (every `bench/*.py`) runs
only the benchmarks themselves.
"""
