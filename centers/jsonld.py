"""schema.org data for a place's page: only what is known, nothing guessed."""

from django.utils.text import capfirst

from core.models import TriState

from .models import Center, CenterKind

# Where people see a doctor: a clinic. Teams and hotlines are organisations that give care;
# a mediation permanence is a service rather than a place of care.
SCHEMA_TYPES = {
    CenterKind.CASO: "MedicalClinic",
    CenterKind.CONSULTATION: "MedicalClinic",
    CenterKind.MOBILE_UNIT: "MedicalOrganization",
    CenterKind.HOTLINE: "MedicalOrganization",
    CenterKind.STREET_TEAM: "MedicalOrganization",
    CenterKind.MEDIATION: "Service",
}
# ISO 3166-1 codes: Mayotte has its own.
COUNTRY_BY_TERRITORY = {"mayotte": "YT"}
# How a place is reached and entered, said only where a source states it (amenityFeature).
ACCESS_FEATURES = (
    "appointment_needed",
    "referral_needed",
    "call_first",
    "step_free_access",
    "animals_accepted",
)
SCHEMA_DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def _address(center):
    parts = {
        "streetAddress": center.address,
        "postalCode": center.postcode,
        "addressLocality": center.city,
        "addressRegion": center.region or center.department,
    }
    address = {key: value for key, value in parts.items() if value}
    if not address:
        return None
    return {
        "@type": "PostalAddress",
        **address,
        "addressCountry": COUNTRY_BY_TERRITORY.get(center.territory.slug, "FR"),
    }


def _hours(center):
    hours = [
        {
            "@type": "OpeningHoursSpecification",
            "dayOfWeek": f"https://schema.org/{SCHEMA_DAYS[row.weekday]}",
            "opens": row.opens.strftime("%H:%M"),
            "closes": row.closes.strftime("%H:%M"),
        }
        for row in center.opening_hours.all()
    ]
    if center.open_on_public_holidays == TriState.NO:
        # schema.org's way of saying "closed all day": opens and closes at 00:00. "Yes" says
        # nothing schema.org can hold (which hours on a holiday is not stated): left out.
        hours.append(
            {
                "@type": "OpeningHoursSpecification",
                "dayOfWeek": "https://schema.org/PublicHolidays",
                "opens": "00:00",
                "closes": "00:00",
            }
        )
    return hours


def _access_features(center):
    """Each stated access condition as a schema.org LocationFeatureSpecification, yes or no;
    step-free access with its Acceslibre page."""
    features = []
    for name in ACCESS_FEATURES:
        value = getattr(center, name)
        if value == TriState.NOT_STATED:
            continue
        feature = {
            "@type": "LocationFeatureSpecification",
            "name": str(capfirst(Center._meta.get_field(name).verbose_name)),
            "value": value == TriState.YES,
        }
        if name == "step_free_access" and center.acceslibre_url:
            feature["url"] = center.acceslibre_url
        features.append(feature)
    return features


def center_jsonld(center, url, absolute):
    """The JSON-LD object of a place. absolute(path) turns a site path into a full URL."""
    schema_type = SCHEMA_TYPES.get(center.kind, "MedicalOrganization")
    data = {
        "@context": "https://schema.org",
        "@type": schema_type,
        "name": center.name,
        "url": url,
    }
    if center.summary:
        data["description"] = center.summary
    address = _address(center)
    if address:
        data["address"] = address
    for key, value in (("telephone", center.phone), ("email", center.email)):
        if value:
            data[key] = value
    if center.website:
        data["sameAs"] = center.website
    if center.area_served:
        data["areaServed"] = center.area_served
    if center.free_of_charge == TriState.YES:
        data["isAccessibleForFree"] = True
    languages = [language.name for language in center.languages.all()]
    if languages:
        data["availableLanguage"] = languages
    operator = {"@type": "Organization", "name": center.operator.name}
    if center.operator.is_public:
        operator["url"] = absolute(center.operator.get_absolute_url())
    if schema_type == "Service":
        data["provider"] = operator
        data["serviceType"] = str(center.get_kind_display())
    else:
        data["parentOrganization"] = operator
        # Opening hours belong to places (a clinic, a business), not to services.
        hours = _hours(center)
        if hours:
            data["openingHoursSpecification"] = hours
    # amenityFeature belongs to places (a clinic), not to organisations or services.
    features = _access_features(center) if schema_type == "MedicalClinic" else []
    if features:
        data["amenityFeature"] = features
    return data
