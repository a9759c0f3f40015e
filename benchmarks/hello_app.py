"""The latency baseline: a bare Flask "hello" endpoint, served exactly like the app (``page_latency.py``)."""
from flask import Flask

app = Flask(__name__)


@app.get("/")
def hello():
    return "hello"
