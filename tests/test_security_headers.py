"""Security headers on every kind of response: CSP with a fresh nonce, nosniff, referrer policy, HSTS over HTTPS."""
import re

import pytest

PAGES = ["/", "/sites", "/sites/maoge-food-wusheng", "/tours/industrial-shopping", "/plan", "/admin/login",
         "/api/v1/sites", "/no-such-page"]


@pytest.mark.parametrize("path", PAGES)
def test_every_response_has_the_security_headers(client, path):
    r = client.get(path)
    csp = r.headers["Content-Security-Policy"]
    for part in ("object-src 'none'", "base-uri 'none'", "default-src 'self'", "frame-ancestors"):
        assert part in csp
    assert "'unsafe-inline'" not in csp.split("script-src")[1].split(";")[0]
    assert r.headers["X-Content-Type-Options"] == "nosniff"
    assert r.headers["Referrer-Policy"]


def test_nonce_is_fresh_per_response_and_on_every_inline_script(client):
    a, b = client.get("/"), client.get("/")
    na = re.search(r"'nonce-([^']+)'", a.headers["Content-Security-Policy"]).group(1)
    nb = re.search(r"'nonce-([^']+)'", b.headers["Content-Security-Policy"]).group(1)
    assert na != nb
    for tag in re.findall(r"<script\b[^>]*>", a.get_data(as_text=True)):
        assert "src=" in tag or f'nonce="{na}"' in tag or 'type="application/json"' in tag, tag


def test_no_hsts_over_plain_http_but_hsts_and_secure_cookies_over_https(client):
    assert "Strict-Transport-Security" not in client.get("/").headers
    r = client.get("/?lang=en", base_url="https://trails.example")
    assert "max-age=" in r.headers["Strict-Transport-Security"]
    assert "Secure" in r.headers["Set-Cookie"]


def test_plain_http_intranet_can_turn_https_features_off(app):
    app.config["HTTPS"] = "off"
    r = app.test_client().get("/?lang=en", base_url="https://intranet.local")
    assert "Strict-Transport-Security" not in r.headers
    assert "Secure" not in r.headers["Set-Cookie"]
