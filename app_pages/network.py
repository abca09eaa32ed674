"""Actor network: both sides as poles and every third party placed between them by its two ties
(those with ties to both visibly halfway), for a year and dimension, in the same colours and
by the same lean rule as every other page; a click on a third party opens its evidence."""

from components.web import address, chart, frame, show, sidebar

ds, page = frame.start_page("network")
state = page.state

show.title("Actor network")
address.year_and_dimension(ds, state)
chart.charts_with_evidence(ds, page)
sidebar.page_tools(ds, page)
