"""Apprenticeships in GraphQL: mentoring plans, the apprentice's probation, concerns, and the
mentors ranked for the year's outstanding-employee selection."""
