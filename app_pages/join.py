"""A seminar's join screen: the follow address as a QR code, and who has joined (web/join.py)."""

from components.web import frame, join

ds, page = frame.start_page("join")
join.draw(ds, page)
