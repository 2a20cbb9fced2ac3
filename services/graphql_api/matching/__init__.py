"""Matching in GraphQL: rules, questionnaire answers, suggestions, preferences, mentees'
requests and program-wide proposals."""
