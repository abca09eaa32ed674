"""Names of widget keys and URL query parameters, shared by pages and tests.

A widget's key and its query parameter are the same string, so a copied link and a test can both
find a selection by name.
"""

YEAR = "year"
DIMENSION = "dim"
THIRD_PARTY = "tp"
STATUS = "status"
ACTORS = "actors"
THIRD_PARTIES = "tps"
CATEGORIES = "cat"
TIERS = "tier"
DATE_FROM = "from"
DATE_TO = "to"
EVENT = "event"
SEARCH = "q"

# widgets that are not part of a view's state
TIMELINE_CHART = "timeline_chart"
PREVIOUS = "previous_event"
NEXT = "next_event"

# every page
MODE = "mode"  # "projector" for the seminar theme
SCENE = "scene"
