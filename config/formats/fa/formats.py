"""Dari/Persian: Django's formats (its `fa` module, which this one goes before) with thousands
grouped ("1,200,000 €", as Pashto's in `config/formats/ps/`): Django's `fa` sets the separators
but no NUMBER_GROUPING, so amounts printed as "1200000 €". Every other format stays Django's."""

NUMBER_GROUPING = 3
