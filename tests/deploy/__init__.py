"""Deployment: several gunicorn nodes sharing one PostgreSQL and one Redis."""
