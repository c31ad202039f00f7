"""The log, undo and redo speak Swedish numbers with units (issue 11 item 4)."""

from decimal import Decimal

from sydnarke_tui.session.log import change, detail, redone, shown, undone
from sydnarke_tui.store.db import Store


def test_amounts_shares_values_and_empty_values_in_swedish(db_path):
    s = Store.open(db_path, user="ekonom")
    try:
        y = s.load_year(2019)
        ln, member, ind = y.operating[2], y.key.members[0], y.goals[0].indicators[0]
        s.set_field("operating", ln.id, "budget", 3_050_000)
        s.set_field("member", member.id, "share_pct", Decimal("27.5"))
        s.set_field("indicator", ind.id, "outcome", Decimal("3.58"), period="helar")
        s.set_field("operating", ln.id, "comment", "Ny \x1b]0;x\x07 text", period="t1")
        comment, outcome, share, budget = s.audit(limit=4)
        assert change(budget) == "11 799 000 kr → 3 050 000 kr"
        assert change(share) == "27,512 % → 27,5 %"
        assert change(outcome) == "90 → 3,58"
        assert change(comment).startswith("– → Ny ") and "\x1b" not in change(comment)
        assert detail(budget)[-1] == "Nytt:    3 050 000 kr"
        row = s.undo_last()
        assert "(Ny \\x1b]0;x\\x07 text → –); ändringen gjordes av ekonom " in undone(row)
        s.undo_last()
        assert undone(s.undo_last()).startswith("Ångrat: Askersund › andel (27,5 % → 27,512 %); ändringen gjordes"
                                                " av ekonom 20")
        assert redone(s.redo_last()) == "Gjort om: Askersund › andel (27,512 % → 27,5 %)"
        assert shown(budget, None) == "–"
    finally:
        s.close()


def test_the_key_basis_is_logged_in_the_forms_words(db_path):
    s = Store.open(db_path, user="ekonom")
    try:
        s.set_field("year", 2019, "key_basis", "base")
        (row,) = s.audit(limit=1)
        assert change(row) == "andelar → underlag"  # the words the form shows and reads (session.parsing)
        assert shown(row, "okänd\x1b") == "okänd\\x1b"  # a value no form knows: shown, never sent raw
    finally:
        s.close()
