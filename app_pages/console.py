"""The presenter's console: the scene shown and the next, notes, time (web/console.py)."""

from components.web import console, frame

ds, page = frame.start_page("console")
console.draw(ds, page)
