"""Links that follow nothing of the year (a deleted line, a renamed group) are found and said so."""

from __future__ import annotations

from sydnarke_tui.core.checks import check
from sydnarke_tui.core.compute import compute
from sydnarke_tui.core.links import broken_links, followers, link_label, link_target, unlinked_message
from sydnarke_tui.core.model import Severity


def test_the_demo_has_no_broken_link(demo):
    assert any(i.link for i in demo.indicators()) and broken_links(demo) == []


def test_a_removed_line_section_or_varav_group_breaks_the_links_that_follow_it(demo):
    inds = demo.indicators()
    line = demo.operating[2]
    child = next(ln for ln in demo.investments if ln.parent_id is not None)
    group = child.label.strip()
    inds[0].link = f"operating/line/{line.id}/outcome"
    inds[1].link = f"investments/varav/{group}/outcome"
    inds[2].link = "operating/section/Ingen/net/outcome"
    inds[3].link = "operating/nonsense"
    demo.operating.remove(line)
    for ln in demo.investments:
        if ln.label.strip() == group:
            ln.label = "Annat namn"
    found = {ind.id: why for ind, why in broken_links(demo)}
    assert found == {inds[0].id: "driftraden har tagits bort",
                     inds[1].id: f"ingen varav-rad heter '{group}'",
                     inds[2].id: "ingen driftrad hör till verksamheten 'Ingen'",
                     inds[3].id: "sökvägen är ingen siffra att följa"}
    assert link_label(inds[0].link, demo).endswith("som saknas: driftraden har tagits bort")
    period = next(p for p in demo.periods if p.full_year)
    errors = [f for f in check(compute(demo, period)) if f.where.endswith("› koppling")]
    assert {f.path for f in errors} == {f"indicator/{i.id}" for i in inds[:4]}
    assert all(f.severity is Severity.ERROR for f in errors)


def test_link_targets_and_the_message():
    assert link_target("operating/total/net/deviation") is None
    assert link_target("operating/line/7/outcome") == ("operating", "7")
    assert link_target("operating/section/IT/drift/net/outcome") == ("section", "IT/drift")
    assert link_target("investments/varav/Ale/outcome") == ("varav", "Ale")
    assert unlinked_message([]) is None
    assert unlinked_message(["A", "B"]) == \
        "Indikatorerna \u201dA\u201d, \u201dB\u201d mättes på raden och är nu omätta (Ctrl+Z ångrar)."


def test_followers_are_the_indicators_a_delete_would_unlink(demo):
    inds = demo.indicators()
    parent = next(ln for ln in demo.investments if any(c.parent_id == ln.id for c in demo.investments))
    child = next(c for c in demo.investments if c.parent_id == parent.id)
    inds[0].link = f"operating/line/{demo.operating[1].id}/outcome"
    inds[1].link = f"investments/line/{child.id}/outcome"
    assert followers(demo, "operating", demo.operating[1].id) == [inds[0].name]
    assert followers(demo, "operating", demo.operating[2].id) == []
    assert inds[1].name in followers(demo, "investment", parent.id)  # its varav rows go with it
    assert unlinked_message([inds[0].name], done=False) == f"Indikatorn \u201d{inds[0].name}\u201d mäts på raden och blir omätt."
