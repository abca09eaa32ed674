"""How this screen shows pages: projector mode (a wall), the narrow layout (a phone or a
tablet, from the address or the user agent), the dark theme, and the page's own styles.
"""

from __future__ import annotations

from string import Template

import streamlit as st

from components.core import url_params
from components.figures.narrow import narrow_agent
from components.web import show

# Bigger type and stronger contrast for a wall; Streamlit sizes everything in rem. The main area
# starts near the top (Streamlit leaves 6rem for its header). Each chart's frame is as tall as
# the screen less room for its heading, so one chart fills the screen and none needs scrolling
# (flex-basis, not only height: the frame is an item of a flex column).
PROJECTOR_CSS = """<style>
html { font-size: 20px; }
div[class*="st-key-pj_"] { height: calc(100vh - 6.5rem) !important;
  flex: 0 0 calc(100vh - 6.5rem) !important; }
[data-testid="stMainBlockContainer"] { padding-top: 2.6rem; padding-bottom: 2rem; }
[data-testid="stMarkdownContainer"], [data-testid="stCaptionContainer"] { color: $text; }
[data-testid="stCaptionContainer"] { opacity: 0.9; }
blockquote { border-left-width: 0.3rem !important; color: $quote !important; }
h1 { font-size: 1.9rem !important; padding: 0.2rem 0 0.4rem 0 !important; }
h2 { font-size: 1.5rem !important; }
h3 { font-size: 1.3rem !important; }
</style>"""


def projector() -> bool:
    return st.query_params.get(url_params.MODE) == "projector"


LAYOUTS = ("narrow", "wide")


def narrow() -> bool:
    """Charts laid out for a narrow screen (narrow.py): ?layout=narrow or wide decides, else
    projector mode (a wall, asked for by name: a tablet can drive a projector), else the
    browser's user agent (a phone or a tablet)."""
    asked = asked_layout()
    if asked is not None:
        return asked == "narrow"
    if projector():
        return False
    # the request that opened the session says it: the first run already knows (no second
    # run, nothing measured in the browser); read once a session (the headers cost a
    # millisecond a chart)
    known = st.session_state.get(AGENT_NARROW)
    if isinstance(known, bool):
        return known
    try:
        agent = st.context.headers.get("User-Agent") or ""
    except (AttributeError, RuntimeError, KeyError):
        agent = ""
    st.session_state[AGENT_NARROW] = found = narrow_agent(agent)
    return found


AGENT_NARROW = "_tow_agent_narrow"  # the session's user agent is a phone's or a tablet's


def dark() -> bool:
    """The browser shows the dark theme (the device's setting: config.toml has both)."""
    try:
        return st.context.theme.type == "dark"
    except (AttributeError, RuntimeError):
        return False


def asked_layout() -> str | None:
    """The layout the address asks for (?layout=narrow or wide), if any."""
    asked = st.query_params.get(url_params.LAYOUT)
    return asked if asked in LAYOUTS else None


def with_mode(params: dict[str, str]) -> dict[str, str]:
    """The parameters in the current presentation (projector mode), as a shared link has them."""
    if projector():
        params.setdefault(url_params.MODE, "projector")
    return params


def keep_presentation(params: dict[str, str]) -> dict[str, str]:
    """A move to another page or view keeps how this screen shows pages: projector mode and a
    layout the address asks for (a personal setting: never written into a shared link)."""
    asked = asked_layout()
    if asked is not None:
        params.setdefault(url_params.LAYOUT, asked)
    return with_mode(params)


def embedded() -> str | None:
    """The key of the chart the address asks to show alone (?chart=...: an embed), or None."""
    return st.query_params.get(url_params.CHART) or None


def wall() -> bool:
    """Projector mode, unless the address also asks for the narrow layout (then the charts and
    type are a phone's, and the mode stays in its links)."""
    return projector() and not narrow()


# Streamlit draws captions and quotes in the text colour at 60% opacity: 3.9:1 on white, where
# WCAG 2.2 AA asks 4.5:1 of text. A grey of their tone, opaque, reads at 6.7:1.
# A table wider than a phone scrolls within itself; the page never scrolls sideways.
TABLE_CSS = """[data-testid="stMarkdownContainer"] table { display: block; max-width: 100%;
  overflow-x: auto; }
"""
READABLE_CSS = """<style>
[data-testid="stCaptionContainer"], blockquote { color: $caption !important; }
[data-testid="stCaptionContainer"], [data-testid="stCaptionContainer"] p, blockquote,
blockquote p { opacity: 1 !important; }
[data-testid="stCaptionContainer"] p, blockquote p { color: inherit !important; }
</style>"""


# The styles' text colours in each theme: captions and quotes opaque (6.7:1 on white, 8:1 on
# Streamlit's dark background), a wall's text at full contrast.
CSS_COLORS = {
    "light": {"caption": "#55585f", "text": "#000", "quote": "#111", "on_primary": "#fff"},
    "dark": {"caption": "#a9aeb8", "text": "#fff", "quote": "#eee", "on_primary": "#0e1117"},
}
# Text on the theme's primary colour (a chosen answer's button, a form's submit button, a
# multiselect's tags): Streamlit writes it white always. On the dark theme's red, which must be
# light to be read as text on the dark page (the selected segment of a segmented control writes
# it so), white is 2.7:1; the dark page's own colour there is 6.9:1 (WCAG 2.2 AA asks 4.5:1).
# On the light theme's dark red, white is 6.5:1 and stays.
ON_PRIMARY_CSS = """[data-testid="stMultiSelectTagsContainer"] [data-tag],
[data-testid="stMultiSelectTagsContainer"] [data-tag] *, [data-testid^="stBaseButton-primary"],
[data-testid^="stBaseButton-primary"] * { color: $on_primary !important; }
"""


# A tap on a chart: plotly (as Streamlit ships it) reports a tap with the point its last hover
# found, and a finger does not hover: a phone's first tap on a bar opened nothing and every
# later one the bar tapped before it. A finger's touch moves plotly's pointer to where it
# lands first, so the tap reports the point under it. Added once per page load.
TAP_JS = """<script>
(() => {
  if (window.__towTap) return;
  window.__towTap = true;
  document.addEventListener('touchstart', (e) => {
    const t = e.touches && e.touches[0];
    if (!t || !e.target.closest || !e.target.closest('.js-plotly-plot')) return;
    const under = document.elementFromPoint(t.clientX, t.clientY);
    if (!under) return;
    under.dispatchEvent(new MouseEvent('mousemove', {clientX: t.clientX, clientY: t.clientY,
                                                     bubbles: true, cancelable: true}));
  }, {capture: true, passive: true});
})();
</script>"""


# A theme switched while a page is open (the device going dark at dusk, a presenter's toggle):
# Streamlit's page turns dark at once, but the script learns the theme only with a run, so the
# charts kept their light paper and the text its light-theme colours until the next click. A
# change of the device's colour scheme clicks a button nobody sees, which asks for that run.
THEME_KEY = "tow_theme_changed"
THEME_JS = """<script>
(() => {
  if (window.__towTheme) return;
  window.__towTheme = true;
  matchMedia('(prefers-color-scheme: dark)').addEventListener('change', () => setTimeout(() => {
    const button = document.querySelector('.st-key-THEME_KEY button');
    if (button) button.click();
  }, 300));
})();
</script>""".replace("THEME_KEY", THEME_KEY)
THEME_CSS = f".st-key-{THEME_KEY} {{ display: none !important; }}\n"


def follow_theme() -> None:
    """The hidden button a change of the device's colour scheme clicks (THEME_JS): a run, in
    which the charts and styles take the new theme. Drawn last, after the page (hidden by
    projector_style's stylesheet)."""
    show.button("Theme changed", key=THEME_KEY)


def projector_style() -> None:
    """The page's own styles: text contrast and tables that fit always, the projector's type
    on a wall; and the tap fix for touch screens."""
    colors = CSS_COLORS["dark" if dark() else "light"]
    css = Template(PROJECTOR_CSS if wall() else READABLE_CSS).substitute(colors)
    shared = TABLE_CSS + THEME_CSS + Template(ON_PRIMARY_CSS).substitute(colors)
    st.html(css.replace("<style>", "<style>" + shared) + TAP_JS + THEME_JS,
            unsafe_allow_javascript=True)  # fmt: skip
