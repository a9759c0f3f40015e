"""Promotion material made on the server, with no browser and no network: QR codes, a vector sketch of a
route over the county outline, a printable A4 flyer (PDF) and a static map image (PNG).

Pure: no Flask, no folium, no catalog lookups. The web layer (``web/share/promote_content.py``) chooses the language,
translates the labels and builds the plain records these modules draw. One sketch layout
(``promote.sketch.layout``, a ``promote.scene.Scene``) feeds three painters: ``paint_pdf`` for the flyer,
``paint_png`` for the image and ``paint_svg`` for the planner's day sheet. ``promote.qr`` is the app's one QR maker.
"""
