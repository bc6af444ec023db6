"""The force-name matcher: every way people name the 43 forces, and every way a name can fail.

The bundled forces are read straight from data/forces.toml (not through the loader), so these tests
check the data's aliases as well as the rules. Fictional forces (Wessex, Mercia) test the rules on
names the data does not have.
"""

from __future__ import annotations

import sys
from itertools import cycle
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hmic_cli.errors import UsageError
from hmic_cli.model import Force
from hmic_cli.names import (
    NON_TERRITORIAL,
    ForceMatcher,
    core,
    edit_distance,
    force_key,
    non_territorial,
    shown,
    spellings,
    typo_distance,
    words,
)

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised only on Python 3.10
    import tomli as tomllib

FORCES_TOML = Path(__file__).resolve().parent.parent / "data" / "forces.toml"


def bundled_forces() -> tuple[Force, ...]:
    with FORCES_TOML.open("rb") as fh:
        tables = tomllib.load(fh)["force"]
    return tuple(
        Force(
            id=t["id"],
            name=t["name"],
            nation=t.get("nation"),
            aliases=tuple(t.get("aliases", ())),
            source=t.get("source"),
        )
        for t in tables
    )


FORCES = bundled_forces()
BY_ID = {f.id: f for f in FORCES}
MATCHER = ForceMatcher(FORCES)

WESSEX = Force(id="wessex", name="Wessex Constabulary", nation="England", aliases=("wessex fictional",))
MERCIA = Force(id="mercia", name="Mercia Police", nation="England")
NORTH_WESSEX = Force(id="north-wessex", name="North Wessex Police Service", nation="England")


def error_of(matcher: ForceMatcher, name: str) -> str:
    with pytest.raises(UsageError) as caught:
        matcher.resolve(name)
    assert caught.value.exit_code == 2
    message = caught.value.message
    assert "\n" not in message and "\r" not in message
    assert "Traceback" not in message and "difflib" not in message
    return message


# -- the data ------------------------------------------------------------


def test_the_data_has_43_forces_with_distinct_ids() -> None:
    assert len(FORCES) == 43
    assert len(BY_ID) == 43


@pytest.mark.parametrize("force", FORCES, ids=lambda f: f.id)
def test_every_id_name_and_alias_resolves_to_its_own_force(force: Force) -> None:
    for text in (force.id, force.name, *force.aliases):
        assert MATCHER.resolve(text) is force, text
        assert MATCHER.resolve(text.upper()) is force, text
        assert MATCHER.resolve(f"  {text.title()}\t") is force, text
        assert MATCHER.lookup(text) is force, text


@pytest.mark.parametrize("force", FORCES, ids=lambda f: f.id)
def test_every_name_resolves_without_its_kind_of_force_and_with_another(force: Force) -> None:
    bare = " ".join(core(words(force.name)))
    assert bare != force_key(force.name)
    for text in (bare, f"{bare} police", f"{bare} constabulary", f"{bare} police service", f"the {bare}"):
        assert MATCHER.resolve(text) is force, text


def test_no_two_forces_share_a_spelling() -> None:
    owner: dict[str, str] = {}
    for force in FORCES:
        for key in spellings(force):
            assert key not in owner, f"{key!r} names both {owner.get(key)} and {force.id}"
            owner[key] = force.id


def test_no_force_is_spelt_like_a_force_outside_the_data() -> None:
    for force in FORCES:
        for key in spellings(force):
            assert non_territorial(key) is None, key


def test_aliases_in_the_data_are_lower_case_and_trimmed() -> None:
    # The loader lower-cases aliases; the file should already say what the loader keeps.
    for force in FORCES:
        for alias in force.aliases:
            assert alias == alias.lower().strip() and alias, (force.id, alias)


# -- short forms -------------------------------------------------------------

SHORT_FORMS = [
    ("Avon & Somerset", "avon-and-somerset"),
    ("avon-and-somerset", "avon-and-somerset"),
    ("AVON&SOMERSET", "avon-and-somerset"),
    ("Avon and Somerset Police", "avon-and-somerset"),
    ("avon", "avon-and-somerset"),
    ("somerset", "avon-and-somerset"),
    ("Metropolitan Police", "metropolitan"),
    ("Metropolitan Police Service", "metropolitan"),
    ("the Metropolitan Police", "metropolitan"),
    ("Metropolitan", "metropolitan"),
    ("Met", "metropolitan"),
    ("the Met", "metropolitan"),
    ("Met Police", "metropolitan"),
    ("MPS", "metropolitan"),
    ("GMP", "greater-manchester"),
    ("Greater Manchester", "greater-manchester"),
    ("Gtr Manchester", "greater-manchester"),
    ("manchester", "greater-manchester"),
    ("beds", "bedfordshire"),
    ("Beds Police", "bedfordshire"),
    ("herts", "hertfordshire"),
    ("Herts Constabulary", "hertfordshire"),
    ("cornwall", "devon-and-cornwall"),
    ("devon", "devon-and-cornwall"),
    ("Devon & Cornwall", "devon-and-cornwall"),
    ("west mids", "west-midlands"),
    ("West-Mids Police", "west-midlands"),
    ("W Mids", "west-midlands"),
    ("WMP", "west-midlands"),
    ("S Yorks", "south-yorkshire"),
    ("s.yorks", "south-yorkshire"),
    ("South Yorks Police", "south-yorkshire"),
    ("N. Yorks", "north-yorkshire"),
    ("N.Yorks", "north-yorkshire"),
    ("north yorks", "north-yorkshire"),
    ("W Yorks", "west-yorkshire"),
    ("WYP", "west-yorkshire"),
    ("S Wales", "south-wales"),
    ("south wales police", "south-wales"),
    ("N Wales", "north-wales"),
    ("W. Mercia", "west-mercia"),
    ("Notts", "nottinghamshire"),
    ("Hants", "hampshire"),
    ("Lincs", "lincolnshire"),
    ("Cambs", "cambridgeshire"),
    ("Glos", "gloucestershire"),
    ("Wilts", "wiltshire"),
    ("Northants", "northamptonshire"),
    ("Leics", "leicestershire"),
    ("Staffs", "staffordshire"),
    ("Warks", "warwickshire"),
    ("Derbys", "derbyshire"),
    ("Lancs", "lancashire"),
    ("TVP", "thames-valley"),
    ("Thames Valley", "thames-valley"),
    ("Dyfed Powys", "dyfed-powys"),
    ("Dyfed–Powys Police", "dyfed-powys"),
    ("dyfed_powys", "dyfed-powys"),
    ("City of London", "city-of-london"),
    ("city-of-london police", "city-of-london"),
    ("Durham Police", "durham"),
    ("Kent Constabulary", "kent"),
]


@pytest.mark.parametrize(("name", "force_id"), SHORT_FORMS)
def test_short_forms_resolve(name: str, force_id: str) -> None:
    assert MATCHER.resolve(name).id == force_id
    assert MATCHER.resolve(name.upper()).id == force_id
    assert MATCHER.resolve(name.lower()).id == force_id


@given(
    st.sampled_from(FORCES),
    st.lists(st.sampled_from([" ", "-", "_", ".", "  ", " - "]), min_size=8, max_size=8),
    st.lists(st.booleans(), min_size=1, max_size=40),
)
def test_any_case_and_word_break_resolves(force: Force, breaks: list[str], upper: list[bool]) -> None:
    name_words = force.name.split()
    text = name_words[0] + "".join(b + w for b, w in zip(breaks, name_words[1:], strict=False))
    text = "".join(c.upper() if up else c.lower() for c, up in zip(text, cycle(upper), strict=False))
    assert MATCHER.resolve(text) is force


# -- errors --------------------------------------------------------------


@pytest.mark.parametrize("name", ["", " ", "\t", "\n  \r\n"])
def test_an_empty_name_is_refused(name: str) -> None:
    assert "FORCE must not be empty" in error_of(MATCHER, name)
    assert MATCHER.lookup(name) is None


@pytest.mark.parametrize(
    ("name", "ids"),
    [
        ("yorkshire", ["north-yorkshire", "south-yorkshire", "west-yorkshire"]),
        ("Yorks", ["north-yorkshire", "south-yorkshire", "west-yorkshire"]),
        ("Yorkshire Police", ["north-yorkshire", "south-yorkshire", "west-yorkshire"]),
        ("wales", ["north-wales", "south-wales"]),
        ("West", ["west-mercia", "west-midlands", "west-yorkshire"]),
        ("north", ["north-wales", "north-yorkshire"]),
    ],
)
def test_a_name_that_fits_several_forces_lists_them(name: str, ids: list[str]) -> None:
    message = error_of(MATCHER, name)
    assert message == f"'{name}' fits several forces: {', '.join(ids)} (give one of them)"
    assert MATCHER.lookup(name) is None


@pytest.mark.parametrize(("name", "force_id"), [("midlands", "west-midlands"), ("mids", "west-midlands")])
def test_part_of_one_forces_name_names_it_but_does_not_resolve(name: str, force_id: str) -> None:
    # Only West Midlands Police has "Midlands" in its name, yet "midlands" is a region of several
    # forces: the message says where the word comes from without taking it as that force.
    message = error_of(MATCHER, name)
    assert message == f"unknown force '{name}': it is part of the name of {force_id} (give the full name)"


def test_btp_is_explained_as_a_force_outside_the_data() -> None:
    message = error_of(MATCHER, "btp")
    assert message == (
        "'btp' is British Transport Police, which is not one of the 43 territorial forces in the data"
    )
    assert "thames-valley" not in message


@pytest.mark.parametrize(
    ("name", "official"),
    [
        ("BTP", "British Transport Police"),
        ("British Transport", "British Transport Police"),
        ("CNC", "Civil Nuclear Constabulary"),
        ("Civil Nuclear", "Civil Nuclear Constabulary"),
        ("MoD Police", "Ministry of Defence Police"),
        ("MDP", "Ministry of Defence Police"),
        ("MOD", "Ministry of Defence Police"),
        ("Ministry of Defence", "Ministry of Defence Police"),
        ("scotland", "Police Scotland"),
        ("PSNI", "Police Service of Northern Ireland"),
        ("Northern Ireland", "Police Service of Northern Ireland"),
    ],
)
def test_forces_outside_the_data_are_named(name: str, official: str) -> None:
    message = error_of(MATCHER, name)
    assert message == f"'{name}' is {official}, which is not one of the 43 territorial forces in the data"


@pytest.mark.parametrize("official", sorted(NON_TERRITORIAL))
def test_a_full_name_outside_the_data_is_not_repeated(official: str) -> None:
    message = error_of(MATCHER, official.upper())
    assert message == f"{official} is not one of the 43 territorial forces in the data"


@pytest.mark.parametrize(
    ("name", "suggested"),
    [
        ("durhm", "'durham'"),
        ("lancashre", "'lancashire'"),
        ("Lancashre Constabulary", "'lancashire'"),
        ("kentt", "'kent'"),
        ("surry", "'surrey'"),
        ("north yorkshre", "'north-yorkshire'"),
        ("westyorkshire", "'west-yorkshire'"),
        ("thamesvalley police", "'thames-valley'"),
        ("lencs", "'lancashire', 'leicestershire' or 'lincolnshire'"),
    ],
)
def test_a_typing_slip_gets_a_suggestion(name: str, suggested: str) -> None:
    assert error_of(MATCHER, name) == f"unknown force '{name}' (did you mean {suggested}?)"


@pytest.mark.parametrize(
    "name",
    [
        "west country",  # shares only "west" with three forces
        "east yorkshire",  # one whole word away from west-yorkshire, not a slip
        "south mercia",
        "tvq",  # too short to guess at: a one-letter slip from tvp would be a guess
        "ken",
        "yorkshre",  # a slip from a word that fits several forces: no single guess
        "Atlantis Constabulary",
        "police",
        "and",
        "---",
        "the",
    ],
)
def test_no_suggestion_unless_it_is_a_typing_slip(name: str) -> None:
    assert error_of(MATCHER, name) == f"unknown force '{name}' (run 'hmic forces' to list them)"


def test_messages_quote_the_name_on_one_line_without_control_characters() -> None:
    message = error_of(MATCHER, "Atlantis\nPolice\x1b[31m")
    assert message == "unknown force 'Atlantis Police\\x1b[31m' (run 'hmic forces' to list them)"
    assert len(error_of(MATCHER, "x" * 500)) < 120


# -- fictional forces: the rules, not the data ---------------------------------


def test_fictional_forces_resolve_by_the_same_rules() -> None:
    matcher = ForceMatcher([WESSEX, MERCIA, NORTH_WESSEX])
    assert matcher.resolve("WESSEX") is WESSEX
    assert matcher.resolve("Wessex Police") is WESSEX
    assert matcher.resolve("wessex fictional") is WESSEX
    assert matcher.resolve("Mercia Constabulary") is MERCIA
    assert matcher.resolve("N Wessex") is NORTH_WESSEX
    assert matcher.resolve("North Wessex Police") is NORTH_WESSEX
    assert matcher.resolve("north-wessex police service") is NORTH_WESSEX
    assert matcher.resolve("mercia") is MERCIA


def test_the_count_of_forces_in_messages_is_the_datas() -> None:
    matcher = ForceMatcher([WESSEX, MERCIA])
    assert error_of(matcher, "btp").endswith("not one of the 2 territorial forces in the data")


def test_a_force_in_the_data_wins_over_the_list_of_forces_outside_it() -> None:
    transport = Force(id="british-transport", name="British Transport Police")
    assert ForceMatcher([*FORCES, transport]).resolve("British Transport Police") is transport


def test_an_id_wins_over_another_forces_short_form() -> None:
    avon = Force(id="avon", name="Avon Fictional Police")
    matcher = ForceMatcher([*FORCES, avon])
    assert matcher.resolve("avon") is avon
    assert matcher.resolve("Avon and Somerset") is BY_ID["avon-and-somerset"]


def test_a_short_form_two_forces_share_is_refused_with_both_ids() -> None:
    one = Force(id="wessex-one", name="Wessex One Police", aliases=("wx",))
    two = Force(id="wessex-two", name="Wessex Two Police", aliases=("wx",))
    matcher = ForceMatcher([one, two])
    assert error_of(matcher, "WX") == "'WX' fits several forces: wessex-one, wessex-two (give one of them)"
    assert matcher.lookup("wx") is None
    assert matcher.resolve("wessex one") is one


def test_an_exact_id_names_its_force_where_its_spelling_fits_two() -> None:
    # "n-wessex" is spelt "north wessex", like the other force's id: as typed, each id is one force.
    short = Force(id="n-wessex", name="Wessex Northern Fictional Police")
    matcher = ForceMatcher([NORTH_WESSEX, short])
    assert matcher.resolve("n-wessex") is short and matcher.lookup("n-wessex") is short
    assert matcher.resolve("north-wessex") is NORTH_WESSEX
    several = "'N Wessex' fits several forces: n-wessex, north-wessex (give one of them)"
    assert error_of(matcher, "N Wessex") == several
    assert matcher.lookup("North Wessex") is None


def test_an_exact_id_needs_no_index_of_spellings(monkeypatch: pytest.MonkeyPatch) -> None:
    import hmic_cli.names as names

    def refuse(force: Force) -> frozenset[str]:
        raise AssertionError(f"spellings of {force.id} were worked out")

    matcher = ForceMatcher(FORCES)
    monkeypatch.setattr(names, "spellings", refuse)
    assert matcher.resolve("durham") is BY_ID["durham"]
    with pytest.raises(AssertionError, match="spellings of"):
        matcher.resolve("Durham Constabulary")


def test_no_forces_at_all_resolves_nothing() -> None:
    matcher = ForceMatcher([])
    assert error_of(matcher, "durham") == "unknown force 'durham' (run 'hmic forces' to list them)"
    assert matcher.mentions("Durham Constabulary") == {}


# -- mentions ------------------------------------------------------------------


def test_a_full_name_counts_once() -> None:
    assert MATCHER.mentions("Thames Valley Police") == {"thames-valley": 1}
    assert MATCHER.mentions("Metropolitan Police Service") == {"metropolitan": 1}
    assert MATCHER.mentions("Durham Constabulary's report") == {"durham": 1}


def test_south_wales_counts_for_nothing_else() -> None:
    assert MATCHER.mentions("South Wales Police is good") == {"south-wales": 1}
    assert MATCHER.mentions("North Wales Police and South Wales Police") == {
        "north-wales": 1,
        "south-wales": 1,
    }
    assert MATCHER.mentions("Police forces in Wales and Yorkshire") == {}


def test_short_names_count_in_any_case_and_with_and_or_ampersand() -> None:
    text = (
        "AVON AND SOMERSET CONSTABULARY was inspected. Avon & Somerset improved; avon and somerset "
        "police also said Avon&Somerset was busy."
    )
    assert MATCHER.mentions(text) == {"avon-and-somerset": 4}


def test_names_count_across_hyphens_dashes_and_line_breaks() -> None:
    text = "Dyfed-Powys Police\nDyfed Powys\nDyfed–Powys. North\nYorkshire Police"
    assert MATCHER.mentions(text) == {"dyfed-powys": 3, "north-yorkshire": 1}


def test_only_whole_words_count() -> None:
    assert MATCHER.mentions("Kentish towns, Essexford, Surreyside, Durhams") == {}
    assert MATCHER.mentions("Kent, Essex.") == {"kent": 1, "essex": 1}


def test_aliases_do_not_count_in_prose() -> None:
    assert MATCHER.mentions("We met the chief; hospital beds; Herts and GMP") == {}


def test_counts_are_in_order_of_first_mention() -> None:
    text = "Cumbria Constabulary. Lancashire. Cumbria. Lancashire Constabulary. Lancashire."
    counts = MATCHER.mentions(text)
    assert counts == {"cumbria": 2, "lancashire": 3}
    assert list(counts) == ["cumbria", "lancashire"]
    assert max(counts, key=counts.__getitem__) == "lancashire"


def test_mentions_of_an_empty_text() -> None:
    assert MATCHER.mentions("") == {}


def test_a_short_name_two_forces_share_counts_for_neither() -> None:
    one = Force(id="mercia-police", name="Mercia Police")
    two = Force(id="mercia-constabulary", name="Mercia Constabulary")
    matcher = ForceMatcher([one, two])
    assert matcher.mentions("Mercia Police, Mercia Constabulary, Mercia") == {
        "mercia-police": 1,
        "mercia-constabulary": 1,
    }


def test_fictional_mentions_prefer_the_longest_name() -> None:
    matcher = ForceMatcher([WESSEX, NORTH_WESSEX])
    text = "North Wessex Police Service and Wessex Constabulary; north-wessex; Wessex."
    assert matcher.mentions(text) == {"north-wessex": 2, "wessex": 2}


# -- helpers -------------------------------------------------------------------


def test_words_and_keys() -> None:
    assert words("Avon & Somerset") == ("avon", "and", "somerset")
    assert words("N. Yorks") == ("north", "yorkshire")
    assert words("The Met") == ("met",)
    assert words("the") == ("the",)
    assert force_key("  Dyfed–Powys  ") == "dyfed powys"
    assert force_key("!!!") == ""


def test_core_keeps_a_name_that_is_only_the_kind_of_force() -> None:
    assert core(("metropolitan", "police", "service")) == ("metropolitan",)
    assert core(("durham", "constabulary")) == ("durham",)
    assert core(("police",)) == ("police",)
    assert core(("police", "scotland")) == ("police", "scotland")


def test_spellings_of_a_force() -> None:
    assert spellings(NORTH_WESSEX) == {"north wessex", "north wessex police service"}
    assert spellings(WESSEX) >= {"wessex", "wessex constabulary", "wessex fictional"}


def test_edit_distance() -> None:
    assert edit_distance("durham", "durham") == 0
    assert edit_distance("durhm", "durham") == 1
    assert edit_distance("druham", "durham") == 1  # a swap of neighbours is one slip
    assert edit_distance("", "kent") == 4
    assert edit_distance("east", "west") == 2


def test_typo_distance() -> None:
    assert typo_distance("durhm", "durham") == 1
    assert typo_distance("durham", "durham") is None
    assert typo_distance("btp", "tvp") is None
    assert typo_distance("east yorkshire", "west yorkshire") is None
    assert typo_distance("westyorkshire", "west yorkshire") == 1
    assert typo_distance("nrth yorkshre", "north yorkshire") == 2
    assert typo_distance("nrth yrkshre", "north yorkshire") is None


def test_shown() -> None:
    assert shown(" a\n b ") == "a b"
    assert shown("a\x07") == "a\\x07"
    assert len(shown("y" * 100)) == 60
