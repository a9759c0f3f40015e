def test_home_shows_brand(client):
    """A visitor opening the site sees the brand name."""
    r = client.get("/")
    assert r.status_code == 200
    assert "武胜工业游" in r.get_data(as_text=True)
