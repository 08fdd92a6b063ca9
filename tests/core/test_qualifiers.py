"""Qualified numbers as a visitor reads them, and totals that keep an honest qualifier.

Translation catalogues are not compiled yet, so French assertions check number formats
(Django's fr locale groups thousands with a no-break space, decimals with a comma), not words.
"""

from decimal import Decimal

import pytest

from core.qualifiers import (
    Qualifier,
    combine_qualifiers,
    format_money,
    format_number,
    format_qualified,
    sum_qualified,
)

NBSP = "\N{NO-BREAK SPACE}"


class TestFormatNumber:
    def test_thousands_grouped_in_english(self, english):
        assert format_number(6000) == "6,000"
        assert format_number(Decimal("1200000")) == "1,200,000"

    def test_thousands_grouped_with_no_break_space_in_french(self, french):
        assert format_number(6000) == f"6{NBSP}000"
        assert format_number(Decimal("1200000")) == f"1{NBSP}200{NBSP}000"

    def test_decimal_point_in_english_comma_in_french(self, english):
        assert format_number(Decimal("12.5")) == "12.5"

    def test_decimal_comma_in_french(self, french):
        assert format_number(Decimal("12.5")) == "12,5"

    def test_stored_trailing_zeros_are_not_shown(self, english):
        # Database decimals come back as 600000.00 and 39.000.
        assert format_number(Decimal("600000.00")) == "600,000"
        assert format_number(Decimal("39.000")) == "39"
        assert format_number(Decimal("12.500")) == "12.5"


class TestFormatMoney:
    def test_euro_sign_before_the_number_in_english(self, english):
        assert format_money(Decimal("600000")) == "€600,000"

    def test_euro_sign_after_a_no_break_space_in_french(self, french):
        assert format_money(Decimal("600000")) == f"600{NBSP}000{NBSP}€"


class TestFormatQualified:
    def test_almost_an_amount_in_english(self, english):
        assert (
            format_qualified(Decimal("600000"), Qualifier.ALMOST, money=True) == "almost €600,000"
        )

    def test_almost_an_amount_in_french_keeps_the_french_number(self, french):
        text = format_qualified(Decimal("600000"), Qualifier.ALMOST, money=True)
        assert text.endswith(f" 600{NBSP}000{NBSP}€")
        assert text != f"600{NBSP}000{NBSP}€"  # the qualifier is never dropped

    def test_more_than_a_count_in_english(self, english):
        assert format_qualified(6000, Qualifier.MORE_THAN) == "more than 6,000"

    def test_more_than_a_count_in_french(self, french):
        text = format_qualified(6000, Qualifier.MORE_THAN)
        assert text.endswith(f" 6{NBSP}000")
        assert text != f"6{NBSP}000"

    @pytest.mark.parametrize(
        ("qualifier", "expected"),
        [
            (Qualifier.EXACT, "15"),
            (Qualifier.ABOUT, "about 15"),
            (Qualifier.ALMOST, "almost 15"),
            (Qualifier.UP_TO, "up to 15"),
            (Qualifier.MORE_THAN, "more than 15"),
            (Qualifier.AT_LEAST, "at least 15"),
        ],
    )
    def test_every_qualifier_is_said_and_exact_says_nothing(self, english, qualifier, expected):
        assert format_qualified(15, qualifier) == expected

    def test_accepts_the_stored_string_value(self, english):
        assert format_qualified(Decimal("600000.00"), "up_to", money=True) == "up to €600,000"

    def test_suffix_follows_the_number(self, english):
        assert format_qualified(Decimal("12.5"), Qualifier.EXACT, suffix="%") == "12.5%"

    def test_not_disclosed_says_so_in_english(self, english):
        assert format_qualified(None, Qualifier.NOT_DISCLOSED, money=True) == "not disclosed"

    def test_missing_value_is_not_disclosed_never_zero(self, english):
        assert format_qualified(None, Qualifier.ALMOST, money=True) == "not disclosed"

    def test_not_disclosed_never_shows_a_number_in_french(self, french):
        text = format_qualified(Decimal("600000"), Qualifier.NOT_DISCLOSED, money=True)
        assert "600" not in text
        assert "€" not in text


class TestCombineQualifiers:
    def test_almost_plus_up_to_is_up_to(self):
        assert combine_qualifiers([Qualifier.ALMOST, Qualifier.UP_TO]) == Qualifier.UP_TO

    def test_almost_plus_almost_is_almost(self):
        assert combine_qualifiers([Qualifier.ALMOST, Qualifier.ALMOST]) == Qualifier.ALMOST

    def test_exact_plus_exact_is_exact(self):
        assert combine_qualifiers([Qualifier.EXACT, Qualifier.EXACT]) == Qualifier.EXACT

    def test_more_than_plus_exact_is_more_than(self):
        assert combine_qualifiers([Qualifier.MORE_THAN, Qualifier.EXACT]) == Qualifier.MORE_THAN

    def test_at_least_plus_exact_is_at_least(self):
        assert combine_qualifiers([Qualifier.AT_LEAST, Qualifier.EXACT]) == Qualifier.AT_LEAST

    def test_up_to_plus_exact_is_up_to(self):
        assert combine_qualifiers([Qualifier.UP_TO, Qualifier.EXACT]) == Qualifier.UP_TO

    def test_about_plus_exact_is_about(self):
        assert combine_qualifiers([Qualifier.ABOUT, Qualifier.EXACT]) == Qualifier.ABOUT

    def test_about_plus_almost_is_about(self):
        assert combine_qualifiers([Qualifier.ABOUT, Qualifier.ALMOST]) == Qualifier.ABOUT

    def test_about_plus_a_loose_bound_has_no_honest_qualifier(self):
        assert combine_qualifiers([Qualifier.ABOUT, Qualifier.UP_TO]) is None
        assert combine_qualifiers([Qualifier.ABOUT, Qualifier.MORE_THAN]) is None
        assert combine_qualifiers([Qualifier.ABOUT, Qualifier.AT_LEAST]) is None

    def test_upper_bound_plus_lower_bound_has_no_honest_qualifier(self):
        assert combine_qualifiers([Qualifier.ALMOST, Qualifier.MORE_THAN]) is None
        assert combine_qualifiers([Qualifier.UP_TO, Qualifier.AT_LEAST]) is None
        assert combine_qualifiers([Qualifier.ABOUT, Qualifier.UP_TO, Qualifier.MORE_THAN]) is None

    def test_not_disclosed_part_leaves_no_qualifier(self):
        assert combine_qualifiers([Qualifier.EXACT, Qualifier.NOT_DISCLOSED]) is None

    def test_nothing_to_combine(self):
        assert combine_qualifiers([]) is None

    def test_accepts_stored_strings(self):
        assert combine_qualifiers(["almost", "up_to"]) == Qualifier.UP_TO


class TestSumQualified:
    def test_almost_plus_up_to_is_up_to_the_total(self, english):
        total, qualifier, undisclosed = sum_qualified(
            [(Decimal("600000"), Qualifier.ALMOST), (Decimal("600000"), Qualifier.UP_TO)]
        )
        assert (total, qualifier, undisclosed) == (Decimal("1200000"), Qualifier.UP_TO, 0)
        assert format_qualified(total, qualifier, money=True) == "up to €1,200,000"

    def test_exact_plus_exact_is_exact(self):
        assert sum_qualified([(100, Qualifier.EXACT), (Decimal("50.5"), Qualifier.EXACT)]) == (
            Decimal("150.5"),
            Qualifier.EXACT,
            0,
        )

    def test_more_than_plus_exact_is_more_than(self, english):
        total, qualifier, _ = sum_qualified([(6000, Qualifier.MORE_THAN), (500, Qualifier.EXACT)])
        assert format_qualified(total, qualifier) == "more than 6,500"

    def test_almost_plus_more_than_gives_a_total_without_qualifier(self):
        total, qualifier, undisclosed = sum_qualified(
            [(600000, Qualifier.ALMOST), (100000, Qualifier.MORE_THAN)]
        )
        assert total == Decimal("700000")
        assert qualifier is None
        assert undisclosed == 0

    def test_not_disclosed_parts_are_counted_not_summed(self):
        total, qualifier, undisclosed = sum_qualified(
            [
                (Decimal("600000"), Qualifier.ALMOST),
                (None, Qualifier.NOT_DISCLOSED),
                (None, Qualifier.NOT_DISCLOSED),
            ]
        )
        assert total == Decimal("600000")
        assert qualifier == Qualifier.ALMOST
        assert undisclosed == 2

    def test_only_undisclosed_parts_give_no_total(self):
        assert sum_qualified([(None, Qualifier.NOT_DISCLOSED)]) == (None, None, 1)

    def test_empty_input(self):
        assert sum_qualified([]) == (None, None, 0)
