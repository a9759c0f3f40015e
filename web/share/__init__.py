"""Our pages on other sites and in print: embeds and their options, oEmbed, the /promote snippet builder,
promotion files (QR codes, map images, flyers), plan QR codes, and channel counts."""
