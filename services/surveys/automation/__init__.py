"""Surveys that run themselves: scheduled rounds, reminders, end-of-program surveys, links of
ended pairs revoked, and the daily refresh. Each job is safe when several replicas run it: it
runs under a lease in the database and what it writes is idempotent per program and period."""
