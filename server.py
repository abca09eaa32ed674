"""The dashboard's server: Streamlit's, running app.py, with one addition (an address a folder
too deep goes to its page instead of a blank screen: components/web/moved_paths.py).

    streamlit run server.py [--server.port 8501 ...]

`streamlit run app.py` serves the same dashboard without that addition.
"""

import streamlit as st
from starlette.middleware import Middleware

from components.web.moved_paths import MovedPaths

app = st.App(
    "app.py",
    middleware=[Middleware(MovedPaths, base=st.get_option("server.baseUrlPath") or "")],
)
