"""The visitor's catalog pages: what a site page shows beyond the record, and photos as pages show them."""
