#!/usr/bin/env python3
"""Tests of the measuring in scripts/layout-quality, on hand-made SVG snippets.

    python3 scripts/test_layout_quality.py        (also run by `cargo test --test layout_quality`)

Standard library only (unittest).
"""

import importlib.machinery
import importlib.util
import sys
import unittest
from pathlib import Path

_PATH = Path(__file__).resolve().parent / "layout-quality"
_LOADER = importlib.machinery.SourceFileLoader("layout_quality", str(_PATH))
_SPEC = importlib.util.spec_from_loader("layout_quality", _LOADER)
lq = importlib.util.module_from_spec(_SPEC)
sys.modules["layout_quality"] = lq
_LOADER.exec_module(lq)


def builtin_svg(nodes, edges, extra=""):
    """A built-in-style SVG: nodes as (id, x, y, w, h), edges as (from, to, d)."""
    parts = ['<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 500 400">']
    for k, (f, t, d) in enumerate(edges):
        parts.append(f'<path class="edge" data-edge="{k}" data-from="{f}" data-to="{t}" d="{d}" marker-end="url(#arrow)"/>')
    for n, x, y, w, h in nodes:
        parts.append(f'<g class="node phase" data-node="{n}"><title>label of {n}</title><rect x="{x}" y="{y}" width="{w}" height="{h}"/><text>{n}</text></g>')
    parts.append(extra)
    parts.append("</svg>")
    return "\n".join(parts)


def measure(svg):
    return lq.measure(lq.read_svg(svg))


# Four boxes at the corners of a square, far apart.
CORNERS = [("a", 0, 0, 20, 10), ("b", 200, 0, 20, 10), ("c", 0, 200, 20, 10), ("d", 200, 200, 20, 10)]


class Crossings(unittest.TestCase):
    def test_two_crossing_unrelated_edges_count_one(self):
        m = measure(builtin_svg(CORNERS, [("a", "d", "M10,10 L210,200"), ("b", "c", "M210,10 L10,200")]))
        self.assertEqual(m["crossings"], 1)

    def test_related_edges_do_not_count(self):
        # Both edges end at d: they meet there, and also cross on the way.
        m = measure(builtin_svg(CORNERS, [("a", "d", "M10,10 L210,200"), ("b", "d", "M210,10 L10,100 L210,200")]))
        self.assertEqual(m["crossings"], 0)

    def test_a_crossing_at_a_bend_counts_once(self):
        # The second path bends exactly on the first one.
        m = measure(builtin_svg(CORNERS, [("a", "c", "M10,10 L10,200"), ("b", "d", "M210,10 L10,100 L210,200")]))
        self.assertEqual(m["crossings"], 1)

    def test_two_meeting_points_of_one_pair_count_two(self):
        m = measure(builtin_svg(CORNERS, [("a", "c", "M10,10 L10,200"), ("b", "d", "M210,10 L0,100 L210,200")]))
        self.assertEqual(m["crossings"], 2)

    def test_curves_are_sampled(self):
        # An S-shaped cubic a -> d and a quadratic b -> c (a straight line) cross once.
        m = measure(builtin_svg(CORNERS, [("a", "d", "M10,10 C150,10 150,200 210,200"), ("b", "c", "M210,10 Q110,105 10,200")]))
        self.assertEqual(m["crossings"], 1)


class ThroughBoxes(unittest.TestCase):
    def test_an_edge_through_a_third_box_counts(self):
        nodes = [("a", 0, 0, 20, 10), ("m", 0, 100, 20, 10), ("c", 0, 200, 20, 10)]
        m = measure(builtin_svg(nodes, [("a", "c", "M10,10 L10,200")]))
        self.assertEqual(m["edges_through_boxes"], 1)
        self.assertEqual(m["through"], [["a->c", "m"]])

    def test_an_edge_grazing_a_box_within_one_pixel_does_not_count(self):
        nodes = [("a", 0, 0, 20, 10), ("m", 10.5, 100, 20, 10), ("c", 0, 200, 20, 10)]
        m = measure(builtin_svg(nodes, [("a", "c", "M10,10 L11,200")]))
        self.assertEqual(m["edges_through_boxes"], 0)

    def test_an_edge_into_its_own_ends_does_not_count(self):
        nodes = [("a", 0, 0, 20, 10), ("c", 0, 200, 20, 10)]
        m = measure(builtin_svg(nodes, [("a", "c", "M10,5 L10,205")]))
        self.assertEqual(m["edges_through_boxes"], 0)

    def test_a_diamond_is_its_polygon_not_its_bounding_box(self):
        diamond = '<g class="node decision" data-node="q"><polygon points="100,100 140,120 100,140 60,120"/></g>'
        nodes = [("a", 60, 0, 20, 10), ("c", 60, 200, 20, 10)]
        # Both lines cross the diamond's bounding box (x 60..140). At x = 62 the diamond is
        # 2 px tall, nothing once shrunk by 1 px; at x = 70 it spans y 115..125.
        outside = measure(builtin_svg(nodes, [("a", "c", "M62,10 L62,200")], diamond))
        self.assertEqual(outside["edges_through_boxes"], 0)
        inside = measure(builtin_svg(nodes, [("a", "c", "M70,10 L70,200")], diamond))
        self.assertEqual(inside["edges_through_boxes"], 1)


class SharedEnds(unittest.TestCase):
    def test_two_ends_within_two_pixels_on_one_box_are_shared(self):
        nodes = [("a", 0, 0, 100, 10), ("b", 0, 200, 20, 10), ("c", 80, 200, 20, 10)]
        m = measure(builtin_svg(nodes, [("a", "b", "M50,10 L10,200"), ("a", "c", "M51.5,10 L90,200")]))
        self.assertEqual(m["edge_ends"], 4)
        self.assertEqual(m["shared_ends"], 2)
        self.assertAlmostEqual(m["shared_percent"], 50.0)

    def test_ends_three_pixels_apart_are_not_shared(self):
        nodes = [("a", 0, 0, 100, 10), ("b", 0, 200, 20, 10), ("c", 80, 200, 20, 10)]
        m = measure(builtin_svg(nodes, [("a", "b", "M50,10 L10,200"), ("a", "c", "M53,10 L90,200")]))
        self.assertEqual(m["shared_ends"], 0)


class Lengths(unittest.TestCase):
    def test_length_and_detour(self):
        nodes = [("a", 0, 0, 20, 10), ("c", 0, 100, 20, 10)]
        m = measure(builtin_svg(nodes, [("a", "c", "M10,10 l30,40 l-30,40")]))
        self.assertAlmostEqual(m["total_length"], 100.0)
        self.assertAlmostEqual(m["worst_detour"], 100.0 / 80.0)

    def test_path_commands(self):
        subpaths = lq.parse_path("M0,0 H10 v10 h-10 Z")
        self.assertEqual(subpaths, [[(0.0, 0.0), (10.0, 0.0), (10.0, 10.0), (0.0, 10.0), (0.0, 0.0)]])
        (arc,) = lq.parse_path("M0,0 c0,10 10,10 10,0")
        self.assertEqual(arc[-1], (10.0, 0.0))
        self.assertTrue(any(abs(p[1] - 7.5) < 0.2 and abs(p[0] - 5) < 0.5 for p in arc))


GRAPHVIZ = """<?xml version="1.0" encoding="UTF-8" standalone="no"?>
<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">
<svg width="300pt" height="200pt" viewBox="0.00 0.00 300.00 200.00" xmlns="http://www.w3.org/2000/svg">
<g id="graph0" class="graph" transform="scale(1 1) rotate(0) translate(4 196)">
<g id="node&#45;first" class="node"><title>n0</title><ellipse cx="50" cy="-170" rx="27" ry="18"/></g>
<g id="node&#45;second" class="node"><title>n1</title><polygon points="77,-36 23,-36 23,0 77,0 77,-36"/></g>
<g id="node9" class="node"><title>legend</title><polygon points="0,-100 200,-100 200,-90 0,-90 0,-100"/></g>
<g id="edge1" class="edge"><title>n0&#45;&gt;n1</title>
<path d="M50,-152C50,-120 50,-80 50,-46"/>
<polygon points="53.5,-46 50,-36 46.5,-46 53.5,-46"/></g>
</g></svg>"""


class GraphvizFormat(unittest.TestCase):
    def test_nodes_edges_transform_and_arrow_tip(self):
        d = lq.read_svg(GRAPHVIZ)
        self.assertEqual(sorted(d.boxes), ["first", "second"])  # not the legend
        self.assertEqual(d.boxes["second"].bbox, (27.0, 160.0, 81.0, 196.0))
        (edge,) = d.edges
        self.assertEqual((edge.source, edge.target), ("first", "second"))
        self.assertEqual(edge.points[0], (54.0, 44.0))
        self.assertEqual(edge.points[-1], (54.0, 160.0))  # the arrowhead's tip
        m = lq.measure(d)
        self.assertAlmostEqual(m["total_length"], 116.0)
        self.assertEqual(m["edges_through_boxes"], 0)  # the legend is not a node


if __name__ == "__main__":
    unittest.main()
