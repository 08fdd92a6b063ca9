"""Admin of places, their opening hours and notices, services, territories and languages."""

import datetime
import re

import pytest

from centers.models import Center, Notice, OpeningHours
from tests.conftest import ADMIN_PAGE_QUERIES, in_french
from tests.core.test_admin import (
    KEY_FIGURES_PREFIX,
    add_inline_rows,
    admin_url,
    errors_in,
    form_values,
    headings_in,
    results_table,
)
from tests.factories import (
    CenterFactory,
    KeyFigureFactory,
    LanguageFactory,
    NoticeFactory,
    OpeningHoursFactory,
    OrganizationFactory,
    ServiceFactory,
    TerritoryFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("french")]


def mayotte():
    return TerritoryFactory(
        name_fr="Mayotte", name_en="Mayotte (en)", slug="mayotte", time_zone="Indian/Mayotte"
    )


def test_center_changelist_shows_kind_city_operator_and_finds_by_name_or_city(
    admin_client, django_assert_max_num_queries
):
    operator = OrganizationFactory(name_fr="Médecins du Monde")
    CenterFactory(name_fr="Caso de Lyon", name_en="Lyon CASO", city="Lyon", operator=operator)
    CenterFactory(name_fr="Centre de Mamoudzou", city="Mamoudzou", territory=mayotte())
    url = admin_url("centers_center_changelist")

    with django_assert_max_num_queries(ADMIN_PAGE_QUERIES):
        page = results_table(admin_client.get(url))
    assert "Caso de Lyon" in page and "Médecins du Monde" in page and "Mayotte" in page

    for term in ("Caso de", "Lyon CASO", "Lyon", "Monde"):
        found = results_table(admin_client.get(url, {"q": term}))
        assert "Caso de Lyon" in found and "Mamoudzou" not in found, term


def test_center_changelist_filters_by_territory(admin_client):
    CenterFactory(name_fr="Caso de Lyon")
    CenterFactory(name_fr="Centre de Mamoudzou", territory=mayotte())
    response = admin_client.get(admin_url("centers_center_changelist"))
    territory = response.context["cl"].queryset.get(name_fr="Centre de Mamoudzou").territory
    page = results_table(
        admin_client.get(
            admin_url("centers_center_changelist"), {"territory__id__exact": territory.pk}
        )
    )
    assert "Centre de Mamoudzou" in page and "Caso de Lyon" not in page


def test_center_change_page_has_hours_notices_and_key_figures(admin_client):
    center = CenterFactory()
    OpeningHoursFactory(center=center)
    NoticeFactory(center=center, message_fr="Fermé pour travaux.", message_en="Closed for works.")
    KeyFigureFactory(subject=center)
    page = admin_client.get(admin_url("centers_center_change", center.pk)).content.decode()
    for prefix in ("opening_hours", "notices", KEY_FIGURES_PREFIX):
        assert f'name="{prefix}-TOTAL_FORMS" value="1"' in page
    assert "Fermé pour travaux." in page and "Closed for works." in page
    assert 'value="09:00"' in page
    assert in_french("Who is welcome, on what conditions") in headings_in(page)


def test_center_add_page_renders_with_empty_inlines(admin_client):
    page = admin_client.get(admin_url("centers_center_add")).content.decode()
    assert 'name="opening_hours-TOTAL_FORMS" value="0"' in page
    assert 'name="name_fr"' in page and 'name="name_en"' in page
    # Autocomplete for the operator and the reference data, not a select of everything.
    for field in ("operator", "territory", "programs", "audiences", "services", "languages"):
        assert re.search(rf'<select name="{field}"[^>]*class="admin-autocomplete"', page), field


def new_center_data(admin_client, **changes):
    add = admin_client.get(admin_url("centers_center_add"))
    defaults = {
        "name_fr": "Permanence de Toulouse",
        "name_en": "Toulouse drop-in",
        "slug": "permanence-toulouse",
        "kind": "consultation",
        "operator": str(OrganizationFactory().pk),
        "territory": str(TerritoryFactory().pk),
        "city": "Toulouse",
        "status": "draft",
    }
    return form_values(add, **{**defaults, **changes})


def test_add_center_with_an_opening_hours_row(admin_client, admin_user):
    data = add_inline_rows(
        new_center_data(admin_client),
        "opening_hours",
        {"weekday": "2", "opens": "09:00", "closes": "12:30"},
    )
    response = admin_client.post(admin_url("centers_center_add"), data)
    assert response.status_code == 302, errors_in(response)
    center = Center.objects.get(slug="permanence-toulouse")
    assert center.name_en == "Toulouse drop-in"
    assert [str(h) for h in center.opening_hours.all()] == [
        f"{OpeningHours(weekday=2).get_weekday_display()} 09:00–12:30"
    ]
    assert center.source_entered_by == admin_user


def test_max_age_below_min_age_is_a_form_error(admin_client):
    data = new_center_data(admin_client, min_age="18", max_age="12")
    response = admin_client.post(admin_url("centers_center_add"), data)
    assert response.status_code == 200
    assert in_french("The maximum age cannot be below the minimum age.") in errors_in(response)
    assert not Center.objects.exists()


def test_opening_hours_closing_when_opening_is_a_form_error(admin_client):
    center = CenterFactory()
    change = admin_client.get(admin_url("centers_center_change", center.pk))
    data = add_inline_rows(
        form_values(change),
        "opening_hours",
        {"weekday": "0", "opens": "09:00", "closes": "09:00"},
    )
    response = admin_client.post(admin_url("centers_center_change", center.pk), data)
    assert response.status_code == 200
    assert in_french("Opening and closing times must differ.") in errors_in(response)
    assert not center.opening_hours.exists()


def test_edit_center_keeps_its_rows_and_changes_the_city(admin_client):
    center = CenterFactory(city="Lyon")
    OpeningHoursFactory(center=center)
    change = admin_client.get(admin_url("centers_center_change", center.pk))
    response = admin_client.post(
        admin_url("centers_center_change", center.pk), form_values(change, city="Villeurbanne")
    )
    assert response.status_code == 302, errors_in(response)
    center.refresh_from_db()
    assert center.city == "Villeurbanne"
    assert center.opening_hours.count() == 1


@pytest.mark.parametrize(
    ("factory", "model", "shown", "term_fr", "term_en"),
    [
        (
            lambda: ServiceFactory(name_fr="Consultation médicale", name_en="Medical consultation"),
            "service",
            "Consultation médicale",
            "médicale",
            "Medical",
        ),
        (
            lambda: LanguageFactory(code="ar", name_fr="Arabe", name_en="Arabic"),
            "language",
            "Arabe",
            "Arabe",
            "Arabic",
        ),
        (mayotte, "territory", "Mayotte", "Mayotte", "Mayotte (en)"),
    ],
)
def test_reference_lists_render_and_search_in_both_languages(
    admin_client, factory, model, shown, term_fr, term_en
):
    record = factory()
    url = admin_url(f"centers_{model}_changelist")
    assert shown in results_table(admin_client.get(url))
    assert shown in results_table(admin_client.get(url, {"q": term_fr}))
    assert shown in results_table(admin_client.get(url, {"q": term_en}))
    assert shown not in results_table(admin_client.get(url, {"q": "zzz-nothing"}))
    assert admin_client.get(admin_url(f"centers_{model}_add")).status_code == 200
    change = admin_client.get(admin_url(f"centers_{model}_change", record.pk)).content.decode()
    assert f'value="{shown}"' in change


def test_opening_hours_and_notices_have_their_own_lists(admin_client):
    center = CenterFactory(name_fr="Caso de Bordeaux")
    hours = OpeningHoursFactory(center=center)
    notice = NoticeFactory(
        center=center, message_fr="Fermé en août.", message_en="Closed in August."
    )
    OpeningHoursFactory(center=CenterFactory(name_fr="Autre centre"))

    hours_list = admin_client.get(admin_url("centers_openinghours_changelist"), {"q": "Bordeaux"})
    assert "Caso de Bordeaux" in results_table(hours_list)
    assert "Autre centre" not in results_table(hours_list)
    for term in ("en août", "August"):
        notices = admin_client.get(admin_url("centers_notice_changelist"), {"q": term})
        assert "Fermé en août." in results_table(notices)

    hours_page = admin_client.get(admin_url("centers_openinghours_change", hours.pk))
    assert 'value="17:00"' in hours_page.content.decode()
    notice_page = admin_client.get(admin_url("centers_notice_change", notice.pk))
    assert "Closed in August." in notice_page.content.decode()
    assert admin_client.get(admin_url("centers_openinghours_add")).status_code == 200
    assert admin_client.get(admin_url("centers_notice_add")).status_code == 200


def test_notice_ending_before_it_starts_is_a_form_error(admin_client):
    center = CenterFactory()
    add = admin_client.get(admin_url("centers_notice_add"))
    data = form_values(
        add,
        center=str(center.pk),
        kind="closure",
        message_fr="Fermé.",
        starts_on=str(datetime.date(2025, 8, 10)),
        ends_on=str(datetime.date(2025, 8, 1)),
    )
    response = admin_client.post(admin_url("centers_notice_add"), data)
    assert response.status_code == 200
    assert in_french("A notice cannot end before it starts.") in errors_in(response)
    assert not Notice.objects.exists()
