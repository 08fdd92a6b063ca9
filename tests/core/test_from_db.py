"""A content record read from the database is the instance Django's Model.from_db() makes, though
ContentModel.from_db() makes it without running __init__() (core.models._loads_directly)."""

import pytest
from django.apps import apps
from django.db import models
from django.db.models.signals import post_init

from core import models as core_models
from core.fallback import in_page_language
from core.models import ContentModel
from programs.models import Grant
from tests.factories import (
    CenterFactory,
    EventFactory,
    GrantFactory,
    KeyFigureFactory,
    OrganizationNameFactory,
    ReferenceFactory,
    RelationshipFactory,
    ServiceFactory,
    TargetGroupFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db

CONTENT_MODELS = [m for m in apps.get_models() if issubclass(m, ContentModel)]


def as_django_makes_it(instance):
    """The same row made by Model.from_db() (Django's, through __init__() and its signals)."""
    model = type(instance)
    names = [f.attname for f in model._meta.concrete_fields if f.attname in instance.__dict__]
    values = [instance.__dict__[name] for name in names]
    return models.Model.from_db.__func__(model, instance._state.db, names, values)


def state(instance):
    fields = {k: v for k, v in instance.__dict__.items() if k != "_state"}
    return fields, instance._state.adding, instance._state.db, instance._state.fields_cache


@pytest.fixture
def records():
    GrantFactory(recipient=None)
    CenterFactory()
    for factory in (
        EventFactory,
        KeyFigureFactory,
        OrganizationNameFactory,
        ReferenceFactory,
        RelationshipFactory,
        ServiceFactory,
        TargetGroupFactory,
        ThemeFactory,
    ):
        factory()


def test_every_content_model_loads_directly():
    for model in CONTENT_MODELS:
        assert core_models._attnames(model) is not None, model


@pytest.mark.parametrize("model", CONTENT_MODELS, ids=lambda m: m.__name__)
def test_a_record_is_the_instance_django_makes(records, model):
    for queryset in (
        model.objects.all(),
        in_page_language(model.objects.all()),
        model.objects.only("pk", "status"),
    ):
        found = list(queryset)
        assert found, model
        for instance in found:
            assert state(instance) == state(as_django_makes_it(instance))
            assert not hasattr(instance, "_mt_init")


def test_related_records_and_deferred_columns_read_as_before(records, django_assert_num_queries):
    grant = in_page_language(Grant.objects.select_related("funder", "program")).get()
    with django_assert_num_queries(0):
        assert grant.funder.name and grant.program.title and grant.recipient_id is None
        assert grant.funder._state.adding is False and grant.funder._state.db == "default"
    with django_assert_num_queries(1):
        assert grant.purpose_ar is None  # a deferred column, read when asked for
    grant.amount = 1
    grant.save()
    grant.refresh_from_db()
    assert grant.amount == 1


def test_a_model_with_a_post_init_receiver_is_made_by_django(records):
    def receiver(sender, instance, **kwargs):
        instance.initialised = True

    core_models._ATTNAMES.clear()
    post_init.connect(receiver, sender=Grant)
    try:
        assert core_models._attnames(Grant) is None
        assert Grant.objects.get().initialised
    finally:
        post_init.disconnect(receiver, sender=Grant)
        core_models._ATTNAMES.clear()
    assert core_models._attnames(Grant) is not None
