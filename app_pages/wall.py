"""A seminar's wall: one scene as a slide (web/wall.py)."""

from components.web import frame, wall

ds, page = frame.start_page("wall")
wall.draw(ds, page)
