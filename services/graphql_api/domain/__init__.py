"""The service layer of the GraphQL API: plain async functions that enforce the domain rules.

Each function checks the actor's rights, validates its input, writes atomically (one document
with a state-guarded update, or a transaction), and raises `DomainError` for expected failures.
"""
