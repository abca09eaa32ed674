"""Figures: the theme, the chart builders (DataFrame in, plotly figure out), the narrow, dark
and projector copies, and views (what each page shows, as data).
"""
