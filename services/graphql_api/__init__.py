"""The GraphQL API: programs, participants, enrollments, pairs, goals and check-ins."""
