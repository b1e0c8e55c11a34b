"""The core: the dataset and its typed aggregates, the threshold arithmetic, derived figures, the one formatter."""
