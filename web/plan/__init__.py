"""The trip planner's pages: the form and its defaults, one computation shared by page, exports, QR and
API (service), what the result and day sheet show (view), downloads, hand-off to navigation apps."""
