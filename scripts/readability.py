#!/usr/bin/env python3
"""Flesch-Kincaid grade of `carepath summary` for several patient profiles.

Runs `carepath summary FILE --patient P --format html` for each profile, takes the page's
visible text (what a reader sees: the body without the style sheet), one line per block
(heading, paragraph, list item, notice), and prints the Flesch-Kincaid grade of each, as
PyPI textstat computes it, one line per profile: the grade, a tab, the profile ("(empty)"
for the empty one).

A block that does not end in a full stop, question mark or exclamation mark (a heading) is
read as a sentence of its own: textstat finds sentences by their end marks only, and would
otherwise run a heading into the sentence after it.

    python3 scripts/readability.py [--carepath BIN] [--pathway FILE] [PROFILE ...]

Exit codes: 0 printed; 3 textstat is not installed (pip install -r scripts/requirements.txt);
1 carepath failed.
"""

import argparse
import html.parser
import importlib.metadata
import subprocess
import sys

PINNED = "0.7.8"

PROFILES = [
    "",
    "ph_positive=true,lineage=B,age=45",
    "lineage=T,age=70",
    "ph_positive=false,lineage=B,age=30,cns_involvement=true",
    "ph_positive=true,lineage=T,age=66,serious_comorbidity=true,cns_involvement=false,high_risk=true,"
    "sibling_donor=true,kmt2a_mutation=false,relapse_timing=early,transplant_candidate=true",
]

BLOCKS = {"h1", "h2", "h3", "h4", "h5", "h6", "p", "li", "title"}


class Visible(html.parser.HTMLParser):
    """The text of the body, one entry per block; nothing of <head> (title, style)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks = []
        self.current = []
        self.in_body = False
        self.skip = 0

    def flush(self):
        text = " ".join("".join(self.current).split())
        if text:
            self.blocks.append(text)
        self.current = []

    def handle_starttag(self, tag, attrs):
        if tag == "body":
            self.in_body = True
        if tag in ("style", "script"):
            self.skip += 1
        if tag in BLOCKS or tag == "ul":
            self.flush()

    def handle_endtag(self, tag):
        if tag in ("style", "script"):
            self.skip -= 1
        if tag in BLOCKS or tag == "ul":
            self.flush()

    def handle_data(self, data):
        if self.in_body and not self.skip:
            self.current.append(data)


def visible_text(page):
    parser = Visible()
    parser.feed(page)
    parser.flush()
    return "\n".join(b if b[-1] in ".?!" else b + "." for b in parser.blocks)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--carepath", default="target/debug/carepath", help="the carepath binary")
    parser.add_argument("--pathway", default="pathways/adult-all.json", help="the pathway file")
    parser.add_argument("profiles", nargs="*", help="profiles (default: five of the ALL pathway)")
    args = parser.parse_args()
    try:
        import textstat
    except ImportError:
        print("textstat is not installed: pip install -r scripts/requirements.txt", file=sys.stderr)
        return 3
    version = importlib.metadata.version("textstat")
    if version != PINNED:
        print(f"note: textstat {version}, not the pinned {PINNED}: grades may differ", file=sys.stderr)
    for profile in args.profiles or PROFILES:
        command = [args.carepath, "summary", args.pathway, "--format", "html"]
        if profile:
            command += ["--patient", profile]
        run = subprocess.run(command, capture_output=True, text=True)
        if run.returncode != 0:
            print(f"carepath failed ({run.returncode}) for {profile or '(empty)'}: {run.stderr}", file=sys.stderr)
            return 1
        grade = textstat.flesch_kincaid_grade(visible_text(run.stdout))
        print(f"{grade:.1f}\t{profile or '(empty)'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
