"""Graph helpers shared by the module and journey checks (iterative: no recursion limit)."""

from __future__ import annotations


def sccs(edges: list[list[int]]) -> list[list[int]]:
    """Strongly connected components (Tarjan, iterative), each sorted, in discovery order."""
    index = [-1] * len(edges)
    low = [0] * len(edges)
    on_stack = [False] * len(edges)
    stack: list[int] = []
    out: list[list[int]] = []
    counter = 0
    for root in range(len(edges)):
        if index[root] != -1:
            continue
        work = [(root, 0)]
        while work:
            v, pos = work.pop()
            if pos == 0:
                index[v] = low[v] = counter
                counter += 1
                stack.append(v)
                on_stack[v] = True
            if pos < len(edges[v]):
                work.append((v, pos + 1))
                w = edges[v][pos]
                if index[w] == -1:
                    work.append((w, 0))
                elif on_stack[w]:
                    low[v] = min(low[v], index[w])
                continue
            if low[v] == index[v]:
                comp = []
                while True:
                    w = stack.pop()
                    on_stack[w] = False
                    comp.append(w)
                    if w == v:
                        break
                out.append(sorted(comp))
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[v])
    return out


def shortest_cycle(start: int, edges: list[list[int]], members: set[int]) -> list[int]:
    """A shortest cycle through ``start`` inside one component (breadth-first)."""
    prev = {start: -1}
    queue = [start]
    for v in queue:
        for w in edges[v]:
            if w == start:
                path = [v]
                while prev[path[-1]] != -1:
                    path.append(prev[path[-1]])
                return path[::-1]
            if w in members and w not in prev:
                prev[w] = v
                queue.append(w)
    return [start]
