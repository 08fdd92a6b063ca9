"""CenterFilter: each filter alone and combined, through the FilterSet and the page."""

import pytest
from django.http import QueryDict
from django.utils import translation

from centers.filters import CenterFilter, fold
from centers.models import Center, CenterKind
from core.models import Status, TriState
from partners.models import Organization
from tests.factories import (
    CenterFactory,
    LanguageFactory,
    OrganizationFactory,
    ServiceFactory,
    TargetGroupFactory,
    TerritoryFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _french_fields():
    translation.activate("fr")
    yield
    translation.activate("fr")


def slugs(query):
    filterset = CenterFilter(QueryDict(query), queryset=Center.objects.public())
    assert filterset.is_valid(), filterset.errors
    return sorted(filterset.qs.values_list("slug", flat=True))


@pytest.fixture
def places():
    mayotte = TerritoryFactory(
        slug="mayotte", name="Mayotte", time_zone="Indian/Mayotte", overseas=True
    )
    return {
        "lyon": CenterFactory(
            slug="lyon",
            city="Lyon",
            department="Rhône",
            department_code="69",
            postcode="69003",
            region="Auvergne-Rhône-Alpes",
        ),
        "ain": CenterFactory(
            slug="ain",
            kind=CenterKind.MOBILE_UNIT,
            city="",
            department="Ain",
            department_code="01",
            region="Auvergne-Rhône-Alpes",
        ),
        "idf": CenterFactory(
            slug="idf", kind=CenterKind.MEDIATION, city="", region="Île-de-France"
        ),
        "saint-denis": CenterFactory(
            slug="saint-denis",
            city="Saint-Denis",
            department="Seine-Saint-Denis",
            department_code="93",
            region="Île-de-France",
        ),
        "koungou": CenterFactory(
            slug="koungou",
            kind=CenterKind.CONSULTATION,
            city="Koungou",
            department="Mayotte",
            department_code="976",
            region="Mayotte",
            territory=mayotte,
            min_age=0,
            max_age=18,
            free_of_charge=TriState.YES,
        ),
    }


class TestPlace:
    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("Lyon", ["lyon"]),
            ("lyon", ["lyon"]),
            ("LYON ", ["lyon"]),
            # Accents folded; the Rhône département, and the Ain in Auvergne-Rhône-Alpes.
            ("rhone", ["ain", "lyon"]),
            ("Rhône", ["ain", "lyon"]),
            ("69", ["lyon"]),
            ("69003", ["lyon"]),
            ("69001", ["lyon"]),  # another postcode of the same département
            ("01", ["ain"]),
            ("ain", ["ain"]),  # the Ain, not Saint-Denis
            ("ile-de-france", ["idf", "saint-denis"]),
            ("ÎLE DE FRANCE", ["idf", "saint-denis"]),
            ("auvergne", ["ain", "lyon"]),
            ("denis", ["saint-denis"]),
            ("97600", ["koungou"]),
            ("mayotte", ["koungou"]),
            ("Marseille", []),
        ],
    )
    def test_matches_city_department_code_postcode_or_region(self, places, text, expected):
        assert slugs(f"place={text}") == expected

    def test_fold_matches_the_database_folding(self):
        assert fold("  Île-de-France ") == "ile de france"
        assert fold("Cœur d’Alène") == "coeur d alene"


class TestEachFilter:
    def test_territory(self, places):
        assert slugs("territory=mayotte") == ["koungou"]
        assert slugs("territory=metropolitan-france") == ["ain", "idf", "lyon", "saint-denis"]

    def test_kind(self, places):
        assert slugs("kind=mobile_unit") == ["ain"]
        assert slugs("kind=caso") == ["lyon", "saint-denis"]

    def test_documentation_is_not_a_kind_to_choose(self):
        values = [value for value, _label in CenterFilter().form.fields["kind"].choices]
        assert "documentation" not in values
        assert {
            "caso",
            "consultation",
            "mobile_unit",
            "hotline",
            "street_team",
            "mediation",
        } <= set(values)

    def test_audience_lists_each_place_once(self, places):
        minors = TargetGroupFactory(slug="minors")
        women = TargetGroupFactory(slug="women")
        places["koungou"].audiences.add(minors)
        places["lyon"].audiences.add(minors, women)
        assert slugs("audience=minors") == ["koungou", "lyon"]
        assert slugs("audience=women") == ["lyon"]

    def test_an_unpublished_audience_is_not_a_choice(self, places):
        places["lyon"].audiences.add(TargetGroupFactory(slug="hidden", status=Status.DRAFT))
        filterset = CenterFilter(QueryDict("audience=hidden"), queryset=Center.objects.all())
        assert not filterset.is_valid()
        assert "audience" in filterset.errors

    @pytest.mark.parametrize(
        ("age", "expected"),
        # Places without stated bounds are included; Koungou is 0–18, bounds inclusive.
        [("0", True), ("12", True), ("18", True), ("19", False)],
    )
    def test_age(self, places, age, expected):
        found = slugs(f"age={age}")
        assert ("koungou" in found) is expected
        assert "lyon" in found

    def test_free_matches_only_what_a_source_states(self, places):
        CenterFactory(slug="not-free", free_of_charge=TriState.NO)
        assert slugs("free=on") == ["koungou"]
        assert len(slugs("")) == 6  # unticked: no filtering

    def test_residence_permit_and_health_coverage_conditions(self, places):
        places["lyon"].no_residence_permit_needed = TriState.YES
        places["lyon"].save()
        places["ain"].no_health_coverage_needed = TriState.YES
        places["ain"].save()
        assert slugs("no_permit=on") == ["lyon"]
        assert slugs("no_coverage=on") == ["ain"]

    def test_service_and_language(self, places):
        consultation = ServiceFactory(slug="consultation")
        places["koungou"].services.add(consultation)
        places["lyon"].services.add(consultation, ServiceFactory(slug="other"))
        places["lyon"].languages.add(LanguageFactory(code="ar"))
        assert slugs("service=consultation") == ["koungou", "lyon"]
        assert slugs("language=ar") == ["lyon"]

    def test_filters_combine(self, places):
        minors = TargetGroupFactory(slug="children-and-minors")
        for key in ("koungou", "lyon"):
            places[key].audiences.add(minors)
        places["lyon"].free_of_charge = TriState.YES
        places["lyon"].save()
        assert slugs("audience=children-and-minors&free=on") == ["koungou", "lyon"]
        assert slugs("territory=mayotte&audience=children-and-minors&free=on") == ["koungou"]
        assert slugs("territory=mayotte&audience=children-and-minors&free=on&age=30") == []
        assert slugs("place=lyon&kind=consultation") == []


class TestSummary:
    def test_active_filters_in_words_with_removal_links(self, places):
        filterset = CenterFilter(
            QueryDict("kind=caso&free=on&page=2&age=12"), queryset=Center.objects.all()
        )
        assert filterset.is_valid()
        with translation.override("en"):
            active = {f["name"]: f for f in filterset.active_filters()}
            assert str(active["kind"]["label"]) == "Kind of place"
            assert str(active["kind"]["value"]) == "care and orientation centre (CASO)"
        assert active["kind"]["remove"] == "free=on&age=12"  # the page goes too
        assert active["age"]["value"] == "12"
        assert active["free"]["stated_only"] is True
        assert active["kind"]["stated_only"] is False

    def test_invalid_values_are_reported_and_removable(self, places):
        filterset = CenterFilter(
            QueryDict("kind=spaceship&age=abc&free=on"), queryset=Center.objects.all()
        )
        invalid = {f["name"]: f for f in filterset.invalid_filters()}
        assert set(invalid) == {"kind", "age"}
        assert invalid["age"]["remove"] == "kind=spaceship&free=on"
        # The valid filters still apply.
        assert sorted(filterset.qs.values_list("slug", flat=True)) == ["koungou"]

    def test_the_list_page_offers_only_care_kinds_and_used_choices(self, client, places):
        places["lyon"].services.add(ServiceFactory(slug="used", name="Utilisé", name_en="Used"))
        ServiceFactory(slug="unused", name="Inutilisé", name_en="Unused")
        body = client.get("/en/places/").content.decode()
        assert 'value="used"' in body
        assert 'value="unused"' not in body
        assert 'value="documentation"' not in body
        assert 'value="mediation"' in body


class TestOperator:
    """?operator=<slug>: the places an organisation runs, as the partner page links to them."""

    @pytest.fixture
    def operators(self, places):
        mdm = OrganizationFactory(slug="mdm", name="Médecins du Monde", name_en="Médecins du Monde")
        for key in ("lyon", "koungou"):
            places[key].operator = mdm
            places[key].save()
        return {"mdm": mdm}

    def test_lists_the_places_it_runs(self, operators):
        assert slugs("operator=mdm") == ["koungou", "lyon"]

    def test_combines_with_the_other_filters(self, operators):
        assert slugs("operator=mdm&territory=mayotte") == ["koungou"]
        assert slugs("operator=mdm&place=ain") == []

    @pytest.mark.parametrize(
        "make",
        [
            lambda: None,  # nobody has that slug
            lambda: OrganizationFactory(slug="nobody", status=Status.DRAFT),
            lambda: OrganizationFactory(slug="nobody"),  # published, runs no place
            # runs only what is not a care place, or not published
            lambda: CenterFactory(
                operator=OrganizationFactory(slug="nobody"), kind=CenterKind.DOCUMENTATION
            ),
            lambda: CenterFactory(operator=OrganizationFactory(slug="nobody"), status=Status.DRAFT),
        ],
    )
    def test_an_unknown_or_unpublished_organisation_is_an_unknown_value(self, operators, make):
        make()
        filterset = CenterFilter(
            QueryDict("operator=nobody&territory=mayotte"), queryset=Center.objects.published()
        )
        assert not filterset.is_valid()
        with translation.override("en"):
            invalid = {f["name"]: f for f in filterset.invalid_filters()}
            assert invalid["operator"]["messages"] == [
                "No place we list is run by an organisation “nobody”. Choose one from the list."
            ]
        assert invalid["operator"]["remove"] == "territory=mayotte"
        # Left out; the other filters still apply.
        assert sorted(filterset.qs.values_list("slug", flat=True)) == ["koungou"]

    def test_the_message_in_french(self, operators):
        filterset = CenterFilter(QueryDict("operator=nobody"), queryset=Center.objects.published())
        assert filterset.errors["operator"] == [
            "Aucun lieu de notre liste n'est géré par une organisation «\xa0nobody\xa0». "
            "Choisissez-en une dans la liste."
        ]

    def test_offers_only_published_organisations_that_run_a_care_place(self, operators, places):
        OrganizationFactory(slug="idle")
        CenterFactory(operator=OrganizationFactory(slug="draft-org", status=Status.DRAFT))
        offered = set(
            CenterFilter().form.fields["operator"].queryset.values_list("slug", flat=True)
        )
        assert "mdm" in offered
        assert places["ain"].operator.slug in offered
        assert not offered & {"idle", "draft-org"}

    def test_on_the_page_and_in_the_summary(self, client, operators):
        body = client.get("/en/places/?operator=mdm").content.decode()
        assert "2 places match your filters" in body
        body = client.get("/en/places/?operator=mdm&free=on&page=1").content.decode()
        assert "1 place matches your filters" in body
        summary = body[body.index('class="active-filters"') :]
        summary = summary[: summary.index("</div>")]
        assert (
            '<span>Run by: Médecins du Monde</span> <a href="?free=on">' in summary
        )  # the page goes too
        # The form keeps it, by name, so that another filter can be added to it.
        assert 'name="operator" value="Médecins du Monde"' in body
        french = client.get("/fr/places/?operator=mdm").content.decode()
        assert "<span>Géré par: Médecins du Monde</span>" in french

    def test_organisations_are_not_listed_on_the_page(self, client, operators):
        """Their number grows with the data: a text box, and a link to the list of them all."""
        body = client.get("/en/places/").content.decode()
        assert '<select name="operator"' not in body
        assert "Médecins du Monde" not in body.split('id="results"')[0]
        assert '<input type="text" name="operator"' in body
        assert '<a href="/en/partners/">See the list of every organisation.</a>' in body

    @pytest.mark.parametrize(
        "typed", ["medecins", "Médecins du monde", "MONDE", "mdm", "MdM", "du monde"]
    )
    def test_a_typed_name_finds_it_accents_and_case_aside(self, operators, typed):
        operators["mdm"].acronym = "MdM"
        operators["mdm"].save()
        assert slugs(f"operator={typed}") == ["koungou", "lyon"]

    def test_a_name_that_matches_several_offers_each_as_a_link(self, client, operators, places):
        msf = OrganizationFactory(slug="msf", name="Médecins sans frontières", name_en="MSF")
        places["ain"].operator = msf
        places["ain"].save()
        response = client.get("/en/places/?operator=medecins&free=on")
        assert response.status_code == 400
        body = response.content.decode()
        assert "Several names match “medecins”: choose one of them below." in body
        assert '<a href="?free=on&amp;operator=mdm">Médecins du Monde</a>' in body
        assert '<a href="?free=on&amp;operator=msf">MSF</a>' in body
        # The name typed in full is chosen, although it begins another name too.
        OrganizationFactory(slug="mdm-lyon", name="Médecins du Monde Lyon")
        places["koungou"].operator = Organization.objects.get(slug="mdm-lyon")
        places["koungou"].save()
        assert slugs("operator=médecins+du+monde") == ["lyon"]

    def test_the_typed_name_matches_only_organisations_it_could_choose(self, operators):
        OrganizationFactory(slug="medecins-idle", name="Médecins oisifs")  # runs no place
        OrganizationFactory(slug="medecins-draft", name="Médecins brouillon", status=Status.DRAFT)
        assert slugs("operator=medecins") == ["koungou", "lyon"]

    def test_an_unknown_slug_on_the_page_is_a_clear_400(self, client, operators):
        response = client.get("/en/places/?operator=no-such-org")
        body = response.content.decode()
        assert response.status_code == 400
        assert (
            "No place we list is run by an organisation “no-such-org”. Choose one from the list."
            in body
        )
        assert 'href="?">Remove “Run by”' in body
        assert "5 places match your filters" in body  # the filter is left out


class TestChoices:
    """Each list of choices: rows some published care place uses, each once, found with EXISTS."""

    CHOICES = {
        "audience": "audiences",
        "service": "services",
        "language": "languages",
        "operator": "operator",  # typed, not listed: the rows a typed name may choose
    }

    @pytest.fixture
    def used(self, places):
        def link(center, relation, row):
            if relation == "operator":
                center.operator = row
                center.save()
            else:
                getattr(center, relation).add(row)

        makers = {
            "audiences": lambda slug: TargetGroupFactory(slug=slug),
            "services": lambda slug: ServiceFactory(slug=slug),
            "languages": lambda slug: LanguageFactory(code=slug[:8]),
            "operator": lambda slug: OrganizationFactory(slug=slug),
        }
        rows = {}
        for relation, make in makers.items():
            shared, draft_only, documentation_only = (
                make("shared"),
                make("draftonly"),
                make("doconly"),
            )
            # Two places use it: still one choice.
            link(places["lyon"], relation, shared)
            link(places["koungou"], relation, shared)
            link(CenterFactory(status=Status.DRAFT), relation, draft_only)
            link(CenterFactory(kind=CenterKind.DOCUMENTATION), relation, documentation_only)
            rows[relation] = (shared, draft_only, documentation_only)
        return rows

    @pytest.mark.parametrize("name", CHOICES)
    def test_only_rows_a_published_care_place_uses_each_once(self, used, name):
        queryset = CenterFilter().form.fields[name].queryset
        shared, draft_only, documentation_only = used[self.CHOICES[name]]
        offered = list(queryset)
        assert offered.count(shared) == 1
        assert draft_only not in offered
        assert documentation_only not in offered
        sql = str(queryset.query).upper()
        # Found by its first place (a subquery with LIMIT 1), not by deduplicating every link.
        assert "LIMIT 1" in sql
        assert "DISTINCT" not in sql


class TestPlaceWords:
    """Center.place_words, the folded text the "place" filter reads, kept by the database."""

    def test_follows_every_write_path(self, places):
        lyon = places["lyon"]
        lyon.refresh_from_db()
        assert lyon.place_words == " lyon\n rhone\n auvergne rhone alpes"
        lyon.city = "Villeurbanne"
        lyon.save()
        assert slugs("place=villeurbanne") == ["lyon"]
        # A queryset update (the admin's bulk actions, imports) and a bulk insert.
        Center.objects.filter(pk=lyon.pk).update(city="Vénissieux")
        assert slugs("place=venissieux") == ["lyon"]
        assert slugs("place=villeurbanne") == []
        made = Center.objects.bulk_create(
            [
                Center(
                    slug="bulk",
                    name="Bulk",
                    kind=CenterKind.CASO,
                    operator=lyon.operator,
                    territory=lyon.territory,
                    status=Status.PUBLISHED,
                    city="Cœur-d’Alène",
                )
            ]
        )
        assert made
        assert slugs("place=coeur d alene") == ["bulk"]
        assert slugs("place=alene") == ["bulk"]

    def test_the_portable_expression_folds_as_the_postgresql_function(self, places, monkeypatch):
        from django.db import connection

        from centers.models import PlaceWords

        CenterFactory(slug="odd", city="L'Haÿ-les-Roses", department="Val-de-Marne", region="")
        stored = dict(Center.objects.values_list("slug", "place_words"))
        # The expression SQLite computes (`make run`), evaluated here by PostgreSQL.
        monkeypatch.setattr(connection, "vendor", "sqlite")
        portable = dict(Center.objects.annotate(p=PlaceWords()).values_list("slug", "p"))
        assert portable == stored
        assert stored["odd"] == " l hay les roses\n val de marne\n "


def test_a_slug_chooses_its_record_even_when_other_names_match_the_text(places):
    # "mdm" is one organisation's slug and the start of another's name: the slug wins, as a
    # link sends it; a text that is no slug is matched by name.
    mdm = OrganizationFactory(slug="mdm", name="Médecins du Monde", name_en="Médecins du Monde")
    other = OrganizationFactory(slug="other", name="MDM Santé", name_en="MDM Santé")
    places["lyon"].operator = mdm
    places["lyon"].save()
    places["ain"].operator = other
    places["ain"].save()
    assert slugs("operator=mdm") == ["lyon"]
    assert slugs("operator=mdm sante") == ["ain"]
    assert slugs("operator=other") == ["ain"]


def test_each_filterset_has_filters_and_fields_of_its_own():
    """The filters are copied for each filterset one by one, not deep-copied: what one
    filterset sets on its filters and fields never reaches another, and each filter's method
    runs on its own filterset."""
    lyon = CenterFactory(name="Centre Lyon", city="Lyon")
    lille = CenterFactory(name="Centre Lille", city="Lille")
    first = CenterFilter(QueryDict("place=Lyon"), queryset=Center.objects.public())
    second = CenterFilter(QueryDict("place=Lille"), queryset=Center.objects.public())
    assert list(first.qs) == [lyon]
    assert list(second.qs) == [lille]
    for name in CenterFilter.base_filters:
        assert first.filters[name] is not second.filters[name]
        assert first.filters[name].parent is first
        assert first.form.fields[name] is not second.form.fields[name]
    first.form.fields["audience"].rows = ["only the first's"]
    assert getattr(second.form.fields["audience"], "rows", None) != ["only the first's"]
    # The class's own filters are left as they were: no parent, no field made.
    for base in CenterFilter.base_filters.values():
        assert getattr(base, "parent", None) is None
        assert "_field" not in base.__dict__
