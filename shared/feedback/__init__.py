"""The feedback numbers both services show, each defined once: calendar periods and their
keys, response and achievement rates, NPS, and when a program's next survey round is due."""
