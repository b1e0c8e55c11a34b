"""The explainer's web app: story page, slides, embeds and JSON API over precomputed aggregates."""
