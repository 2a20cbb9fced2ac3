"""Demo data: a believable organisation running two mentoring programs."""
