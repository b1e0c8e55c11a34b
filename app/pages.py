"""HTML pages (stub: filled in by the story work)."""

from fastapi import APIRouter

router = APIRouter()
