"""BPMNDI layout of one pool, computed from the blueprint grid (no auto-layouter).

The grid:

* **Columns** follow the file order. The nodes of a blueprint form *bands*: runs of nodes of
  the same phase, left to right in file order (a phase is drawn as a group around its band).
  Within a band a flow node's column is one more than the column of the furthest node that
  flows into it from earlier in the file (longest path), so alternative branches share columns.
  Flows to earlier nodes are loops and do not count.
* **Rows** are the lanes, in lane order. Two flow nodes in the same lane and column are stacked
  in *tracks* (sub-rows): a node keeps the track of the node leading to it when that cell is
  free and nothing stands between the two on it, else takes the next such track below, so
  branches spread downwards without overlap.
* Every cell reserves room for what hangs on its node: legal annotation and gateway label
  above, timers with their "term expired" ends and data store references below, event labels
  below. Column widths and track heights are the maxima over their cells, so nothing overlaps.

Edges are orthogonal and routed through free space only (``routing.py``): along a track when
the cells in between are empty, through the vertical *gutters* between columns, and through
horizontal *corridors* reserved above tracks. Parallel segments in one gutter or corridor get
their own offset, so edges never run over shapes or along each other.
"""

from __future__ import annotations

import bisect

from pwib_dsl.backends.bpmn import routing
from pwib_dsl.backends.bpmn.graph import Process, Vertex
from pwib_dsl.backends.bpmn.text import LINE_HEIGHT, text_px, wrap_count

TASK_W = 120
TASK_MAX_W = 220
TASK_MIN_H = 80
#: room above and below a task's text for its icon (top left), timers and markers (bottom)
TEXT_CLEARANCE = 27
_MARKED = frozenset(("userTask", "manualTask", "serviceTask", "sendTask", "receiveTask",
                     "scriptTask", "callActivity"))
GATEWAY = 50
EVENT = 36
STORE = 50
GATEWAY_LABEL_W = 124
ANNOTATION_W = 170
POOL_LABEL = 30
LANE_LABEL = 30
TRACK_PAD = 24
LANE_MIN = 110
BAND_GAP = 8  # between a group border and the shapes of its band
POOL_GAP = 60


class Geometry:
    """Shapes and edges of one pool, in writing order, plus the pool's bottom edge."""

    def __init__(self) -> None:
        # (bpmn id, x, y, w, h, extra DI attributes, label bounds or None)
        self.shapes: list[tuple] = []
        # (bpmn id, [(x, y), ...], label bounds or None)
        self.edges: list[tuple] = []
        self.bottom = 0
        self.right = 0


def _lines(text: str | None, width: int) -> int:
    return wrap_count(text, width) if text else 0


class _Cell:
    """The room a vertex needs around its centre: extents and its hanging parts (relative)."""

    __slots__ = ("w", "h", "left", "right", "above", "below", "parts")

    def __init__(self, w: int, h: int) -> None:
        self.w, self.h = w, h
        self.left = self.right = w // 2
        self.above = self.below = h // 2
        self.parts: dict = {}

    def grow(self, left=0, right=0, above=0, below=0) -> None:
        self.left = max(self.left, left)
        self.right = max(self.right, right)
        self.above = max(self.above, above)
        self.below = max(self.below, below)


def _even(n: int) -> int:
    return n + (n & 1)


def measure(v: Vertex, label_upper_left: bool = False) -> _Cell:
    """Size of a vertex and the relative placement of everything hanging on it.

    A gateway's label sits above it, or to its upper left when a branch leaves through the
    top corner (``label_upper_left``).
    """
    if v.kind == "task":
        name = v.name or ""
        # wide enough for the longest word (bpmn-js breaks a word that does not fit without a
        # hyphen), and tall enough that the centred text clears the task-type icon at the top
        # left, the timers on the bottom edge and a call activity's marker
        longest = max((text_px(word) for word in name.split()), default=0)
        w = max(TASK_W, 42 * len(v.boundaries) + 24, min(TASK_MAX_W, _even(longest + 24)))
        lines = wrap_count(name, w - 12)
        margin = TEXT_CLEARANCE if v.tag in _MARKED or v.boundaries else 13
        h = _even(max(TASK_MIN_H, lines * LINE_HEIGHT + 2 * margin))
        cell = _Cell(w, h)
        _hang_below_task(cell, v)
    elif v.kind in ("gateway", "join"):
        cell = _Cell(GATEWAY, GATEWAY)
        if v.name:
            longest = max((text_px(word) for word in v.name.split()), default=0)
            lw = _even(min(180, max(GATEWAY_LABEL_W, longest + 12)))
            lh = _lines(v.name, lw - 4) * LINE_HEIGHT
            if label_upper_left:
                left = GATEWAY // 2 + 4 + lw
                cell.parts["label"] = (-left, -6 - lh, lw, lh)
                cell.grow(left, 0, 6 + lh)
            else:
                top = -GATEWAY // 2 - 6 - lh
                cell.parts["label"] = (-lw // 2, top, lw, lh)
                cell.grow(lw // 2, lw // 2, -top)
    else:  # start and end events: the label below, as wide as its longest word needs
        cell = _Cell(EVENT, EVENT)
        if v.name:
            longest = max((text_px(word) for word in v.name.split()), default=0)
            lw = _even(min(160, max(90, longest + 12)))
            lh = _lines(v.name, lw - 4) * LINE_HEIGHT
            cell.parts["label"] = (-lw // 2, EVENT // 2 + 6, lw, lh)
            cell.grow(lw // 2, lw // 2, 0, EVENT // 2 + 6 + lh)
    if v.annotation is not None:
        aw = max(ANNOTATION_W, cell.w)
        ah = _lines(v.annotation.text, aw - 12) * LINE_HEIGHT + 12
        bottom = -cell.above - 14
        cell.parts["annotation"] = (-aw // 2, bottom - ah, aw, ah)
        cell.grow(aw // 2, aw // 2, -(bottom - ah))
    return cell


SITUATION_LABEL_W = 160


def _situation_parts(b, end_x: int, ey: int, glh: int) -> dict:
    """Where a conditional term's gateway, its two ends and their flow labels hang (relative
    to the task's centre): the gateway in the place of the end, "applies" straight on to the
    "term expired" end, the default branch down and on to "term does not apply"."""
    sit = b.situation
    gx = end_x + 7
    ex = gx + GATEWAY // 2 + 190
    ey2 = ey + 90
    yes_w, yes_h = routing.label_box(sit.yes_name)
    no_w, no_h = routing.label_box(sit.no_name)
    return {
        "gateway": (gx, ey, (gx + 30, ey - 6 - glh, SITUATION_LABEL_W, glh)),
        "yes_end": (ex, ey),
        "no_end": (ex, ey2),
        "yes_label": (gx + 30, ey + 4, yes_w, yes_h),
        "no_label": (gx + 6, ey2 - 4 - no_h, no_w, no_h),
    }


def _hang_below_task(cell: _Cell, v: Vertex) -> None:
    """Timers on the bottom edge (right), their ends further right, data stores below (left)."""
    hw, hh = cell.w // 2, cell.h // 2
    timers = []
    count = len(v.boundaries)
    end_x = hw - 22 + 120  # every "term expired" end sits in one column right of the timers
    y = hh + EVENT // 2
    situations = {}
    for k in range(count - 1, -1, -1):  # rightmost timer gets the highest end
        b = v.boundaries[k]
        bx = hw - 22 - 42 * (count - 1 - k)
        label_w = end_x - EVENT // 2 - bx - 12
        lh = _lines(b.name, label_w - 4) * LINE_HEIGHT
        if b.situation is not None:
            glh = _lines(b.situation.name, SITUATION_LABEL_W - 4) * LINE_HEIGHT
            ey = y + 8 + max(lh, glh) + 8
            situations[b.id] = _situation_parts(b, end_x, ey, glh)
            last = situations[b.id]["no_end"][1]
        else:
            ey = y + 8 + lh + 8
            last = ey
        timers.append((b, bx, ey, (bx + 6, ey - 4 - lh, label_w, lh)))
        # the next timer's flow passes below this end's label (two lines at most)
        y = last + EVENT // 2 + 8 + 2 * LINE_HEIGHT + 6
    timers.reverse()
    cell.parts["timers"] = (timers, end_x)
    cell.parts["situations"] = situations
    bottom = hh
    right_edge = hw
    if timers:
        lowest = max([t[2] for t in timers] + [p["no_end"][1] for p in situations.values()])
        end_lines = max(_lines(b.end_name, 86) for b in v.boundaries)
        bottom = lowest + EVENT // 2 + 8 + max(end_lines, 2) * LINE_HEIGHT
        right_edge = end_x + 45
        for p in situations.values():
            right_edge = max(right_edge, p["yes_end"][0] + 45)
    stores = []
    if v.stores:
        # a label is as wide as its longest word needs (within limits), at least 90px
        widths = [min(150, max(90, max(text_px(w) for w in (s.name.split() or [""])) + 12))
                  for s in v.stores]
        slots = [w + 10 for w in widths]
        if timers:
            right = timers[0][1] - 24  # the leftmost timer's flow runs down here
            centres, edge = [], right
            for slot in reversed(slots):
                centres.append(edge - slot // 2)
                edge -= slot
            centres.reverse()
            limit = right
        else:
            edge = -sum(slots) // 2
            centres = []
            for slot in slots:
                centres.append(edge + slot // 2)
                edge += slot
            limit = hw - 8
        top = hh + 36
        for s, cx, lw in zip(v.stores, centres, widths):
            lh = _lines(s.name, lw - 4) * LINE_HEIGHT
            start_x = min(max(cx, -hw + 8), limit)
            stores.append((s, cx, top, (cx - lw // 2, top + STORE + 4, lw, lh), start_x))
            bottom = max(bottom, top + STORE + 4 + lh)
        cell.grow(max(-c + lw // 2 for c, lw in zip(centres, widths)),
                  max(c + lw // 2 for c, lw in zip(centres, widths)))
    cell.parts["stores"] = stores
    cell.grow(0, right_edge, 0, bottom)


# ---------------------------------------------------------------------- grid


def _contains(sorted_list, value: int) -> bool:
    i = bisect.bisect_left(sorted_list, value)
    return i < len(sorted_list) and sorted_list[i] == value


class Grid:
    """Columns and tracks of the vertices of one pool, and cell occupancy queries."""

    def __init__(self, proc: Process) -> None:
        self.proc = proc
        vertices = proc.vertices
        self.by_id = {v.id: v for v in vertices}
        flows = [(self.by_id[f.source], self.by_id[f.target]) for f in proc.flows]
        # an interrupting timer leads from its task to its target like a flow out of the task
        flows += [(v, self.by_id[b.target]) for v in vertices for b in v.boundaries
                  if b.target is not None]
        preds: dict[str, list[Vertex]] = {}
        for s, t in flows:
            if s.order < t.order:
                preds.setdefault(t.id, []).append(s)
        self.col: dict[str, int] = {}
        band_start, current_band, highest = 0, 0, -1
        for v in vertices:
            if v.band != current_band:
                current_band, band_start = v.band, highest + 1
            col = band_start
            for p in preds.get(v.id, ()):
                col = max(col, self.col[p.id] + 1)
            self.col[v.id] = col
            highest = max(highest, col)
        self.ncols = highest + 1
        self.col_band = [0] * self.ncols
        for v in vertices:
            self.col_band[self.col[v.id]] = v.band
        # tracks within lanes, then global track numbers
        lane_tracks: dict[int, int] = {}
        local: dict[str, int] = {}
        row: dict[tuple[int, int], list[int]] = {}  # (lane, track) → occupied columns, sorted
        for v in vertices:
            c = self.col[v.id]
            lead = next((p for p in preds.get(v.id, ()) if p.lane == v.lane), None)
            want = local[lead.id] if lead is not None else 0
            track = None
            if lead is not None and self.col[lead.id] < c - 1:
                # prefer a track on which nothing stands between the node leading here and
                # this one, so the flow can run straight along it
                for t in range(want, want + 4):
                    cols = row.get((v.lane, t), [])
                    lo = bisect.bisect_right(cols, self.col[lead.id])
                    if lo == bisect.bisect_right(cols, c):
                        track = t
                        break
            if track is None:
                track = want
                while _contains(row.get((v.lane, track), ()), c):
                    track += 1
            bisect.insort(row.setdefault((v.lane, track), []), c)
            local[v.id] = track
            lane_tracks[v.lane] = max(lane_tracks.get(v.lane, 0), track + 1)
        self.lane_first: list[int] = []
        self.lane_count: list[int] = []
        total = 0
        for lane in range(len(proc.lanes)):
            self.lane_first.append(total)
            self.lane_count.append(lane_tracks.get(lane, 0))
            total += lane_tracks.get(lane, 0)
        self.ntracks = total
        self.track = {v.id: self.lane_first[v.lane] + local[v.id] for v in vertices}
        self._cols_in_track: list[list[int]] = [[] for _ in range(total)]
        self._tracks_in_col: list[list[int]] = [[] for _ in range(self.ncols)]
        for v in vertices:
            self._cols_in_track[self.track[v.id]].append(self.col[v.id])
            self._tracks_in_col[self.col[v.id]].append(self.track[v.id])
        for lst in self._cols_in_track + self._tracks_in_col:
            lst.sort()

    def row_clear(self, track: int, c0: int, c1: int) -> bool:
        """No vertex in ``track`` strictly between columns ``c0`` and ``c1``."""
        lo, hi = min(c0, c1), max(c0, c1)
        cols = self._cols_in_track[track]
        return bisect.bisect_right(cols, lo) == bisect.bisect_left(cols, hi)

    def column_clear(self, col: int, t0: int, t1: int) -> bool:
        """No vertex in column ``col`` in tracks ``t0..t1`` (inclusive)."""
        lo, hi = min(t0, t1), max(t0, t1)
        tracks = self._tracks_in_col[col]
        return bisect.bisect_left(tracks, lo) == bisect.bisect_right(tracks, hi)


# ---------------------------------------------------------------------- placement


def layout(proc: Process, top: int, left: int = 160) -> Geometry:
    """Place the pool of ``proc`` with its top-left corner at (``left``, ``top``)."""
    grid = Grid(proc)
    routes = routing.plan(proc, grid)
    upper_left = routing.label_modes(routes)
    cells = {v.id: measure(v, v.id in upper_left) for v in proc.vertices}
    track_above, corridor_room = routing.reserve_label_room(proc, grid, routes, cells)
    gutters, corridors = routing.assign_slots(grid, routes)

    # column extents and x positions
    left_ext = [0] * grid.ncols
    right_ext = [0] * grid.ncols
    for v in proc.vertices:
        c, cell = grid.col[v.id], cells[v.id]
        left_ext[c] = max(left_ext[c], cell.left)
        right_ext[c] = max(right_ext[c], cell.right)
    band_edge = [False] * (grid.ncols + 1)
    for g in range(1, grid.ncols):
        band_edge[g] = grid.col_band[g] != grid.col_band[g - 1]
    gutter_w = []
    for g in range(grid.ncols + 1):
        slots = gutters.get(g, 0)
        width = max(40, 2 * routing.GUTTER_PAD + max(slots - 1, 0) * routing.SLOT)
        if band_edge[g] or g in (0, grid.ncols):
            width += 2 * BAND_GAP
        gutter_w.append(width)
    content_left = left + POOL_LABEL + LANE_LABEL
    gutter_x = [content_left]
    col_x = []
    x = content_left + gutter_w[0]
    for c in range(grid.ncols):
        col_x.append(x + left_ext[c])  # centre line of the column
        x += left_ext[c] + right_ext[c]
        gutter_x.append(x)
        x += gutter_w[c + 1]
    pool_right = x

    # track extents and y positions
    above = [0] * grid.ntracks
    below = [0] * grid.ntracks
    for v in proc.vertices:
        t, cell = grid.track[v.id], cells[v.id]
        above[t] = max(above[t], cell.above)
        below[t] = max(below[t], cell.below)
    for t, room in track_above.items():
        above[t] = max(above[t], room)
    header = LINE_HEIGHT * 2 + 12 if proc.groups else 0  # phase names, at most two lines
    track_y = [0] * grid.ntracks
    corridor_y = [0] * grid.ntracks

    def strip(t: int) -> int:  # height of the corridor above track t, with its labels
        slots = corridors.get(t, 0)
        return routing.corridor_height(slots) + (corridor_room.get(t, 0) if slots else 0)

    lane_y = []
    y = top
    for lane_i, lane in enumerate(proc.lanes):
        lane_top = y
        y += header if lane_i == 0 else 0
        first, count = grid.lane_first[lane_i], grid.lane_count[lane_i]
        content = sum(
            strip(t) + 2 * TRACK_PAD + above[t] + below[t]
            for t in range(first, first + count)
        )
        minimum = max(LANE_MIN, min(text_px(lane.name) + 40, 420))
        used = content + (header if lane_i == 0 else 0)
        y += max(0, minimum - used) // 2
        for t in range(first, first + count):
            corridor_y[t] = y
            y += strip(t) + TRACK_PAD
            track_y[t] = y + above[t]
            y = track_y[t] + below[t] + TRACK_PAD
        y = max(y, lane_top + minimum)
        lane_y.append((lane_top, y - lane_top))
    if not proc.lanes:
        y = top + LANE_MIN
    pool_h = y - top

    geo = Geometry()
    geo.bottom, geo.right = y, pool_right
    geo.shapes.append((proc.participant_id, left, top, pool_right - left, pool_h,
                       ' isHorizontal="true"', None))
    for lane, (ly, lh) in zip(proc.lanes, lane_y):
        geo.shapes.append((lane.id, left + POOL_LABEL, ly, pool_right - left - POOL_LABEL, lh,
                           ' isHorizontal="true"', None))
    band_cols: dict[int, list[int]] = {}
    for c, band in enumerate(grid.col_band):
        span = band_cols.setdefault(band, [c, c])
        span[1] = c
    for group in proc.groups:
        first, last = band_cols[group.band]
        gx = gutter_x[first] + gutter_w[first] - BAND_GAP
        gr = gutter_x[last + 1] + BAND_GAP
        label = (gx + 8, top + 6, gr - gx - 16, LINE_HEIGHT * min(
            2, _lines(group.name, gr - gx - 20)))
        geo.shapes.append((group.id, gx, top + 3, gr - gx, pool_h - 6, "", label))

    centre = {v.id: (col_x[grid.col[v.id]], track_y[grid.track[v.id]]) for v in proc.vertices}
    for v in proc.vertices:
        _place_vertex(geo, v, cells[v.id], centre[v.id])
    routing.draw(geo, proc, grid, routes, cells, centre, gutter_x, gutter_w, corridor_y,
                 corridor_room, band_edge)
    for v in proc.vertices:
        _draw_hanging(geo, v, cells[v.id], centre[v.id])
    return geo


def _place_vertex(geo: Geometry, v: Vertex, cell: _Cell, at: tuple[int, int]) -> None:
    cx, cy = at
    extra = ""
    if v.tag == "exclusiveGateway":
        extra = ' isMarkerVisible="true"'
    elif v.tag == "callActivity":
        extra = ' isExpanded="false"'
    label = None
    if "label" in cell.parts:
        lx, ly, lw, lh = cell.parts["label"]
        label = (cx + lx, cy + ly, lw, lh)
    geo.shapes.append((v.id, cx - cell.w // 2, cy - cell.h // 2, cell.w, cell.h, extra, label))
    hh = cell.h // 2
    if v.kind == "task":
        timers, end_x = cell.parts["timers"]
        for b, bx, ey, (lx, ly, lw, lh) in timers:
            geo.shapes.append((b.id, cx + bx - EVENT // 2, cy + hh - EVENT // 2, EVENT, EVENT,
                               "", (cx + lx, cy + ly, lw, lh)))
            parts = cell.parts["situations"].get(b.id)
            if parts is not None:
                gx, gy, (lx, ly, lw, lh) = parts["gateway"]
                geo.shapes.append((b.situation.gateway_id, cx + gx - GATEWAY // 2,
                                   cy + gy - GATEWAY // 2, GATEWAY, GATEWAY,
                                   ' isMarkerVisible="true"', (cx + lx, cy + ly, lw, lh)))
                for eid, (ex, ey2) in ((b.end_id, parts["yes_end"]),
                                       (b.situation.no_end_id, parts["no_end"])):
                    geo.shapes.append((eid, cx + ex - EVENT // 2, cy + ey2 - EVENT // 2, EVENT,
                                       EVENT, "", None))
            elif b.end_id is not None:
                geo.shapes.append((b.end_id, cx + end_x - EVENT // 2, cy + ey - EVENT // 2,
                                   EVENT, EVENT, "", None))
        for s, sx, top, (lx, ly, lw, lh), _start in cell.parts["stores"]:
            geo.shapes.append((s.id, cx + sx - STORE // 2, cy + top, STORE, STORE, "",
                               (cx + lx, cy + ly, lw, lh)))
    if v.annotation is not None:
        ax, ay, aw, ah = cell.parts["annotation"]
        geo.shapes.append((v.annotation.id, cx + ax, cy + ay, aw, ah, "", None))


def _draw_hanging(geo: Geometry, v: Vertex, cell: _Cell, at: tuple[int, int]) -> None:
    """Edges local to a cell: timer flows, data associations, the legal association."""
    cx, cy = at
    hh = cell.h // 2
    if v.kind == "task":
        timers, end_x = cell.parts["timers"]
        for b, bx, ey, _label in timers:
            if b.target is not None:
                continue  # routed to its target with the sequence flows (routing.py)
            parts = cell.parts["situations"].get(b.id)
            if parts is not None:
                gx, gy, _gl = parts["gateway"]
                (ex, _), (_, ey2) = parts["yes_end"], parts["no_end"]
                geo.edges.append((b.flow_id, [(cx + bx, cy + hh + EVENT // 2), (cx + bx, cy + ey),
                                              (cx + gx - GATEWAY // 2, cy + ey)], None))
                lx, ly, lw, lh = parts["yes_label"]
                geo.edges.append((b.situation.yes_flow, [(cx + gx + GATEWAY // 2, cy + ey),
                                                         (cx + ex - EVENT // 2, cy + ey)],
                                  (cx + lx, cy + ly, lw, lh)))
                lx, ly, lw, lh = parts["no_label"]
                geo.edges.append((b.situation.no_flow, [(cx + gx, cy + ey + GATEWAY // 2),
                                                        (cx + gx, cy + ey2),
                                                        (cx + ex - EVENT // 2, cy + ey2)],
                                  (cx + lx, cy + ly, lw, lh)))
                continue
            geo.edges.append((b.flow_id, [(cx + bx, cy + hh + EVENT // 2), (cx + bx, cy + ey),
                                          (cx + end_x - EVENT // 2, cy + ey)], None))
        for s, sx, top, _label, start_x in cell.parts["stores"]:
            geo.edges.append((s.assoc_id, [(cx + start_x, cy + hh), (cx + sx, cy + top)], None))
    if v.annotation is not None:
        ax, ay, aw, ah = cell.parts["annotation"]
        if v.kind in ("gateway", "join"):
            target = (cx, cy - GATEWAY // 2)
            source = (cx + ax + 12, cy + ay + ah)
        else:
            target = (cx, cy - cell.h // 2)
            source = (cx, cy + ay + ah)
        geo.edges.append((v.annotation.assoc_id, [source, target], None))


def message_flow_edges(processes: list[Process], geometries: list[Geometry]) -> Geometry | None:
    """The message flows between a pool and its partners' pools, drawn once every pool has its
    place: down from the sender's bottom edge (a pool's own bottom edge when the pool sends)
    into the gap above the receiver's pool, across, and into the receiver's top, or, for a
    result going back up, from the sender's top into the gap below the receiving pool."""
    flows = [f for p in processes for f in p.message_flows]
    if not flows:
        return None
    box = {}
    for geo in geometries:
        for eid, x, y, w, h, _extra, _label in geo.shapes:
            box[eid] = (x, y, w, h)
    pool_of = {}
    for proc in processes:
        for pool in [proc, *proc.partners]:
            for v in pool.vertices:
                pool_of[v.id] = pool.participant_id
            pool_of[pool.participant_id] = pool.participant_id
    out = Geometry()
    for k, (fid, source, target) in enumerate(flows):
        sx, sy, sw, sh = box[source]
        tx, ty, tw, th = box[target]
        lane_gap = POOL_GAP // 2 - 12 + (k % 4) * 8  # distinct heights for flows side by side
        if pool_of[source] == source:  # the pool itself sends: straight down from its edge
            x = tx + tw // 2
            points = [(x, sy + sh), (x, ty)]
        elif ty > sy:  # down to a partner
            px, py, pw, ph = box[pool_of[target]]
            mid = py - POOL_GAP + lane_gap
            a, b = sx + sw // 2 - 10, tx + tw // 2
            points = [(a, sy + sh), (a, mid), (b, mid), (b, ty)]
        else:  # back up to the waiting pool
            px, py, pw, ph = box[pool_of[target]]
            mid = py + ph + lane_gap
            a, b = sx + sw // 2 + 10, tx + tw // 2 + 10
            points = [(a, sy), (a, mid), (b, mid), (b, ty + th)]
        out.edges.append((fid, points, None))
    return out

