"""Exports: the renderer (one warm browser), stamped charts, the briefing pack and deck, page
screenshots, and serving the dashboard for them.
"""
