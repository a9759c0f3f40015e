"""The app's plumbing, with no feature knowledge: security headers, sessions, sign-in and roles, the
SQLite connection, languages, the clock, the live catalog, caching headers and 304s, canonical URLs,
links with campaign tags, bounded heavy work, rate limits shared by workers, template helpers, CLI."""
