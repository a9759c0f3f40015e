"""Glue for the admin: forms <-> catalog values, saving with revisions, imports and exports."""
