"""Everything that imports Streamlit: the cache, the page frame, the address, the chart frame,
the evidence dialog, the sidebar, the seminar; streamlit_compat.py holds every use of
Streamlit's internals.
"""
