"""Open what a page writes only when opened (each chart's numbers and Export menu, the source
page's paragraph boxes, the sidebar's own-dataset box), as clicks would, so a test sees all of
what a visitor can."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from components.core import url_params
from components.web.chart import EXPORTS, NUMBERS


def open_everything(at: AppTest) -> AppTest:
    for name in list(at.session_state.keys()):
        if name.endswith((EXPORTS, NUMBERS)) or name.startswith(("paragraph_", "code_")):
            at.session_state[name] = True
    at.session_state[url_params.DATASET_BOX] = True
    return at.run()
