"""One tagged PDF from several: the pages in order, a bookmark per part, live links, the
document's metadata and language, and the parts' structure trees kept as one.

The browser tags every PDF it prints (a Document holding the page's Figure, its marked content
numbered on the page). Merging pages alone drops those trees, and with them what a screen reader
or an accessibility checker reads. Here each part's tree is copied under one Document, as a
section titled like its bookmark; each Figure gets the part's text alternative; the pages' and
links' entries in the parent tree are renumbered so they stay unique; each link is a Link
element that names its annotation.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from pypdf import PdfReader, PdfWriter
from pypdf.annotations import Link
from pypdf.generic import (
    ArrayObject,
    BooleanObject,
    DictionaryObject,
    IndirectObject,
    NameObject,
    NullObject,
    NumberObject,
    PdfObject,
    TextStringObject,
)

LINK_BAND_PT = 40 * 0.75  # the stamp's last line (its address): 40 px at the foot, in points


def merge_pdfs(
    pages: Sequence[bytes],
    bookmarks: Sequence[str] | None = None,
    metadata: dict[str, str] | None = None,
    links: Sequence[str | None] | None = None,
    language: str = "en",
    alts: Sequence[str | None] | None = None,
) -> bytes:
    """One PDF of these parts, with a bookmark at the start of each (when named), the
    document's metadata (title, author, subject, keywords) and language, so a reader can find a
    chart from the outline and a screen reader speaks it rightly; where `links` names an address
    for a part, its stamp's address line (the first page's foot) opens it; where `alts` gives a
    part's text alternative, its figures carry it. Tagged: the parts' structure trees are kept,
    one section per part."""
    writer = PdfWriter()
    tree = _Tree(writer, language)
    for k, data in enumerate(pages):
        reader = PdfReader(io.BytesIO(data))
        first = len(writer.pages)
        page_map = {}
        for page in reader.pages:
            added = writer.add_page(page)
            page_map[page.indirect_reference.idnum] = added.indirect_reference
        title = _nth(bookmarks, k)
        if title:
            writer.add_outline_item(title=title, page_number=first)
        section = tree.part(reader, page_map, title, _nth(alts, k))
        url = _nth(links, k)
        if url:
            width = float(writer.pages[first].mediabox.width)
            annotation = writer.add_annotation(
                first, Link(rect=(0, 0, width * 0.9, LINK_BAND_PT), url=url)
            )
            tree.link(section, writer.pages[first], annotation, f"Open this chart online: {url}")
    tree.finish()
    writer._root_object[NameObject("/Lang")] = TextStringObject(language)
    if metadata:
        writer.add_metadata({f"/{key.title()}": value for key, value in metadata.items() if value})
        if bookmarks:
            writer.page_mode = "/UseOutlines"  # the outline shows when the file opens
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _nth(values: Sequence | None, k: int):  # noqa: ANN202
    return values[k] if values and k < len(values) else None


def _name(value: str) -> NameObject:
    return NameObject(value)


class _Tree:
    """The merged document's structure tree, built part by part."""

    def __init__(self, writer: PdfWriter, language: str) -> None:
        self.writer = writer
        self.root = DictionaryObject({_name("/Type"): _name("/StructTreeRoot")})
        self.root_ref = writer._add_object(self.root)
        self.document = DictionaryObject({
            _name("/Type"): _name("/StructElem"),
            _name("/S"): _name("/Document"),
            _name("/Lang"): TextStringObject(language),
            _name("/P"): self.root_ref,
            _name("/K"): ArrayObject(),
        })  # fmt: skip
        self.document_ref = writer._add_object(self.document)
        self.numbers: list[tuple[int, PdfObject]] = []  # the parent tree's entries
        self.next_key = 0
        self.role_map = DictionaryObject()

    def part(
        self, reader: PdfReader, page_map: dict[int, IndirectObject], title: str | None,
        alt: str | None,
    ) -> DictionaryObject:  # fmt: skip
        """A section for one part, holding a copy of its structure tree (if it has one)."""
        section = DictionaryObject({
            _name("/Type"): _name("/StructElem"),
            _name("/S"): _name("/Sect"),
            _name("/P"): self.document_ref,
            _name("/K"): ArrayObject(),
        })  # fmt: skip
        if title:
            section[_name("/T")] = TextStringObject(title)
        section_ref = self.writer._add_object(section)
        self.document["/K"].append(section_ref)
        source = reader.trailer["/Root"].get("/StructTreeRoot")
        if source is None:
            return section
        source = source.get_object()
        offset = self.next_key
        copier = _Copier(self.writer, page_map, alt)
        kids = source.get("/K")
        for kid in _as_list(kids):
            node = kid.get_object()
            if isinstance(node, DictionaryObject) and node.get("/S") == "/Document":
                inner = node.get("/K")  # the part's own Document: keep what it holds
                section["/K"].extend(copier.kids(inner, section_ref))
            else:
                section["/K"].extend(copier.kids(kid, section_ref))
        for key, value in source.get("/RoleMap", {}).items():
            self.role_map.setdefault(_name(key), value)
        entries = _number_tree(source.get("/ParentTree"))
        for key, value in entries:
            self.numbers.append((key + offset, copier.parent_entry(value)))
        self.next_key = max(
            [offset + int(source.get("/ParentTreeNextKey", 0))]
            + [key + offset + 1 for key, _ in entries]
        )
        for original in reader.pages:
            page = page_map[original.indirect_reference.idnum].get_object()
            if "/StructParents" in original:  # which pypdf leaves out of the pages it copies
                page[_name("/StructParents")] = NumberObject(
                    int(original["/StructParents"]) + offset
                )
            for annotation in page.get("/Annots", ()):
                annotation = annotation.get_object()
                if "/StructParent" in annotation:
                    annotation[_name("/StructParent")] = NumberObject(
                        int(annotation["/StructParent"]) + offset
                    )
        return section

    def link(
        self, section: DictionaryObject, page: DictionaryObject, annotation: DictionaryObject,
        contents: str,
    ) -> None:  # fmt: skip
        """A Link element in `section` for this link annotation, and the annotation's entry in
        the parent tree (so the link is reachable from the tree and the tree from the link)."""
        key = self.next_key
        self.next_key += 1
        annotation[_name("/StructParent")] = NumberObject(key)
        annotation[_name("/Contents")] = TextStringObject(contents)
        element = DictionaryObject({
            _name("/Type"): _name("/StructElem"),
            _name("/S"): _name("/Link"),
            _name("/P"): section.indirect_reference,
            _name("/Pg"): page.indirect_reference,
            _name("/Alt"): TextStringObject(contents),
            _name("/K"): ArrayObject([DictionaryObject({
                _name("/Type"): _name("/OBJR"),
                _name("/Obj"): annotation.indirect_reference,
                _name("/Pg"): page.indirect_reference,
            })]),
        })  # fmt: skip
        ref = self.writer._add_object(element)
        section["/K"].append(ref)
        self.numbers.append((key, ref))
        page[_name("/Tabs")] = _name("/S")  # tab order follows the structure

    def finish(self) -> None:
        """The tree in the catalogue, with the parent tree, and the document marked tagged."""
        self.root[_name("/K")] = self.document_ref
        nums = ArrayObject()
        for key, value in sorted(self.numbers, key=lambda pair: pair[0]):
            nums.extend([NumberObject(key), value])
        parent_tree = DictionaryObject({_name("/Nums"): nums})
        self.root[_name("/ParentTree")] = self.writer._add_object(parent_tree)
        self.root[_name("/ParentTreeNextKey")] = NumberObject(self.next_key)
        if self.role_map:
            self.root[_name("/RoleMap")] = self.role_map
        catalogue = self.writer._root_object
        catalogue[_name("/StructTreeRoot")] = self.root_ref
        catalogue[_name("/MarkInfo")] = DictionaryObject({_name("/Marked"): BooleanObject(True)})
        viewer = catalogue.get("/ViewerPreferences")
        viewer = viewer.get_object() if viewer is not None else DictionaryObject()
        viewer[_name("/DisplayDocTitle")] = BooleanObject(True)  # the title, not the file name
        catalogue[_name("/ViewerPreferences")] = viewer


class _Copier:
    """Copies one part's structure elements into the writer, mapping its pages to the merged
    document's and remembering which copy each element became (for the parent tree)."""

    def __init__(self, writer: PdfWriter, page_map: dict[int, IndirectObject], alt: str | None):
        self.writer = writer
        self.page_map = page_map
        self.alt = alt
        self.copies: dict[int, IndirectObject] = {}

    def kids(self, value: PdfObject | None, parent: IndirectObject) -> list[PdfObject]:
        out: list[PdfObject] = []
        for kid in _as_list(value):
            if isinstance(kid, IndirectObject):
                node = kid.get_object()
                if isinstance(node, DictionaryObject) and "/S" in node:  # an element
                    out.append(self.element(kid, parent))
                    continue
                out.append(self.marked(node))
            elif isinstance(kid, DictionaryObject):
                if "/S" in kid:  # a direct element (unusual, allowed)
                    out.append(self.element(kid, parent))
                else:
                    out.append(self.marked(kid))
            else:
                out.append(NumberObject(int(kid)))  # a marked-content id on the element's page
        return out

    def marked(self, node: DictionaryObject) -> DictionaryObject:
        """A marked-content or object reference, its page (and object) mapped."""
        copy = DictionaryObject()
        for key, value in node.items():
            if key == "/Pg":
                copy[_name(key)] = self.page(value)
            elif key == "/Obj":
                copy[_name(key)] = value.clone(self.writer)  # the page's annotation, copied
            else:
                copy[_name(key)] = value.clone(self.writer)
        return copy

    def element(self, source: PdfObject, parent: IndirectObject) -> IndirectObject:
        node = source.get_object()
        copy = DictionaryObject()
        ref = self.writer._add_object(copy)
        if isinstance(source, IndirectObject):
            self.copies[source.idnum] = ref
        for key, value in node.items():
            if key == "/P":
                copy[_name(key)] = parent
            elif key == "/Pg":
                copy[_name(key)] = self.page(value)
            elif key == "/K":
                copy[_name(key)] = ArrayObject(self.kids(value, ref))
            else:
                copy[_name(key)] = value.clone(self.writer)
        if node.get("/S") == "/Figure" and self.alt and "/Alt" not in node:
            copy[_name("/Alt")] = TextStringObject(self.alt)
        return ref

    def page(self, value: PdfObject) -> PdfObject:
        if isinstance(value, IndirectObject) and value.idnum in self.page_map:
            return self.page_map[value.idnum]
        return NullObject()

    def parent_entry(self, value: PdfObject) -> PdfObject:
        """A parent tree entry: a page's array of elements by marked-content id, or one
        element (an annotation's), as the copies."""
        resolved = value.get_object()
        if isinstance(resolved, ArrayObject):
            return self.writer._add_object(ArrayObject(self._copied(item) for item in resolved))
        return self._copied(value)

    def _copied(self, item: PdfObject) -> PdfObject:
        if isinstance(item, IndirectObject) and item.idnum in self.copies:
            return self.copies[item.idnum]
        return NullObject()


def _as_list(value: PdfObject | None) -> list[PdfObject]:
    if value is None:
        return []
    resolved = value.get_object() if isinstance(value, IndirectObject) else value
    if isinstance(resolved, ArrayObject):
        return list(resolved)
    return [value]


def _number_tree(node: PdfObject | None) -> list[tuple[int, PdfObject]]:
    """A number tree's entries, in order, from its leaves."""
    if node is None:
        return []
    node = node.get_object()
    entries: list[tuple[int, PdfObject]] = []
    nums = node.get("/Nums")
    if nums is not None:
        nums = nums.get_object()
        entries += [(int(nums[i]), nums[i + 1]) for i in range(0, len(nums) - 1, 2)]
    for kid in node.get("/Kids", ()):
        entries += _number_tree(kid)
    return entries
