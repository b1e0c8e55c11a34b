"""What the build hands to the app, and all the app may take from the offline stage.

- models: the typed contract of aggregates.json and manifest.json (pydantic), the schema version,
  the file names and the 0.001 grid;
- reference: the cited reference tables (essay figures, speakers, removal routes);
- hosts: how a URL folds into the registered domain that keys the domain index (the build folds
  with the same rules in SQL, the app folds what a reader types).
"""
