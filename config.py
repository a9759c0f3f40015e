"""Every setting, with its default and a line of help. Override with WUSHENG_<NAME> environment variables."""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from flask import Flask

ROOT = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Setting:
    name: str
    default: object
    help: str


SETTINGS: tuple[Setting, ...] = (
    Setting("CATALOG_PATH", str(ROOT / "sites.yaml"), "The YAML catalog of sites, tours and start points."),
)


def load(app: Flask, test_config: dict | None) -> None:
    for s in SETTINGS:
        app.config[s.name] = os.environ.get(f"WUSHENG_{s.name}", s.default)
    if test_config:
        app.config.update(test_config)
