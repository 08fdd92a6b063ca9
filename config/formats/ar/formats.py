"""Arabic: Django's formats (its `ar` module, which this one goes before) with thousands grouped.

Django's `ar` sets the separators (decimal comma, thousands dot, as written with Western digits
in the Maghreb) but no NUMBER_GROUPING, so 1200000 € printed as "1200000 €" beside sentences
that group their figures. Only the grouping is added here: every other format stays Django's."""

NUMBER_GROUPING = 3
