"""What makes a merged PDF a tagged one, checked the way an accessibility checker walks it: the
structure tree from the catalogue down, each element's parent, each page's and link's entry in
the parent tree, and the marked content the tree points to in the pages' content."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject


@dataclass
class Tagged:
    sections: list[str | None] = field(default_factory=list)  # each section's title, in order
    figures: list[tuple[int, str]] = field(default_factory=list)  # (section, alt text)
    links: list[tuple[int, str]] = field(default_factory=list)  # (section, the link's address)
    language: str = ""


def _ref(obj: object) -> int | None:
    return obj.idnum if isinstance(obj, IndirectObject) else None


def tagged(reader: PdfReader) -> Tagged:
    """The document's structure, after asserting that it holds together."""
    catalogue = reader.trailer["/Root"]
    assert catalogue["/MarkInfo"]["/Marked"] is True or catalogue["/MarkInfo"]["/Marked"]
    root_ref = catalogue.raw_get("/StructTreeRoot")
    root = root_ref.get_object()
    [document_ref] = [root.raw_get("/K")]
    document = document_ref.get_object()
    assert document["/S"] == "/Document" and _ref(document.raw_get("/P")) == _ref(root_ref)
    out = Tagged(language=str(document.get("/Lang", catalogue.get("/Lang", ""))))
    pages = {page.indirect_reference.idnum: n for n, page in enumerate(reader.pages)}
    by_element: dict[int, set[tuple[int, int]]] = {}  # element -> (page, marked-content id)s
    annotations: dict[int, int] = {}  # annotation -> Link element

    def walk(ref: IndirectObject, section: int) -> None:
        node = ref.get_object()
        kids = node.get("/K", [])
        kids = list(kids) if isinstance(kids, ArrayObject) else [node.raw_get("/K")]
        if node["/S"] == "/Figure":
            out.figures.append((section, str(node.get("/Alt", ""))))
        for kid in kids:
            if isinstance(kid, IndirectObject) and "/S" in kid.get_object():
                assert _ref(kid.get_object().raw_get("/P")) == ref.idnum, "an element's parent"
                walk(kid, section)
            elif isinstance(kid, DictionaryObject) and kid.get("/Type") == "/OBJR":
                annotation = kid.raw_get("/Obj")
                annotations[annotation.idnum] = ref.idnum
                assert node["/S"] == "/Link"
                out.links.append((section, annotation.get_object()["/A"]["/URI"]))
            elif isinstance(kid, int):
                page = node.raw_get("/Pg")
                assert _ref(page) in pages, "a marked-content id on a page of this document"
                by_element.setdefault(ref.idnum, set()).add((pages[page.idnum], int(kid)))

    for n, section in enumerate(document["/K"]):
        node = section.get_object()
        assert node["/S"] == "/Sect" and _ref(node.raw_get("/P")) == document_ref.idnum
        out.sections.append(str(node["/T"]) if "/T" in node else None)
        walk(section, n)

    nums = root["/ParentTree"]["/Nums"]
    keys = [int(k) for k in nums[::2]]
    assert keys == sorted(set(keys)) and max(keys) < int(root["/ParentTreeNextKey"])
    tree = dict(zip(keys, nums[1::2], strict=True))
    for n, page in enumerate(reader.pages):
        entry = tree[int(page["/StructParents"])]
        marked = {int(m) for m in re.findall(rb"/MCID\s+(\d+)", page.get_contents().get_data())}
        pointed = set()
        for mcid, element in enumerate(entry.get_object()):
            if isinstance(element, IndirectObject):
                assert (n, mcid) in by_element[element.idnum], "the tree and the page agree"
                pointed.add(mcid)
        assert pointed == marked, f"page {n}: every marked content is in the tree"
        for annotation in page.get("/Annots", []):
            link = tree[int(annotation.get_object()["/StructParent"])]
            assert annotations[annotation.idnum] == link.idnum, "the link's element"
            assert annotation.get_object()["/Contents"]
    return out
