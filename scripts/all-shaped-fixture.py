#!/usr/bin/env python3
"""Writes tests/fixtures/economics/psa/all-shaped.json: a fixture shaped like the ALL pathway
(the same nodes, edges and decisions, plus one relapse loop) whose every chance branch has a
figure and a distribution, for `carepath psa` tests and its bench. Its figures and
distributions are made up here and come from no source: it is not a clinical pathway.

Usage: python3 scripts/all-shaped-fixture.py   (from the repository root)
"""
import json

SRC = [{"source": "src"}]
pathway = json.load(open("pathways/adult-all.json"))
nodes = []
for n in pathway["nodes"]:
    keep = {k: n[k] for k in ("id", "kind", "label", "outcome", "duration", "choice", "modality") if k in n}
    if "option_sets" in n:
        keep["option_sets"] = [{k: v for k, v in o.items() if k != "sources"} for o in n["option_sets"]]
    if keep.get("kind") == "decision" and n.get("choice") == "multiple":
        keep["kind"] = "phase"  # drawn as a chance of each branch here
        del keep["choice"]
    keep["sources"] = SRC
    nodes.append(keep)
kinds = {n["id"]: n["kind"] for n in nodes}


def dirichlet(p, alpha):
    return {"about": p, "distribution": {"kind": "dirichlet", "alpha": alpha}}


figures = {
    ("induction_standard", "first_remission"): {"about": [0.8, 0.9], "distribution": {"kind": "beta", "from": "range"}},
    ("induction_reduced", "first_remission"): {"about": [0.8, 0.9], "distribution": {"kind": "beta", "from": "range"}},
    ("remission_after_first_line", "long_term_remission_first_line"): dirichlet(0.5, 50),
    ("remission_after_first_line", "relapse"): dirichlet(0.5, 50),
    ("relapse_again", "relapse_approach"): {"low": 0.2, "high": 0.4, "base": 0.3, "distribution": {"kind": "uniform"}},
    ("relapse_again", "after_failure"): {"low": 0.6, "high": 0.8, "base": 0.7},
}
edges = []
seen = set()
for e in pathway["edges"]:
    key = (e["from"], e["to"], e.get("kind", "next"))
    if key in seen:  # two conditioned ways to one step become one chance branch here
        continue
    seen.add(key)
    keep = {k: e[k] for k in ("from", "to", "kind", "when", "option_set", "likelihood") if k in e}
    if kinds.get(e["from"]) == "phase" and "when" in keep:
        del keep["when"]
    edges.append(keep)
edges.append({"from": "relapse_again", "to": "relapse_approach"})
out = {}
for e in edges:
    if e.get("kind", "next") == "next":
        out.setdefault(e["from"], []).append(e)
for frm, group in out.items():
    if len(group) < 2 or kinds.get(frm) == "decision":
        continue
    for e in group:
        e.pop("likelihood", None)
        given = figures.get((frm, e["to"]))
        if given is not None:
            e["probability"] = given
        elif (frm, group[0]["to"]) in figures and figures[(frm, group[0]["to"])].get("distribution", {}).get("kind") == "beta":
            e["probability"] = {"about": [0.1, 0.2]}  # rescaled after its drawn sibling
        else:
            share = 1 / len(group)
            e["probability"] = {
                "low": round(share / 2, 3),
                "high": round(min(1, share * 1.5), 3),
                "distribution": {"kind": "dirichlet", "alpha": 20},
            }
for n in nodes:
    if n["id"] == "consolidation":
        n["duration"] = dict(n["duration"], distribution={"kind": "gamma", "from": "range"})
fixture = {
    "id": "all-shaped",
    "title": "A fixture shaped like the adult ALL pathway, with made-up distributions",
    "version": "1",
    "description": "Made by scripts/all-shaped-fixture.py from pathways/adult-all.json for carepath psa tests and "
    "benches: the same steps and decisions and one relapse loop; every figure and distribution on its chance "
    "branches is made up here. Not a clinical pathway, and not medical advice.",
    "factors": [{k: v for k, v in f.items() if k != "sources"} for f in pathway["factors"]],
    "sources": [{"id": "src", "title": "Made-up fixture"}],
    "groups": pathway.get("groups", []),
    "nodes": nodes,
    "edges": edges,
}
for n in fixture["nodes"]:
    if "group" in n:
        del n["group"]
fixture.pop("groups")
with open("tests/fixtures/economics/psa/all-shaped.json", "w") as f:
    json.dump(fixture, f, indent=2, ensure_ascii=False)
    f.write("\n")
