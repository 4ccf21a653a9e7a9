"""Word-level comparison of two versions, section by section, matched on their stable anchors."""

import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from guidance.models import GuidanceSection, GuidanceVersion

# Words with their trailing space, so joining the pieces gives back the text exactly.
_TOKENS = re.compile(r"\S+\s*|\s+")


@dataclass(frozen=True)
class Piece:
    op: str  # "equal", "insert" or "delete"
    text: str


@dataclass
class SectionChange:
    anchor: str
    status: str  # "added", "removed", "changed" or "unchanged"
    heading: list[Piece] = field(default_factory=list)
    body: list[Piece] = field(default_factory=list)

    @property
    def is_changed(self) -> bool:
        return self.status != "unchanged"


def word_diff(old: str, new: str) -> list[Piece]:
    """The pieces that turn `old` into `new`, a word at a time."""
    a, b = _TOKENS.findall(old), _TOKENS.findall(new)
    pieces: list[Piece] = []
    for op, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            pieces.append(Piece("equal", "".join(a[i1:i2])))
            continue
        if i2 > i1:
            pieces.append(Piece("delete", "".join(a[i1:i2])))
        if j2 > j1:
            pieces.append(Piece("insert", "".join(b[j1:j2])))
    return pieces


def _text(section: GuidanceSection | None, name: str, language: str) -> str:
    if section is None:
        return ""
    return getattr(section, f"{name}_{language}")


def compare_versions(old: GuidanceVersion, new: GuidanceVersion, *, language: str = "en") -> list[SectionChange]:
    """Every section of either version, in the new version's order (removed ones where they were)."""
    old_sections = {s.anchor: s for s in old.sections.all()}
    new_sections = list(new.sections.all())
    new_anchors = {s.anchor for s in new_sections}
    order = [s.anchor for s in new_sections]
    for index, anchor in enumerate(old_sections):
        if anchor not in new_anchors:
            order.insert(min(index, len(order)), anchor)
    by_anchor = {s.anchor: s for s in new_sections}
    changes = []
    for anchor in order:
        before, after = old_sections.get(anchor), by_anchor.get(anchor)
        heading = word_diff(_text(before, "heading", language), _text(after, "heading", language))
        body = word_diff(_text(before, "body", language), _text(after, "body", language))
        if before is None:
            status = "added"
        elif after is None:
            status = "removed"
        elif all(piece.op == "equal" for piece in heading + body):
            status = "unchanged"
        else:
            status = "changed"
        changes.append(SectionChange(anchor=anchor, status=status, heading=heading, body=body))
    return changes
