"""The survey service: rounds, personal links, the survey page and sentiment scoring."""
