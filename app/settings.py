"""Settings, from the command line or the environment (EXPLAINER_DATA names the aggregates folder)."""

from __future__ import annotations

from pathlib import Path

from pydantic_settings import BaseSettings, SettingsConfigDict

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = ROOT / "data" / "aggregates"
DEFAULT_SHARDS = ROOT / "data" / "shards"
STATIC_DIR = ROOT / "static"
TEMPLATES_DIR = ROOT / "templates"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="EXPLAINER_")

    data: Path = DEFAULT_DATA
    host: str = "127.0.0.1"
    port: int = 8000
