"""The sidebar's shared tools: your own dataset (upload, starter, back to the shipped one),
the projector switch, the link to this view and its briefing pack and deck.
"""

from __future__ import annotations

import streamlit as st

from components.core import routes, url_params
from components.core.escape import Markdown, markup
from components.dataset import files, scaffold
from components.dataset.models import Dataset
from components.export import pack, renderer
from components.web import cached, show, upload_limit, uploads
from components.web.address import Page, base_url, permalink, presentation_params, set_params
from components.web.frame import copyable, problem_text
from components.web.presentation import projector

UPLOAD_PROBLEMS = "_tow_upload_problems"  # what was wrong with the last upload, if anything
UPLOAD_ROUND = "_tow_upload_round"  # bumped to give the uploader a fresh, empty key


def _uploader_key() -> str:
    return f"{url_params.UPLOAD}_{st.session_state.get(UPLOAD_ROUND, 0)}"


def _uploaded() -> None:
    """The uploader changed: read what it holds (bounded by server.maxUploadSize), check it as
    the command line checks a directory, and use it for this session if it is valid."""
    chosen = st.session_state.get(_uploader_key()) or []
    if not chosen:
        return
    source = files.read_upload([(f.name, f.getvalue()) for f in chosen])
    # a fresh, empty uploader next run: the next choice replaces this one instead of adding to
    # it, and the server lets go of the uploaded bytes (the session keeps the checked files)
    st.session_state[UPLOAD_ROUND] = st.session_state.get(UPLOAD_ROUND, 0) + 1
    loaded = cached.check_upload(source)
    if loaded.dataset is None:
        st.session_state[UPLOAD_PROBLEMS] = (source.origin, loaded.problems)
        return
    st.session_state.pop(UPLOAD_PROBLEMS, None)
    st.session_state[uploads.SESSION_UPLOAD] = source


def _back_to_shipped() -> None:
    st.session_state.pop(uploads.SESSION_UPLOAD, None)
    st.session_state.pop(UPLOAD_PROBLEMS, None)
    st.session_state[UPLOAD_ROUND] = st.session_state.get(UPLOAD_ROUND, 0) + 1


def dataset_control() -> None:
    """Sidebar: load your own dataset for this session only, or go back to the shipped one."""
    upload_limit.install()
    mine = st.session_state.get(uploads.SESSION_UPLOAD)
    failed = st.session_state.get(UPLOAD_PROBLEMS)
    # its contents are written when opened: every page's every run sent them to every visitor
    box = show.expander(
        "Your own dataset",
        icon=":material/upload_file:",
        expanded=bool(failed),
        key=url_params.DATASET_BOX,
        on_change="rerun",
    )
    if not (box.open or failed):
        return
    with box:
        show.caption(
            markup(
                "For this session only: {}. It is checked as `tugofwar validate` checks a folder, "
                "kept in memory while your session lasts, and no one else sees it.",
                files.LIMITS,
            )
        )
        show.widget(
            st.file_uploader,
            "Dataset (ZIP or YAML files)",
            type=["zip", "yaml", "yml"],
            accept_multiple_files=True,
            key=_uploader_key(),
            on_change=_uploaded,
        )
        if failed:
            name, problems = failed
            show.error(
                markup(
                    "{} was not loaded: {} problem{}. This session still shows {}",
                    name,
                    len(problems),
                    "s" if len(problems) != 1 else "",
                    Markdown("your previous upload.") if mine else Markdown("the shipped dataset."),
                )
            )
            st.code(problem_text(problems), language=None, wrap_lines=True)
        if mine is not None:
            show.success(markup("Showing your upload: {}.", mine.origin), icon=":material/check:")
        show.download_button(
            Markdown("Starter dataset (ZIP)"),
            scaffold.starter_zip,
            file_name="tugofwar-starter.zip",
            mime="application/zip",
            icon=":material/note_add:",
            key="starter_dataset",
            on_click="ignore",
            help=Markdown(
                "A valid dataset with placeholders and a comment on each field, to start "
                "coding your own case (the same as `tugofwar init`)."
            ),
        )
        if mine is not None or failed:
            show.button(
                "Back to the shipped dataset",
                key=url_params.SHIPPED,
                on_click=_back_to_shipped,
                icon=":material/undo:",
            )


def _projector_changed() -> None:
    set_params(
        {url_params.MODE: "projector" if st.session_state.get(url_params.PROJECTOR) else None}
    )


def projector_switch() -> None:
    """Sidebar toggle for the projector theme, kept in the address as mode=projector."""
    st.session_state[url_params.PROJECTOR] = projector()
    show.widget(
        st.toggle,
        "Projector mode",
        key=url_params.PROJECTOR,
        on_change=_projector_changed,
        help="Large type and charts that fit a wall. Also from the address: add ?mode=projector.",
    )


def page_tools(ds: Dataset, page: Page) -> None:
    """Sidebar: the link to this view, and the briefing pack of its charts."""
    base = base_url()  # now, in the run: the pack is built in a callback, with no request
    with st.sidebar:
        copyable("Link to this view", permalink(page, base))
        if cached.is_upload(page.data):
            show.caption(
                "This view shows the dataset you uploaded, which only your session can see: "
                "others who open the link see the shipped dataset."
            )
        if not routes.BY_ID[page.id].exportable:
            return
        if renderer.find_browser() is None:
            show.caption("Briefing pack: " + renderer.INSTALL_HINT)
            return
        state, extra = page.state, presentation_params()
        if note := renderer.busy_note():
            show.caption(note)

        def build() -> bytes:
            return pack.briefing(ds, [state], base, extra=extra)

        def build_deck() -> bytes:
            return pack.briefing(ds, [state], base, extra=extra, fmt="pptx")

        show.download_button(
            Markdown("Briefing pack (ZIP)"),
            build,
            file_name=f"tugofwar-{page.id}-briefing.zip",
            mime="application/zip",
            icon=":material/folder_zip:",
            key="briefing_pack",
            on_click="ignore",
            help="Every chart of this view as PNG and SVG, the values it draws as CSV, every "
            "quote, and one PDF that opens with the key findings.",
        )
        show.download_button(
            Markdown("Slide deck (PPTX)"),
            build_deck,
            file_name=f"tugofwar-{page.id}-deck.pptx",
            mime="application/vnd.openxmlformats-officedocument.presentationml.presentation",
            icon=":material/slideshow:",
            key="briefing_deck",
            on_click="ignore",
            help="The key findings, then one slide per chart: the finding as its title, the bar "
            "charts editable, the strongest quotes in the notes and every quote in an appendix.",
        )
        if warning := routes.local_address_warning(base):
            # said under the buttons, not as an alert: on an analyst's own machine it is expected
            show.caption(Markdown(":material/link_off: ") + warning)
