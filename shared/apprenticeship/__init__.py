"""Rules of apprenticeships that both services apply: the apprentice's probation and its
outcome (`probation`), and the mentor's quarterly plans (`plans`)."""
