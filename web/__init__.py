"""Glue between the Flask routes (routes/) and the Flask-free cores (catalog, planner, geo, exports, accounts,
storage, promote), one package per feature or audience; see docs/architecture.md.

platform/  plumbing every page relies on      maps/    the map component
plan/      the trip planner's pages           public/  the visitor's catalog pages
share/     embeds, oEmbed, promotion, QR      api/     the JSON API
admin/     the staff pages
"""
