"""Tables from the dataset, value ids and citations, each page's view state and its URL
parameters, the page registry (routes) and the seminar's scenes, escaping of dataset text, and
the presenter's shared state. No figures, no Streamlit.
"""
