"""Rules of the talent reserve that both services apply: when an admission is published, when
a quarterly report or assessment is on time, progress against development minimums, and the
year-end composite."""
