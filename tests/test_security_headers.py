"""Security headers on every kind of response: CSP with a fresh nonce (script hashes where shared caches keep the
response), nosniff, referrer policy, HSTS over HTTPS."""
import base64
import hashlib
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
    """What only this visitor gets (the planner's page, not kept by shared caches) carries a fresh nonce, on every
    inline script."""
    a, b = client.get("/plan"), client.get("/plan")
    assert "public" not in a.headers.get("Cache-Control", "")
    na = re.search(r"'nonce-([^']+)'", a.headers["Content-Security-Policy"]).group(1)
    nb = re.search(r"'nonce-([^']+)'", b.headers["Content-Security-Policy"]).group(1)
    assert na != nb
    tags = re.findall(r"<script\b[^>]*>", a.get_data(as_text=True))
    assert any("src=" not in tag for tag in tags), "the planner's map runs an inline script"
    for tag in tags:
        assert "src=" in tag or f'nonce="{na}"' in tag or 'type="application/json"' in tag, tag


@pytest.mark.parametrize("path", ["/", "/sites", "/sites/maoge-food-wusheng", "/tours/industrial-shopping"])
def test_pages_shared_caches_keep_allow_their_scripts_by_hash(client, path):
    """A public page that nginx keeps and serves to many visitors carries no nonce (everyone served that copy would
    share it); its policy lists each of its inline scripts by SHA-256, and nothing else inline."""
    r = client.get(path)
    assert "public" in r.headers["Cache-Control"]
    script_src = r.headers["Content-Security-Policy"].split("script-src")[1].split(";")[0]
    assert "'nonce-" not in script_src and "'unsafe-inline'" not in script_src
    inline = re.findall(r"<script\b(?![^>]*\bsrc=)[^>]*>(.*?)</script>", r.get_data(as_text=True), re.S)
    assert inline, "the page's map runs an inline script"
    expected = {"'sha256-%s'" % base64.b64encode(hashlib.sha256(body.encode()).digest()).decode() for body in inline}
    assert set(script_src.split()) == {"'self'"} | expected


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
