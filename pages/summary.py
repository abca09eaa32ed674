"""Summary: what the dataset holds, at one glance (the dashboard's pages build on it)."""

import streamlit as st

from components.transforms import coverage, overall_table, ratings_frame
from components.ui import dataset_or_stop

ds = dataset_or_stop()
source = ds.meta.sources[0]
kabul, taliban = ds.meta.actors[0], ds.meta.actors[1]

st.title(ds.meta.title)
st.caption(
    f"From one article: *{source.title}* by {source.author}, {source.outlet}, {source.date}. "
    f"Dataset version {ds.meta.version}."
)

ratings = ratings_frame(ds)
cov = coverage(ds, ratings)
cols = st.columns(4)
cols[0].metric(
    "Third parties",
    cov["third_parties"],
    help=f"{cov['countries']} countries, {cov['organisations']} organisations, "
    f"{cov['groups']} groups",
)
cols[1].metric(
    "Coded values",
    cov["coded"],
    help=f"{cov['quoted']} quoted verbatim, {cov['inferred']} inferred; "
    f"{cov['not_coded']} of {cov['cells']} cells not coded (no grounds in the article)",
)
cols[2].metric(
    "Events 2013-2016",
    cov["events"],
    help=f"{cov['events_stated']} stated in the article, {cov['events_context']} dated context",
)
cols[3].metric(
    "Strategy actions",
    cov["actions"],
    help=f"{cov['tiers']} tiers; {cov['counter_moves']} Taliban counter-moves",
)

st.subheader(f"Overall ties: {kabul.short_name} and the {taliban.short_name}, by year")
levels = " · ".join(
    f"**{lvl.value:+d}** {lvl.label}" if lvl.value else f"**0** {lvl.label}"
    for lvl in ds.meta.scale.levels
)
st.markdown(f"Scale: {levels}. Empty: not coded, the article gives no grounds.")
st.dataframe(overall_table(ds, ratings), hide_index=True, width="stretch", height=780)
st.caption(
    f'Source: {source.author}, "{source.title}", {source.outlet}, {source.date}. '
    "Every value carries a verbatim quote or the reasoning behind an inference: "
    "`tugofwar dump --format csv` lists them."
)
