"""One record from a cluster of duplicates: the fullest record, with what the
others add (a field it lacks, a longer abstract or author list, a fuller date,
their keywords, identifiers and links), and the ids of every record merged
(``Item.custom["merged-from"]``, written by CSL-JSON as ``custom`` and by RIS as
``N1`` notes)."""

from __future__ import annotations

import copy

from citeconv.model import MERGED_FROM, Item

#: Fields where the longest value is the most complete (the others: the kept
#: record's, else the first record's that has one).
_LONGEST = frozenset({"abstract"})


def merge(members: list[Item], kept: int, ids: list[str]) -> Item:
    """``members`` in input order, ``kept`` the index of the fullest, ``ids`` each
    member's own id (as the report gives it)."""
    base = copy.deepcopy(members[kept])
    others = [m for n, m in enumerate(members) if n != kept]
    for other in others:
        for variable, value in other.fields.items():
            held = base.fields.get(variable)
            if not held or (variable in _LONGEST and len(value) > len(held)):
                base.fields[variable] = value
            elif variable == "URL" and value != held:
                urls = base.custom.setdefault("URL", [])
                if value not in urls:
                    urls.append(value)
        for role, people in other.names.items():
            if len(people) > len(base.names.get(role, [])):
                base.names[role] = list(people)  # a list cut short elsewhere
        for variable, date in other.dates.items():
            held_date = base.dates.get(variable)
            if held_date is None or (
                date.parts and held_date.parts and len(date.parts[0]) > len(held_date.parts[0])
            ):
                base.dates[variable] = date
        for keyword in other.keywords:
            if keyword not in base.keywords:
                base.keywords.append(keyword)
        for key, values in other.custom.items():
            if key == MERGED_FROM:
                continue
            held_values = base.custom.setdefault(key, [])
            for value in values:
                if value not in held_values:
                    held_values.append(value)
    base.custom[MERGED_FROM] = list(ids)
    return base
