"""The French départements, their region and the territory slug of the site they belong to.

For the imports: a row gives a département's code, the import fills in its name and region,
from the reference table in centers/departments.py (INSEE's Code officiel géographique).
"""

from centers.departments import DEPARTMENTS

METROPOLITAN = "metropolitan-france"

# code: (name, region)
DEPARTEMENTS = {d.code: (d.name, d.region) for d in DEPARTMENTS}

# The site's territory (centers.Territory slug) of each overseas département; every other
# département is in metropolitan France.
OVERSEAS_TERRITORIES = {
    "971": "guadeloupe",
    "972": "martinique",
    "973": "french-guiana",
    "974": "reunion",
    "976": "mayotte",
}


def normalize_code(value):
    """A département code as written in the table: ' 1 ' → '01', '2a' → '2A'."""
    code = str(value or "").strip().upper()
    if code.isdigit() and len(code) == 1:
        code = f"0{code}"
    return code


def territory_slug(code):
    return OVERSEAS_TERRITORIES.get(code, METROPOLITAN)


def code_from_postcode(postcode):
    """The département of a postcode, when the postcode alone says it (not Corsica's 20…)."""
    postcode = str(postcode or "").strip()
    if len(postcode) != 5 or not postcode.isdigit():
        return ""
    if postcode.startswith("97"):
        return postcode[:3]
    if postcode.startswith("20"):
        return ""
    return postcode[:2]


def code_from_insee(code):
    """The département of an INSEE commune code (2A004 → 2A, 97611 → 976)."""
    code = str(code or "").strip().upper()
    if len(code) != 5:
        return ""
    return code[:3] if code.startswith("97") else code[:2]
