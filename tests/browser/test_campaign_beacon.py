"""A visit through a campaign link or QR code is counted by the browser: the page (the same for every tag, so
caches keep one copy) loads the counting image with the tag of the address it was opened with."""
import pytest


@pytest.mark.parametrize("query,expected", [("?c=expo", "ch=link&c=expo"), ("?c=expo&m=qr", "ch=qr&c=expo"),
                                            ("?m=embed&c=expo", "ch=embed-link&c=expo"), ("", None),
                                            ("?c=Not%20A%20Tag", None)])
def test_the_counting_image_carries_the_visit_tag(page, query, expected):
    counted = []
    page.page.on("request", lambda r: counted.append(r.url) if "/count.gif" in r.url else None)
    page.goto(f"/tours/industrial-heritage{query}")
    page.page.wait_for_load_state("networkidle")
    if expected is None:
        assert counted == []
    else:
        assert [u.split("?", 1)[1] for u in counted] == [expected]
    page.assert_no_console_errors()
