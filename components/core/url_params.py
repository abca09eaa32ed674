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
EVIDENCE = "ev"  # "quoted": leave out values that rest on inference
CONFIDENCE = "conf"  # the least confidence a value needs to count: medium, high
VALUE = "value"  # the value whose evidence is open: third party[.side].dimension.year
ACTION = "action"  # the strategy action or counter-move a link points at

# widgets that are not part of a view's state
TIMELINE_CHART = "timeline_chart"
DATE_RANGE = "date_range"  # the timeline's slider, holding from and to
PREVIOUS = "previous_event"
NEXT = "next_event"
SCENE_PREVIOUS = "scene_previous"
SCENE_NEXT = "scene_next"
SCENE_PAGE_UP = "scene_page_up"  # the clicker's keys, beside the arrows
SCENE_PAGE_DOWN = "scene_page_down"
PROJECTOR = "projector"
UPLOAD = "upload"  # the sidebar's own-dataset uploader (a counter is added to reset it)
SHIPPED = "shipped_dataset"  # back to the shipped dataset
DATASET_BOX = "own_dataset"  # the sidebar's "Your own dataset" box (open or closed)
STOP_FOLLOWING = "stop_following"
REJOIN = "rejoin"

# every page
MODE = "mode"  # "projector" for the seminar theme
LAYOUT = (
    "layout"  # "narrow" or "wide": this screen's chart layout, when its browser is not the guide
)
SCENE = "scene"
CHART = "chart"  # one chart of the view alone, for an iframe (web/embed.py)
FOLLOW = "follow"  # "1": this screen follows the presenter
PRESENT = "present"  # the presenter's token: never in a shared link
MOVED = "moved"  # "1": the proxy sent a too-deep address here (deploy/nginx.conf.template)
PAIR = "pair"  # a one-time code that lets a wall present with the console (shared_state.py)
ASKED = "asked"  # a question's state in the presenter's published view (room.py): never an address
STOP_PRESENTING = "stop_presenting"
