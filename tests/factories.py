"""One factory per model. Content is published and staff-sourced unless a test says otherwise."""

import datetime
from decimal import Decimal

import factory
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType

from centers.models import Center, CenterKind, Language, Notice, OpeningHours, Service, Territory
from core.models import KeyFigure, Status
from core.qualifiers import Qualifier
from core.sources import SourceDocument
from history.models import Event, EventCategory, Reference, ReferenceKind
from partners.models import (
    Organization,
    OrganizationKind,
    OrganizationName,
    Relationship,
    RelationshipKind,
)
from programs.models import Grant, Program, TargetGroup, Theme


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")


class ContentFactory(factory.django.DjangoModelFactory):
    """Published, entered by staff today."""

    status = Status.PUBLISHED
    source_document = SourceDocument.STAFF
    source_entered_on = factory.LazyFunction(datetime.date.today)
    source_verification = "Checked by phone with the organisation."

    class Meta:
        abstract = True


class OrganizationFactory(ContentFactory):
    class Meta:
        model = Organization

    name = factory.Sequence(lambda n: f"Organisation {n}")
    name_en = factory.LazyAttribute(lambda o: f"{o.name} (en)")
    slug = factory.Sequence(lambda n: f"organisation-{n}")
    kind = OrganizationKind.ASSOCIATION


class OrganizationNameFactory(ContentFactory):
    class Meta:
        model = OrganizationName

    organization = factory.SubFactory(OrganizationFactory)
    name = factory.Sequence(lambda n: f"Former name {n}")


class RelationshipFactory(ContentFactory):
    class Meta:
        model = Relationship

    source = factory.SubFactory(OrganizationFactory)
    target = factory.SubFactory(OrganizationFactory)
    kind = RelationshipKind.PARTNERS_WITH


class ThemeFactory(ContentFactory):
    class Meta:
        model = Theme

    name = factory.Sequence(lambda n: f"Theme {n}")
    slug = factory.Sequence(lambda n: f"theme-{n}")


class TargetGroupFactory(ContentFactory):
    class Meta:
        model = TargetGroup

    name = factory.Sequence(lambda n: f"Group {n}")
    slug = factory.Sequence(lambda n: f"group-{n}")


class ProgramFactory(ContentFactory):
    class Meta:
        model = Program

    title = factory.Sequence(lambda n: f"Programme {n}")
    title_en = factory.LazyAttribute(lambda p: f"{p.title} (en)")
    slug = factory.Sequence(lambda n: f"program-{n}")
    summary = "Des consultations gratuites."
    lead_organization = factory.SubFactory(OrganizationFactory)


class GrantFactory(ContentFactory):
    class Meta:
        model = Grant

    program = factory.SubFactory(ProgramFactory)
    slug = factory.Sequence(lambda n: f"grant-{n}")
    funder = factory.SubFactory(OrganizationFactory, kind=OrganizationKind.FOUNDATION)
    recipient = factory.SubFactory(OrganizationFactory)
    amount = Decimal("600000")
    amount_qualifier = Qualifier.ALMOST
    duration_months = 36


class TerritoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Territory
        django_get_or_create = ("slug",)

    name = "France métropolitaine"
    name_en = "Metropolitan France"
    slug = "metropolitan-france"
    time_zone = "Europe/Paris"


class LanguageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Language
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"l{n}")
    name = factory.Sequence(lambda n: f"Langue {n}")


class ServiceFactory(ContentFactory):
    class Meta:
        model = Service

    name = factory.Sequence(lambda n: f"Service {n}")
    slug = factory.Sequence(lambda n: f"service-{n}")


class CenterFactory(ContentFactory):
    class Meta:
        model = Center

    name = factory.Sequence(lambda n: f"Centre {n}")
    name_en = factory.LazyAttribute(lambda c: f"{c.name} (en)")
    slug = factory.Sequence(lambda n: f"centre-{n}")
    kind = CenterKind.CASO
    operator = factory.SubFactory(OrganizationFactory)
    city = "Lyon"
    territory = factory.SubFactory(TerritoryFactory)


class OpeningHoursFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OpeningHours

    center = factory.SubFactory(CenterFactory)
    weekday = 0
    opens = datetime.time(9, 0)
    closes = datetime.time(17, 0)


class NoticeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Notice

    center = factory.SubFactory(CenterFactory)
    message = "Fermé pour travaux."
    starts_on = factory.LazyFunction(datetime.date.today)


class KeyFigureFactory(ContentFactory):
    class Meta:
        model = KeyFigure

    subject = factory.SubFactory(ProgramFactory)
    content_type = factory.LazyAttribute(lambda k: ContentType.objects.get_for_model(k.subject))
    object_id = factory.SelfAttribute("subject.pk")
    value = Decimal("6000")
    qualifier = Qualifier.MORE_THAN
    label = "consultations médicales"
    label_en = "medical consultations"


class ReferenceFactory(ContentFactory):
    class Meta:
        model = Reference

    kind = ReferenceKind.LAW
    title = factory.Sequence(lambda n: f"Loi {n}")
    slug = factory.Sequence(lambda n: f"reference-{n}")


class EventFactory(ContentFactory):
    class Meta:
        model = Event

    organization = factory.SubFactory(OrganizationFactory)
    title = factory.Sequence(lambda n: f"Événement {n}")
    title_en = factory.LazyAttribute(lambda e: f"{e.title} (en)")
    slug = factory.Sequence(lambda n: f"event-{n}")
    category = EventCategory.FOUNDING
    starts_on = datetime.date(1972, 1, 1)
