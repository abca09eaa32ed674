"""The dataset: its files read safely (files, YAML), their models, loading and every check
(one DatasetError with file, line and field), the JSON Schema, a starter dataset, changes
written back to the YAML (yaml_write) and the workbook round trip (sheets).
Imports nothing else of the project.
"""
