"""JSON API (stub: filled in by the API work)."""

from fastapi import APIRouter, Request

router = APIRouter()


@router.get("/healthz")
def healthz(request: Request) -> dict[str, object]:
    ds = request.app.state.dataset
    return {"ok": True, "rows": ds.manifest["rows"], "etag": ds.etag}
