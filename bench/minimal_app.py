"""The smallest dashboard-like page, for bench/first_view_bench.py: one plotly chart of a few
bars and nothing else."""

import plotly.graph_objects as go
import streamlit as st

st.set_page_config(page_title="minimal", layout="wide")
st.plotly_chart(go.Figure(go.Bar(x=[1, 2, 3], y=["a", "b", "c"], orientation="h")), theme=None)
