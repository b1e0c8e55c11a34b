# The explainer on the synthetic replica: aggregates are built at image build time, so the
# container only reads small JSON files at start-up. Mount real aggregates at /data to replace them.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1
RUN useradd --create-home --uid 10001 explainer
WORKDIR /srv/explainer

COPY requirements/runtime.lock ./requirements/
RUN pip install --no-compile --require-hashes -r requirements/runtime.lock
COPY pyproject.toml setup.py README.md ./
COPY precompute ./precompute
COPY app ./app
COPY templates ./templates
COPY static ./static
RUN pip install --no-compile --no-deps . \
    && python -m precompute synth --out /tmp/shards \
    && python -m precompute build --input '/tmp/shards/*/*.parquet' --out /data \
    && rm -rf /tmp/shards \
    && python -c "from app.settings import Settings; from app.web.vendor import ensure_bundle; ensure_bundle(Settings().bundle_path)" \
    && chown -R explainer /srv/explainer /data

USER explainer
ENV EXPLAINER_DATA=/data
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=3s --start-period=10s --retries=3 \
  CMD python -c "import urllib.request,sys; sys.exit(0 if urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=2).status == 200 else 1)"
CMD ["python", "-m", "app", "--host", "0.0.0.0", "--port", "8000"]
