"""Orthogonal routing of sequence flows through the free space of the layout grid.

A flow leaves its source on the right and enters its target on the left, except branches of a
decision gateway, which leave through the bottom (or top) corner when the gateway's column is
free down (or up) to the target's track. The shapes a route may take, tried in this order:

``A``  straight along the track, when no vertex sits in between;
``B``  from the gateway's corner straight down/up, then along the target's track;
``C``  right into the gutter after the source, down/up, then along the target's track;
``D``  along the source's track to the gutter before the target, then down/up into it;
``E``  via the corridor above a track: gutter after the source, corridor, gutter before the
       target. Loops (flows to an earlier column) always take this way over the top.

Vertical segments sharing a gutter, and horizontal segments sharing a corridor, get distinct
offsets (interval colouring in grid units), so no two routes run along each other and no route
crosses a shape.
"""

from __future__ import annotations

from pwib_dsl.backends.bpmn.text import LINE_HEIGHT, text_px, wrap_count

GUTTER_PAD = 20
SLOT = 12
CORRIDOR_PAD = 18
LABEL_W = 100
_GATEWAY_HALF = 25


class Route:
    __slots__ = ("flow", "kind", "src", "dst", "g1", "g2", "corridor", "s1", "s2", "cs", "timer")

    def __init__(self, flow, kind: str, src, dst, timer=None) -> None:
        self.flow, self.kind, self.src, self.dst = flow, kind, src, dst
        self.g1 = self.g2 = self.corridor = -1
        self.s1 = self.s2 = self.cs = 0
        #: the boundary timer an interrupting time-out leaves from (its task is ``src``)
        self.timer = timer


class _TimerFlow:
    """The flow of an interrupting timer, as routing sees it (named by the timer itself)."""

    __slots__ = ("id", "name")

    def __init__(self, id: str) -> None:
        self.id, self.name = id, None


def plan(proc, grid) -> list[Route]:
    """The shape of every sequence flow's route, from grid occupancy alone."""
    routes = []
    by_id = grid.by_id
    for flow in proc.flows:
        s, t = by_id[flow.source], by_id[flow.target]
        cs, ct = grid.col[s.id], grid.col[t.id]
        rs, rt = grid.track[s.id], grid.track[t.id]
        if ct > cs:
            forks = s.forking
            if rs == rt and grid.row_clear(rs, cs, ct):
                kind = "A"
            elif forks and rt > rs and grid.column_clear(cs, rs + 1, rt) and grid.row_clear(rt, cs, ct):
                kind = "Bdown"
            elif (forks and rt < rs and s.annotation is None and grid.column_clear(cs, rt, rs - 1)
                  and grid.row_clear(rt, cs, ct)):
                kind = "Bup"
            elif grid.row_clear(rt, cs, ct):
                kind = "C"
            elif grid.row_clear(rs, cs, ct):
                kind = "D"
            else:
                kind = "E"
        else:
            kind = "E"
        route = Route(flow, kind, s, t)
        _slots(route, cs, ct, rs, rt)
        routes.append(route)
    for s in proc.vertices:
        for b in s.boundaries:
            if b.target is None:
                continue
            # down from the timer, right under the task to the gutter after it, then as a
            # flow of kind C (down/up to the target's track) or E (over a corridor)
            t = by_id[b.target]
            cs, ct = grid.col[s.id], grid.col[t.id]
            rs, rt = grid.track[s.id], grid.track[t.id]
            kind = "C" if ct > cs and grid.row_clear(rt, cs, ct) else "E"
            route = Route(_TimerFlow(b.flow_id), kind, s, t, b)
            _slots(route, cs, ct, rs, rt)
            routes.append(route)
    return routes


def _slots(route: Route, cs: int, ct: int, rs: int, rt: int) -> None:
    """The gutters (and corridor) a route of kind C, D or E runs through."""
    kind = route.kind
    if kind == "C":
        route.g1 = cs + 1
    elif kind == "D":
        route.g2 = ct
    elif kind == "E":
        route.g1, route.g2 = cs + 1, ct
        # the corridor above the lower of the two tracks lies between them
        route.corridor = max(rs, rt)


def label_modes(routes: list[Route]) -> set[str]:
    """Gateways whose label moves to the upper left (a branch leaves through the top corner)."""
    return {r.src.id for r in routes if r.kind == "Bup"}


def label_box(name: str) -> tuple[int, int]:
    """Width and height of a flow label: wide enough for its longest word (bpmn-js breaks a
    word that does not fit), at least ``LABEL_W``."""
    longest = max((text_px(word) for word in name.split()), default=0)
    width = min(160, max(LABEL_W, longest + 12))
    return width, wrap_count(name, width - 4) * LINE_HEIGHT


def reserve_label_room(proc, grid, routes: list[Route], cells
                       ) -> tuple[dict[int, int], dict[int, int]]:
    """Grow cells for branch labels. Returns the room tracks need above their centre line
    (labels of corner branches) and the room corridors need for labels (loops)."""
    track_above: dict[int, int] = {}
    corridor_room: dict[int, int] = {}
    stacked = _stacked_labels(routes)
    for r in routes:
        name = r.flow.name
        if not name:
            continue
        lw, lh = label_box(name)
        lh += stacked.get(id(r), 0)  # room for the labels of parallel flows stacked above it
        cell = cells[r.src.id]
        half = cell.w // 2
        if r.kind in ("Bdown", "Bup"):
            cell.grow(0, 6 + lw)
            t = grid.track[r.dst.id]
            track_above[t] = max(track_above.get(t, 0), lh + 8)
        elif r.kind == "E":
            # along the corridor, so it cannot meet the label of a branch running straight on
            corridor_room[r.corridor] = max(corridor_room.get(r.corridor, 0), lh + 4)
        else:
            cell.grow(0, half + 4 + lw, 0, 4 + lh)
    return track_above, corridor_room


def _stacked_labels(routes: list[Route]) -> dict[int, int]:
    """Branches that join the same two shapes share one route, so their labels are stacked:
    per route (by ``id``), how far its label moves past the labels of the earlier ones."""
    below: dict[int, int] = {}
    seen: dict[tuple, int] = {}
    for r in routes:
        if not r.flow.name:
            continue
        key = (r.src.id, r.dst.id)
        if key in seen:
            below[id(r)] = seen[key]
        seen[key] = seen.get(key, 0) + label_box(r.flow.name)[1] + 12
    return below


def _colour(segments: list[tuple[int, int, int]]) -> list[int]:
    """Smallest-slot greedy colouring of closed intervals (lo, hi, key), in input order."""
    order = sorted(range(len(segments)), key=lambda i: segments[i])
    ends: list[int] = []
    slots = [0] * len(segments)
    for i in order:
        lo, hi, _ = segments[i]
        for k, end in enumerate(ends):
            if end < lo:
                ends[k] = hi
                slots[i] = k
                break
        else:
            slots[i] = len(ends)
            ends.append(hi)
    return slots


def _centre(track: int) -> int:
    return 3 * track + 2


def _corridor(track: int) -> int:
    return 3 * track + 1


def assign_slots(grid, routes: list[Route]) -> tuple[dict[int, int], dict[int, int]]:
    """Give every gutter and corridor segment an offset; returns slot counts per gutter and
    per corridor track."""
    gutter_segments: dict[int, list] = {}
    owners: dict[int, list] = {}
    corridor_segments: dict[int, list] = {}
    corridor_owners: dict[int, list] = {}
    for i, r in enumerate(routes):
        rs, rt = grid.track[r.src.id], grid.track[r.dst.id]
        # a timer's route enters the gutter below its task's centre line
        start = _centre(rs) + (1 if r.timer is not None else 0)
        if r.kind in ("C", "D"):
            g = r.g1 if r.kind == "C" else r.g2
            a, b = start, _centre(rt)
            gutter_segments.setdefault(g, []).append((min(a, b), max(a, b), i))
            owners.setdefault(g, []).append((r, 1 if r.kind == "C" else 2))
        elif r.kind == "E":
            y = _corridor(r.corridor)
            for g, a, which in ((r.g1, start, 1), (r.g2, _centre(rt), 2)):
                gutter_segments.setdefault(g, []).append((min(a, y), max(a, y), i))
                owners.setdefault(g, []).append((r, which))
            lo, hi = sorted((2 * r.g1, 2 * r.g2))
            corridor_segments.setdefault(r.corridor, []).append((lo, hi, i))
            corridor_owners.setdefault(r.corridor, []).append(r)
    gutters, corridors = {}, {}
    for g, segs in gutter_segments.items():
        slots = _colour(segs)
        for (r, which), k in zip(owners[g], slots):
            if which == 1:
                r.s1 = k
            else:
                r.s2 = k
        gutters[g] = max(slots) + 1
    for t, segs in corridor_segments.items():
        slots = _colour(segs)
        for r, k in zip(corridor_owners[t], slots):
            r.cs = k
        corridors[t] = max(slots) + 1
    return gutters, corridors


def corridor_height(slots: int) -> int:
    return 0 if slots == 0 else 2 * CORRIDOR_PAD + (slots - 1) * SLOT


def draw(geo, proc, grid, routes, cells, centre, gutter_x, gutter_w, corridor_y,
         corridor_room, band_edge) -> None:
    """Waypoints and label bounds of every routed flow, appended to ``geo.edges``."""
    counts: dict[int, int] = {}
    for r in routes:
        if r.g1 >= 0:
            counts[r.g1] = max(counts.get(r.g1, 0), r.s1 + 1)
        if r.g2 >= 0:
            counts[r.g2] = max(counts.get(r.g2, 0), r.s2 + 1)
    last = len(gutter_w) - 1

    def slot_x(g: int, k: int) -> int:
        edge = 8 if (band_edge[g] or g in (0, last)) else 0
        inner = gutter_w[g] - 2 * edge
        n = counts.get(g, 1)
        first = (inner - (n - 1) * SLOT) // 2
        return gutter_x[g] + edge + first + k * SLOT

    stacked = _stacked_labels(routes)
    for r in routes:
        s, t = r.src, r.dst
        (sx, sy), (tx, ty) = centre[s.id], centre[t.id]
        out_x = sx + cells[s.id].w // 2
        in_x = tx - cells[t.id].w // 2
        lead: list[tuple[int, int]] = []
        if r.timer is not None:
            # from the timer on the task's bottom edge down to its stub level, which runs
            # right, under the task and its "term expired" room, into the gutter
            hh = cells[s.id].h // 2
            bx, ey = next((bx, ey) for b, bx, ey, _l in cells[s.id].parts["timers"][0]
                          if b is r.timer)
            lead = [(sx + bx, sy + hh + 18), (sx + bx, sy + ey)]
            sy = sy + ey
        if r.kind == "A":
            points = [(out_x, sy), (in_x, ty)]
        elif r.kind == "Bdown":
            points = [(sx, sy + _GATEWAY_HALF), (sx, ty), (in_x, ty)]
        elif r.kind == "Bup":
            points = [(sx, sy - _GATEWAY_HALF), (sx, ty), (in_x, ty)]
        elif r.kind == "C":
            gx = slot_x(r.g1, r.s1)
            points = [(out_x, sy), (gx, sy), (gx, ty), (in_x, ty)]
        elif r.kind == "D":
            gx = slot_x(r.g2, r.s2)
            points = [(out_x, sy), (gx, sy), (gx, ty), (in_x, ty)]
        else:
            g1, g2 = slot_x(r.g1, r.s1), slot_x(r.g2, r.s2)
            room = corridor_room.get(r.corridor, 0)
            cy = corridor_y[r.corridor] + room + CORRIDOR_PAD + r.cs * SLOT
            points = [(out_x, sy), (g1, sy), (g1, cy), (g2, cy), (g2, ty), (in_x, ty)]
        if lead:
            points = lead + points[1:]
        label = None
        if r.flow.name:
            lw, lh = label_box(r.flow.name)
            if r.kind in ("Bdown", "Bup"):
                label = (sx + 6, ty - 4 - lh, lw, lh)
            elif r.kind == "E":
                g1, g2 = points[1][0], points[3][0]
                x = g1 - 6 - lw if g2 < g1 else g1 + 6
                label = (x, corridor_y[r.corridor] + 2, lw, lh)
            else:
                label = (out_x + 4, sy + 4, lw, lh)
            shift = stacked.get(id(r), 0)
            if shift:
                # corner-branch labels sit above the target's track: stack those upwards
                x, y, w, h = label
                label = (x, y - shift if r.kind in ("Bdown", "Bup") else y + shift, w, h)
        geo.edges.append((r.flow.id, points, label))
