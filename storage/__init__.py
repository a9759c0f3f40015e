"""The embedded store: one SQLite file in the instance folder. Pure: no Flask."""
