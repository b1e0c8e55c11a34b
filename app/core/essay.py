"""The essay this explainer retells: its title, authors, publisher and address (the credit's names)."""

from __future__ import annotations

ESSAY_URL = "https://knowingmachines.org/models-all-the-way"
ESSAY_TITLE = "Models All The Way Down"
ESSAY_AUTHORS = "Christo Buschek and Jer Thorp"
ESSAY_PUBLISHER = "Knowing Machines"
