"""The source with its codings: the text paragraph by paragraph, every quoted passage marked,
what each paragraph supports (values, events, strategy actions, findings) one click away, the
paragraphs that support nothing visible at a glance, and how much of the source is coded."""

import streamlit as st

from components.analysis.source_article import coverage
from components.core.escape import Markdown, markup
from components.web import cached, coding_form, frame, show, sidebar

ds, page = frame.start_page("article")
source = ds.meta.sources[0]
show.title(source.title)
show.caption(f"{source.author}, {source.outlet}, {source.date}")
paragraphs = cached.article(page.data)

if paragraphs is None:
    # the variable's name (quotes.SOURCES_ENV) written out: escaped, it would show as entities
    # in its code span
    show.info(
        Markdown(
            "The source's text is not on this server, and is not part of the repository. To see "
            "it here with its codings, name its plain-text file in `meta.yaml` "
            "(`sources[0].text_file`) and put the file in the sources folder: "
            "`TUGOFWAR_SOURCES`, or else `../shared/sources` beside the repository (a local "
            "checkout has it there)."
        ),
        icon=":material/article:",
    )
    sidebar.page_tools(ds, page)
    st.stop()

coded, counted = coverage(paragraphs)
show.metric(
    "Paragraphs that carry a coding",
    f"{coded} of {counted} ({coded / max(counted, 1):.0%})",
    border=True,
    help="Paragraphs of at least 40 characters from which at least one value, event, strategy "
    "action or finding quotes; shorter blocks (headings, captions) are not counted",
)
coder = coding_form.coder(ds, page.data)
if coder is not None:
    coding_form.intro(coder)
for number, para in enumerate(paragraphs, start=1):
    pieces, last = [], 0
    for start, end in para.spans:
        pieces.append(para.text[last:start])  # text: escaped by the join below
        pieces.append(markup(":orange-background[{}]", para.text[start:end]))
        last = end
    pieces.append(para.text[last:])
    text = Markdown("").join(pieces)
    mark = (
        markup(":blue-badge[{} coded]", len(para.codings))
        if para.codings
        else (Markdown(":gray-badge[not coded]") if para.counted else None)
    )
    show.markdown(markup("{} {}", mark, text) if mark else text)
    if para.codings:
        # its links are written when opened, not on every run (this page had 289 elements)
        box = show.expander(
            f"What paragraph {number} supports ({len(para.codings)})",
            key=f"paragraph_{number}",
            on_change="rerun",
        )
        if box.open:
            with box:
                for coding in para.codings:
                    frame.link(coding.page, f"{coding.kind.capitalize()}: {coding.label}",
                            query_params=dict(coding.params))  # fmt: skip
    if coder is not None and para.counted:
        coding_form.paragraph(ds, coder, number, para.text)

sidebar.page_tools(ds, page)
