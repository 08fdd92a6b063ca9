"""A grant's page writes its funder's total with grants/html.py, byte for byte the total's
template (grants/includes/total.html, loaded as the pages load it)."""

import pytest
from django.template.loader import get_template
from django.utils import translation

from core.qualifiers import Qualifier
from programs.models import Grant
from tests.factories import GrantFactory, OrganizationFactory
from tests.grants.test_sql_totals import make_grants

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("language", ["fr", "en", "ar", "ru"])
def test_the_funders_total_is_its_templates_html(client, language):
    make_grants(3, 60)
    exact = OrganizationFactory(name="Fondation <exacte> & co", name_en="", kind="foundation")
    GrantFactory.create_batch(2, funder=exact, amount_qualifier=Qualifier.EXACT)
    silent = OrganizationFactory(kind="foundation")
    GrantFactory(funder=silent, amount=None, amount_qualifier=Qualifier.NOT_DISCLOSED)
    template = get_template("grants/includes/total.html")
    kinds = set()
    # A grant of each funder: seven totals, of three kinds.
    slugs = dict(Grant.objects.order_by("-slug").values_list("funder_id", "slug"))
    assert len(slugs) == 7
    for slug in slugs.values():
        response = client.get(f"/{language}/grants/{slug}/")
        total = response.context["funder_total"]
        kinds.add((total.can_add, total.cannot_add, bool(total.undisclosed_count)))
        with translation.override(language):
            expected = template.render({"total": total})
        assert response.context["funder_total_html"] == expected
        assert expected in response.content.decode()
    assert len(kinds) == 3
