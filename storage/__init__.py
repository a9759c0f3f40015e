"""The stores: one SQLite file in the instance folder (db.py), and what several machines write, in SQLite or
PostgreSQL (shared.py, postgres.py). Pure: no Flask."""
