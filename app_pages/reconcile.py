"""Two codings reconciled: a second coding of the same source uploaded beside this one, every
disagreement with both codings' evidence side by side and a decision for each (keep this
coding's value, take the second's, or a new value with a reason); the decisions as the file
`tugofwar reconcile` applies, and this session on the reconciled dataset."""

from components.core.escape import Markdown
from components.web import frame, reconcile_form, show, sidebar

ds, page = frame.start_page("reconcile")
show.title("Reconcile two codings")
reconcile_form.done()
show.markdown(
    Markdown(
        "Upload a second coding of the same source (a ZIP or its YAML files). Every value the "
        "two code differently is listed once per run of years over which neither coding's entry "
        "changes, with both codings' evidence; decide each one. The decisions download as the "
        "file `tugofwar reconcile A B --out C --decisions decisions.yaml` applies (it writes the "
        "merged dataset and an adjudication log); here, this session can go on with the "
        "reconciled dataset. Nothing is written on the server."
    )
)
second = reconcile_form.second_coding()
if second is not None:
    reconcile_form.decisions(ds, second, (ds.meta.title, second.meta.title))
sidebar.page_tools(ds, page)
