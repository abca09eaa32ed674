"""Tug of War: the sourced dataset, its validation, transforms and charts (no page code here)."""
