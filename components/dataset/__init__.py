"""The dataset: its files read safely (files, YAML), their models, loading and every check
(one DatasetError with file, line and field), the JSON Schema and a starter dataset.
Imports nothing else of the project.
"""
