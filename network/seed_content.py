"""Every fact of the two source documents, in French and English, with its quoted passage.

Each record has a stable key. Translated fields are given as (French, English) pairs; the
French is a translation of the English originals (official French names restored: CASO,
ENFAMS, loi HPST). What the documents do not give is simply absent.
"""

import datetime
from decimal import Decimal

from core.sources import SourceDocument

FOUNDATION = SourceDocument.FOUNDATION_PAGE
MSF = SourceDocument.MSF_PAGE


def passage(document, *fragments):
    return {"source_document": document, "source_passage": " […] ".join(fragments)}


def year(y):
    return datetime.date(y, 1, 1)


# Passages quoted by several records.
CASO_PASSAGE = (
    "Developing the activities of CASOs (Reception, Guidance and Care Centers) in four French cities.",
    "Lyon – Toulouse – Montpellier – Paris",
)
KOUNGOU_PASSAGE = (
    "Photo : For minors up to the age of 18, MdM has opened a cost-free medico-social consultation service in Koungou.",
)
KOUNGOU_RIGHTS = (
    "Through this program, all children from 0 to 18 can have a free and open right to all medical consultation, "
    "fixed and mobile, supplemented by social support, information, guidance and assistance with administrative "
    "procedures so as to be registered with the social security system."
)
# The source has a no-break space between "15" and "years".
SAMUSOCIAL_PASSAGE = (
    "As the Samusocial Paris partner for nearly 15\u00a0years, the Sanofi Espoir Foundation supports the aid work "
    "of mobile teams for the very poor."
)
RED_CROSS_BRANCHES = (
    "New branches were created in 2013 including a medical truck in the Ain region, medical hotlines in Roubaix "
    'and Tourcoing, and a "Dieppe mobile" service for three sensitive urban areas.'
)
ENFAMS_PASSAGE = (
    "Since 2011, the Foundation has been supporting the “Children and Families Without Housing” (ENFAMS) "
    "investigation/action. It is designed to better understand the living conditions, personal histories and "
    "health of children and homeless families in the Ile-de-France area so that their health problems can be "
    "better and more quickly treated."
)
ENFAMS_PLANNED = (
    "In 2014, the lessons learned from the survey will provide input to training health and social work "
    "professionals, working in collaboration with the SOLIPAM network that helps pregnant women and their "
    "babies in serious distress."
)

# Reference data, not seed facts: territories with their time zone.
TERRITORIES = [
    {
        "slug": "metropolitan-france",
        "name": ("France métropolitaine", "Metropolitan France"),
        "time_zone": "Europe/Paris",
        "overseas": False,
    },
    {
        "slug": "mayotte",
        "name": ("Mayotte", "Mayotte"),
        "time_zone": "Indian/Mayotte",
        "overseas": True,
    },
]

ORGANIZATIONS = [
    {
        "key": "org:sanofi-espoir-foundation",
        "slug": "sanofi-espoir-foundation",
        "name": ("Fondation Sanofi Espoir", "Sanofi Espoir Foundation"),
        "kind": "foundation",
        "summary": (
            "Fondation qui s'engage aux côtés de ses partenaires historiques pour améliorer la santé des plus vulnérables.",
            "A foundation committed to helping its historic partners improve healthcare for the most vulnerable.",
        ),
        "cite": passage(
            FOUNDATION,
            "To help improve healthcare for the most vulnerable, the Foundation is committed to helping its historic partners.",
        ),
    },
    {
        "key": "org:medecins-du-monde",
        "slug": "medecins-du-monde",
        "name": ("Médecins du Monde", "Médecins du Monde"),
        "acronym": "MdM",
        "kind": "ngo",
        "summary": (
            "ONG qui mène les CASO de Lyon, Toulouse, Montpellier et Paris et une consultation médico-sociale gratuite pour les mineurs à Koungou (Mayotte).",
            "NGO running the CASOs in Lyon, Toulouse, Montpellier and Paris and a cost-free medico-social consultation service for minors in Koungou (Mayotte).",
        ),
        "cite": passage(
            FOUNDATION,
            "This program aims to intensify the action of MDM among people in very insecure jobs",
            "MdM has opened a cost-free medico-social consultation service in Koungou.",
            "nearly 15 years of support for the actions of NGOs in France and worldwide.",
        ),
    },
    {
        "key": "org:french-red-cross",
        "slug": "french-red-cross",
        "name": ("Croix-Rouge française", "French Red Cross"),
        "kind": "ngo",
        "summary": (
            "Développe et modernise son dispositif de soins à distance et de proximité, avec de nouvelles antennes créées en 2013.",
            "Develops and modernises its scheme of remote and local care, with new branches created in 2013.",
        ),
        "cite": passage(
            FOUNDATION,
            "the Foundation is helping the Red Cross develop and modernize its scheme. New branches were created in 2013",
        ),
    },
    {
        "key": "org:samusocial-de-paris",
        "slug": "samusocial-de-paris",
        "name": ("Samusocial de Paris", "Samusocial de Paris"),
        "kind": "other",
        "summary": (
            "Ses équipes mobiles viennent en aide aux plus démunis.",
            "Its mobile teams do aid work for the very poor.",
        ),
        "cite": passage(
            FOUNDATION,
            SAMUSOCIAL_PASSAGE,
        ),
    },
    {
        "key": "org:migrations-sante-france",
        "slug": "migrations-sante-france",
        "name": ("Migrations Santé France", "Migrations Santé France"),
        "kind": "association",
        "legal_form": (
            "association loi de 1901, à vocation nationale",
            "association under the French law of 1901, with a national vocation",
        ),
        "founded_on": datetime.date(1970, 2, 19),
        "founded_precision": "day",
        "summary": (
            "Association née en 1970 sous le nom de CMMSAM, qui agit selon deux axes : la promotion de la santé et la prévention, et la formation des professionnels.",
            "An association founded in 1970 as the CMMSAM, working along two axes: health promotion and prevention, and training of professionals.",
        ),
        "description": (
            "Interface entre le système de soins et les structures d'insertion, Migrations Santé France travaille avec les professionnels et les bénévoles de terrain des secteurs médical, médico-social et éducatif.",
            "As an interface between the health care system and integration structures, Migrations Santé France works with professionals and volunteers in the field, in the medical, socio-medical and educational sectors.",
        ),
        "cite": passage(
            MSF,
            "Migrations Santé France, is an association under the French Law of 1901, with a national vocation.",
            "Our activities are articulated around two axes: Prevention and health promotion and training of professionals",
            "Declaration of the association of Law 1901 on February 19, 1970",
            "As an interface between the health care system and integration structures, Migrations Santé France works with professionals and volunteers in the field, in the medical, socio-medical and educational sectors",
        ),
    },
    {
        "key": "org:migrations-sante-antennas",
        "slug": "migrations-sante-regional-antennas",
        "name": (
            "Antennes régionales de Migrations Santé",
            "Regional antennas of Migrations Santé",
        ),
        "kind": "association",
        "parent": "org:migrations-sante-france",
        "summary": (
            "Les antennes forment des associations qui prennent le nom de Migrations Santé suivi du nom de leur région ou de leur ville ; la source ne les nomme pas une à une.",
            "The antennas form associations named Migrations Santé followed by the name of their region or city; the source does not name them one by one.",
        ),
        "description": (
            "Pleinement autonomes vis-à-vis de l'association mère, elles sont représentées à son conseil d'administration en tant que personnes morales. En 1998, les associations du réseau national prennent leur indépendance.",
            "Fully autonomous from the parent association, they are represented on its board of directors as legal persons. In 1998 the associations of the national network take their independence.",
        ),
        "cite": passage(
            MSF,
            "The various antennas form associations and adopt the name of Migrations Santé by adding the name of the region or the city where they are established. They had their full autonomy vis-à-vis the parent association within which they are represented on the board of directors as legal persons.",
            "To deal with local contexts, the associations of the national network take their independence",
        ),
    },
    {
        "key": "org:solipam",
        "slug": "solipam",
        "name": ("Réseau SOLIPAM", "SOLIPAM network"),
        "acronym": "SOLIPAM",
        "kind": "network",
        "summary": (
            "Réseau qui aide les femmes enceintes et leurs bébés en grande détresse.",
            "A network that helps pregnant women and their babies in serious distress.",
        ),
        "cite": passage(
            FOUNDATION,
            "the SOLIPAM network that helps pregnant women and their babies in serious distress.",
        ),
    },
    {
        "key": "org:mrap",
        "slug": "mrap",
        "name": (
            "Mouvement contre le racisme, l'antisémitisme et pour la paix",
            "Movement against Racism, Anti-Semitism and for Peace",
        ),
        "acronym": "MRAP",
        "kind": "movement",
        "summary": (
            "Partenaire du CMMSAM pour la publication de « La Santé des migrants » en 1972.",
            'The CMMSAM\'s partner for the publication of "The Health of Migrants" in 1972.',
        ),
        "cite": passage(
            MSF,
            "Publication of the book on the health of migrants in partnership with the Movement against Racism, Anti-Semitism and for Peace (MRAP)",
        ),
    },
    {
        "key": "org:faculty-of-medicine-paris-vi",
        "slug": "faculty-of-medicine-paris-vi",
        "name": ("Faculté de médecine Paris VI", "Faculty of Medicine Paris VI"),
        "kind": "university",
        "summary": (
            "Le DU « Santé dans le monde » y a été créé sous la direction du professeur Marc Gentilini.",
            'Where the university diploma "Health in the world" was created under the direction of Professor Marc Gentilini.',
        ),
        "cite": passage(
            MSF,
            "Which resulted in the creation of a DU, entitled Health in the world, under the direction of Professor Marc Gentilini, president of the Committee, at the Faculty of Medicine Paris VI.",
        ),
    },
]

FORMER_NAMES = [
    {
        "key": "name:cmmsam",
        "organization": "org:migrations-sante-france",
        "name": (
            "Comité médical et médico-social d'aide aux migrants",
            "Medical and Medico-Social Committee for Aid to Migrants",
        ),
        "acronym": "CMMSAM",
        "used_from": datetime.date(1970, 2, 19),
        "used_from_precision": "day",
        "cite": passage(
            MSF,
            "Creation of the Medical and Medico-Social Committee for Aid to Migrants (CMMSAM)",
            "Declaration of the association of Law 1901 on February 19, 1970",
            "The committee takes the name of Migrations Santé France.",
        ),
    },
    {
        "key": "name:medical-committee",
        "organization": "org:migrations-sante-france",
        "name": ("Comité médical, ou le Comité", "the Medical Committee, or the Committee"),
        "cite": passage(
            MSF, "the CMMSAM, commonly known as the Medical Committee or simply the Committee"
        ),
    },
]

RELATIONSHIPS = [
    {
        "key": "rel:sef-funds-mdm",
        "source": "org:sanofi-espoir-foundation",
        "target": "org:medecins-du-monde",
        "kind": "funds",
        "duration_years": Decimal("15"),
        "duration_qualifier": "almost",
        "description": (
            "Près de 15 ans de soutien aux actions de l'ONG en France et dans le monde, prolongés par le soutien aux CASO.",
            "Nearly 15 years of support for the NGO's actions in France and worldwide, extended by the support for the CASOs.",
        ),
        "cite": passage(
            FOUNDATION,
            "The partnership with the Foundation includes financial support worth almost 600,000 euros over three years , which extends nearly 15 years of support for the actions of NGOs in France and worldwide.",
        ),
    },
    {
        "key": "rel:sef-funds-red-cross",
        "source": "org:sanofi-espoir-foundation",
        "target": "org:french-red-cross",
        "kind": "funds",
        "description": (
            "La Fondation aide la Croix-Rouge à développer et moderniser son dispositif.",
            "The Foundation is helping the Red Cross develop and modernise its scheme.",
        ),
        "cite": passage(
            FOUNDATION, "the Foundation is helping the Red Cross develop and modernize its scheme."
        ),
    },
    {
        "key": "rel:sef-partners-samusocial",
        "source": "org:sanofi-espoir-foundation",
        "target": "org:samusocial-de-paris",
        "kind": "partners_with",
        "duration_years": Decimal("15"),
        "duration_qualifier": "almost",
        "description": (
            "Partenaire du Samusocial de Paris depuis près de 15 ans.",
            "The Samusocial Paris partner for nearly 15 years.",
        ),
        "cite": passage(
            FOUNDATION,
            SAMUSOCIAL_PASSAGE,
        ),
    },
    {
        "key": "rel:msf-with-mrap",
        "source": "org:migrations-sante-france",
        "target": "org:mrap",
        "kind": "collaborates_with",
        "since": year(1972),
        "description": (
            "Publication commune de « La Santé des migrants » en 1972.",
            'Joint publication of "The Health of Migrants" in 1972.',
        ),
        "cite": passage(
            MSF,
            "1972 – Publication of The Health of Migrants",
            "Publication of the book on the health of migrants in partnership with the Movement against Racism, Anti-Semitism and for Peace (MRAP)",
        ),
    },
    {
        "key": "rel:msf-with-paris-vi",
        "source": "org:migrations-sante-france",
        "target": "org:faculty-of-medicine-paris-vi",
        "kind": "collaborates_with",
        "since": year(1970),
        "since_precision": "decade",
        "description": (
            "Création du DU « Santé dans le monde » dans les années 1970, sous la direction du professeur Marc Gentilini, président du Comité.",
            'Creation of the university diploma "Health in the world" in the 1970s, under the direction of Professor Marc Gentilini, president of the Committee.',
        ),
        "cite": passage(
            MSF,
            "During the 1970s",
            "Which resulted in the creation of a DU, entitled Health in the world, under the direction of Professor Marc Gentilini, president of the Committee, at the Faculty of Medicine Paris VI.",
        ),
    },
    {
        "key": "rel:antennas-affiliated-msf",
        "source": "org:migrations-sante-antennas",
        "target": "org:migrations-sante-france",
        "kind": "affiliated_to",
        "since": year(1970),
        "since_precision": "decade",
        "description": (
            "Une quinzaine d'associations affiliées dans les années 1970 ; vingt associations dans le réseau national en 1986 ; indépendance des associations du réseau en 1998.",
            "Some fifteen affiliated associations in the 1970s; twenty associations in the national network in 1986; the network's associations take their independence in 1998.",
        ),
        "cite": passage(
            MSF,
            "During the 1970s, the CMMSAM, commonly known as the Medical Committee or simply the Committee, saw the creation of some fifteen associations affiliated to it",
            "The national network brings together twenty associations",
            "1998 – Autonomy of the antennas",
        ),
    },
]

THEMES = [
    {
        "key": "theme:access-to-care",
        "slug": "access-to-care",
        "name": ("Accès aux soins", "Access to care"),
        "cite": passage(FOUNDATION, "To help improve healthcare for the most vulnerable"),
    },
    {
        "key": "theme:right-to-health-protection",
        "slug": "right-to-health-protection",
        "name": ("Droit à la protection maladie", "Right to health protection"),
        "cite": passage(FOUNDATION, "Supporting the right to health protection"),
    },
    {
        "key": "theme:remote-and-mobile-care",
        "slug": "remote-and-mobile-care",
        "name": ("Soins à distance et mobiles", "Remote and mobile care"),
        "cite": passage(
            FOUNDATION,
            "To meet the growing need for remote care systems and to better meet local conditions",
        ),
    },
    {
        "key": "theme:health-promotion",
        "slug": "health-promotion-and-prevention",
        "name": ("Promotion de la santé et prévention", "Health promotion and prevention"),
        "cite": passage(MSF, "Prevention and health promotion"),
    },
    {
        "key": "theme:training",
        "slug": "training-of-professionals",
        "name": ("Formation des professionnels", "Training of professionals"),
        "cite": passage(MSF, "training of professionals"),
    },
    {
        "key": "theme:survey",
        "slug": "survey-and-research",
        "name": ("Enquête et recherche-action", "Survey and action research"),
        "cite": passage(FOUNDATION, "investigation/action"),
    },
]

TARGET_GROUPS = [
    {
        "key": "group:great-precarity",
        "slug": "people-in-great-precarity",
        "name": ("Personnes en grande précarité", "People in great precarity"),
        "cite": passage(
            FOUNDATION,
            "people in very insecure jobs",
            "medical centers for people without resources",
            "mobile teams for the very poor",
        ),
    },
    {
        "key": "group:women",
        "slug": "women",
        "name": ("Femmes", "Women"),
        "cite": passage(FOUNDATION, "especially women (39% of those admitted)"),
    },
    {
        "key": "group:children-and-minors",
        "slug": "children-and-minors",
        "name": ("Enfants et mineurs", "Children and minors"),
        "cite": passage(
            FOUNDATION,
            "children (12.5%)",
            "For minors up to the age of 18",
            "all children from 0 to 18",
        ),
    },
    {
        "key": "group:homeless-families",
        "slug": "homeless-families",
        "name": ("Familles sans logement", "Homeless families"),
        "cite": passage(FOUNDATION, "children and homeless families in the Ile-de-France area"),
    },
    {
        "key": "group:pregnant-women-babies",
        "slug": "pregnant-women-and-babies-in-distress",
        "name": (
            "Femmes enceintes et bébés en grande détresse",
            "Pregnant women and babies in serious distress",
        ),
        "cite": passage(FOUNDATION, "pregnant women and their babies in serious distress"),
    },
    {
        "key": "group:migrants-refugees",
        "slug": "migrants-and-refugees",
        "name": ("Migrants et réfugiés", "Migrants and refugees"),
        "cite": passage(MSF, "acting on the ground with migrants and refugees"),
    },
    {
        "key": "group:no-residence-permit",
        "slug": "foreigners-without-residence-permit",
        "name": ("Étrangers sans titre de séjour", "Foreigners without a residence permit"),
        "cite": passage(FOUNDATION, "foreigners without residence permits (mostly Comoros)"),
    },
    {
        "key": "group:no-civil-status",
        "slug": "people-unable-to-prove-civil-status",
        "name": (
            "Personnes ne pouvant justifier de leur état civil",
            "People unable to prove their civil status",
        ),
        "cite": passage(FOUNDATION, "unable to justify their marital status"),
    },
    {
        "key": "group:elderly-immigrants",
        "slug": "elderly-immigrants",
        "name": ("Immigrés âgés", "Elderly immigrants"),
        "cite": passage(MSF, "Home visits to elderly immigrants"),
    },
    {
        "key": "group:prison",
        "slug": "people-in-prison-or-leaving-it",
        "name": ("Personnes détenues ou sortant de prison", "People in prison or leaving it"),
        "cite": passage(
            MSF, "Discussion groups on health in prisons and with people leaving prison"
        ),
    },
    {
        "key": "group:professionals",
        "slug": "professionals-and-volunteers",
        "name": ("Professionnels et bénévoles", "Professionals and volunteers"),
        "cite": passage(
            MSF,
            "works with professionals and volunteers in the field, in the medical, socio-medical and educational sectors",
        ),
    },
]

PROGRAMS = [
    {
        "key": "program:caso",
        "slug": "caso-four-cities",
        "title": (
            "Développer l'activité des CASO dans quatre villes de France",
            "Developing the activities of CASOs in four French cities",
        ),
        "kind": "funded",
        "summary": (
            "Les Centres d'accueil, de soins et d'orientation (CASO) de Médecins du Monde à Lyon, Toulouse, Montpellier et Paris : plus de 6 000 consultations médicales par an.",
            "Médecins du Monde's Reception, Guidance and Care Centres (CASO) in Lyon, Toulouse, Montpellier and Paris: more than 6,000 medical consultations a year.",
        ),
        "description": (
            "Ce programme vise à intensifier l'action de Médecins du Monde auprès des personnes en grande précarité, en particulier les femmes (39 % des personnes accueillies) et les enfants (12,5 %). Dans ces centres, des équipes médicales assurent plus de 6 000 consultations médicales par an, dont la moitié à Paris.",
            "This program aims to intensify Médecins du Monde's action among people in great precarity, especially women (39% of those admitted) and children (12.5%). In these centres, medical teams carry out more than 6,000 medical consultations a year, half of them in Paris.",
        ),
        "lead_organization": "org:medecins-du-monde",
        "partners": ["org:sanofi-espoir-foundation"],
        "themes": ["theme:access-to-care"],
        "target_groups": ["group:great-precarity", "group:women", "group:children-and-minors"],
        "area": ("Lyon, Toulouse, Montpellier et Paris", "Lyon, Toulouse, Montpellier and Paris"),
        "cite": passage(
            FOUNDATION,
            *CASO_PASSAGE,
            "This program aims to intensify the action of MDM among people in very insecure jobs, especially women (39% of those admitted) and children (12.5%). In these centers, medical teams carry out more than 6,000 medical consultations a year, half of them in Paris.",
        ),
    },
    {
        "key": "program:koungou",
        "slug": "koungou-minors",
        "title": (
            "Améliorer l'accès à la santé des populations en situation précaire, en particulier des mineurs",
            "Improving access to health for communities in precarious situations, especially minors",
        ),
        "kind": "funded",
        "summary": (
            "À Koungou (Mayotte), une consultation médico-sociale gratuite de Médecins du Monde, ouverte à tous les enfants de 0 à 18 ans.",
            "In Koungou (Mayotte), a cost-free medico-social consultation service run by Médecins du Monde, open to all children from 0 to 18.",
        ),
        "description": (
            "Soutenir le droit à la protection maladie. Dans cette collectivité française d'outre-mer, le régime de protection sociale en vigueur exclut les étrangers sans titre de séjour (en majorité comoriens), mais aussi les habitants de Mayotte qui ne peuvent justifier de leur état civil, soit environ un tiers de la population. Grâce à ce programme, tous les enfants de 0 à 18 ans ont un droit libre et ouvert à toute consultation médicale, fixe et mobile, complétée par un accompagnement social, de l'information, de l'orientation et une aide aux démarches administratives pour être affiliés à la sécurité sociale.",
            "Supporting the right to health protection. In this French overseas community, the social safety net in force excludes foreigners without residence permits (mostly from the Comoros) but also those members of the Mayotte population who are unable to prove their civil status, about a third of the population. Through this program, all children from 0 to 18 have a free and open right to all medical consultation, fixed and mobile, supplemented by social support, information, guidance and help with administrative procedures to be registered with the social security system.",
        ),
        "lead_organization": "org:medecins-du-monde",
        "partners": ["org:sanofi-espoir-foundation"],
        "themes": ["theme:access-to-care", "theme:right-to-health-protection"],
        "target_groups": [
            "group:children-and-minors",
            "group:no-residence-permit",
            "group:no-civil-status",
        ],
        "area": ("Koungou, Mayotte", "Koungou, Mayotte"),
        "cite": passage(
            FOUNDATION,
            "Improving access to the health of communities in precarious situations, especially minors.",
            *KOUNGOU_PASSAGE,
            "Supporting the right to health protection",
            "In this French overseas community, the social safety net currently in force excludes foreigners without residence permits (mostly Comoros) but also those members of the Mayotte population who are unable to justify their marital status, which accounts for about a third of the population.",
            KOUNGOU_RIGHTS,
        ),
    },
    {
        "key": "program:red-cross-branches",
        "slug": "red-cross-new-medical-centres",
        "title": (
            "Optimiser et créer de nouveaux centres médicaux pour les personnes sans ressources",
            "Optimizing and creating new medical centres for people without resources",
        ),
        "kind": "funded",
        "summary": (
            "De nouvelles antennes de la Croix-Rouge française créées en 2013 : un camion médical dans l'Ain, des permanences médicales téléphoniques à Roubaix et Tourcoing, un service « Dieppe mobile ».",
            'New French Red Cross branches created in 2013: a medical truck in the Ain, medical hotlines in Roubaix and Tourcoing, a "Dieppe mobile" service.',
        ),
        "description": (
            "Pour répondre au besoin croissant de dispositifs de soins à distance et mieux s'adapter aux réalités locales, la Fondation aide la Croix-Rouge à développer et moderniser son dispositif. De nouvelles antennes ont été créées en 2013, dont un camion médical dans l'Ain, des permanences médicales téléphoniques à Roubaix et à Tourcoing et un service « Dieppe mobile » pour trois zones urbaines sensibles. La Fondation s'engage sur ce projet pour couvrir le plus de régions possible.",
            'To meet the growing need for remote care systems and to better meet local conditions, the Foundation is helping the Red Cross develop and modernise its scheme. New branches were created in 2013, including a medical truck in the Ain, medical hotlines in Roubaix and Tourcoing, and a "Dieppe mobile" service for three sensitive urban areas. The Foundation is committed to this project to cover as many regions as possible.',
        ),
        "lead_organization": "org:french-red-cross",
        "partners": ["org:sanofi-espoir-foundation"],
        "themes": ["theme:access-to-care", "theme:remote-and-mobile-care"],
        "target_groups": ["group:great-precarity"],
        "area": ("Partout en France", "Throughout the country"),
        "starts_on": year(2013),
        "cite": passage(
            FOUNDATION,
            "Optimizing and creating new medical centers for people without resources.",
            "Throughout the country",
            "To meet the growing need for remote care systems and to better meet local conditions, the Foundation is helping the Red Cross develop and modernize its scheme.",
            RED_CROSS_BRANCHES,
        ),
    },
    {
        "key": "program:samusocial",
        "slug": "samusocial-mobile-teams",
        "title": (
            "Les équipes mobiles du Samusocial de Paris",
            "The Samusocial de Paris mobile teams",
        ),
        "kind": "funded",
        "summary": (
            "La Fondation Sanofi Espoir soutient l'action des équipes mobiles d'aide aux plus démunis.",
            "The Sanofi Espoir Foundation supports the aid work of mobile teams for the very poor.",
        ),
        "lead_organization": "org:samusocial-de-paris",
        "partners": ["org:sanofi-espoir-foundation"],
        "themes": ["theme:access-to-care"],
        "target_groups": ["group:great-precarity"],
        "area": ("Paris", "Paris"),
        "cite": passage(
            FOUNDATION,
            SAMUSOCIAL_PASSAGE,
        ),
    },
    {
        "key": "program:enfams",
        "slug": "enfams",
        "title": (
            "ENFAMS – Enquête sur les enfants et familles sans logement",
            "ENFAMS – a survey of children and families without housing",
        ),
        "kind": "study",
        "summary": (
            "Une enquête-action pilote sur les familles sans logement en Île-de-France, soutenue par la Fondation depuis 2011.",
            "A pilot investigation/action on homeless families in Île-de-France, supported by the Foundation since 2011.",
        ),
        "description": (
            "L'enquête ENFAMS (« Enfants et familles sans logement ») vise à mieux connaître les conditions de vie, les parcours et la santé des enfants et des familles sans logement en Île-de-France, afin que leurs problèmes de santé soient mieux et plus vite pris en charge. En 2014, ses enseignements doivent nourrir la formation des professionnels de santé et du travail social, en collaboration avec le réseau SOLIPAM. La source ne dit pas qui mène l'enquête.",
            'The ENFAMS survey ("Children and Families Without Housing") is designed to better understand the living conditions, personal histories and health of children and homeless families in Île-de-France, so that their health problems can be treated better and more quickly. In 2014 its lessons are to feed the training of health and social work professionals, in collaboration with the SOLIPAM network. The source does not say who carries out the survey.',
        ),
        "partners": ["org:sanofi-espoir-foundation", "org:solipam"],
        "themes": ["theme:survey", "theme:training"],
        "target_groups": [
            "group:homeless-families",
            "group:children-and-minors",
            "group:pregnant-women-babies",
        ],
        "area": ("Île-de-France", "Île-de-France"),
        "cite": passage(
            FOUNDATION, "A pilot survey of homeless families", ENFAMS_PASSAGE, ENFAMS_PLANNED
        ),
    },
    {
        "key": "program:msf-health-promotion",
        "slug": "msf-health-promotion-and-prevention",
        "title": ("Promotion de la santé et prévention", "Health promotion and prevention"),
        "kind": "standing",
        "summary": (
            "Le pôle de promotion de la santé de Migrations Santé France mène des actions de proximité auprès des populations vulnérables : médiation sociale et sanitaire, information, prévention et dépistage.",
            "Migrations Santé France's health promotion pole carries out local actions with vulnerable populations: social and health mediation, information, prevention and screening.",
        ),
        "description": (
            "Le pôle de promotion de la santé mène des actions de proximité auprès des populations vulnérables, par des services de médiation sociale et sanitaire qui facilitent l'accès aux services de santé de droit commun, et par des actions d'information, de sensibilisation et de prévention pour renforcer la littératie en santé et encourager la prise en charge individuelle et collective de la santé. Des interventions régulières et ponctuelles sont menées dans le cadre de partenariats ou pour le compte de collectivités locales : permanences de médiation sociale et sanitaire dans les lieux de vie et les centres de ressources d'Île-de-France, actions collectives d'information, de prévention et de dépistage co-construites avec les bénéficiaires, visites à domicile auprès d'immigrés âgés, groupes de parole sur la santé en prison et avec des personnes sortant de prison.",
            "The health promotion pole carries out local actions with vulnerable populations through social and health mediation services that facilitate access to common-law health services, and information, awareness and prevention actions to increase health literacy and encourage individual and collective health care. Regular and occasional interventions are carried out in partnerships or on behalf of local authorities: social and health mediation permanences in living areas and resource centres in Île-de-France, collective information, prevention and screening activities co-constructed with the beneficiaries, home visits to elderly immigrants, discussion groups on health in prisons and with people leaving prison.",
        ),
        "lead_organization": "org:migrations-sante-france",
        "themes": ["theme:health-promotion"],
        "target_groups": ["group:elderly-immigrants", "group:prison"],
        "area": ("Île-de-France", "Île-de-France"),
        "ongoing": True,
        "cite": passage(
            MSF,
            "The health promotion pole carries out local actions with vulnerable populations through social and health mediation services to facilitate access to common law health services and information/awareness/prevention actions to increase health literacy and encourage individual and collective health care.",
            "Regular and occasional interventions are carried out in the framework of partnerships or on behalf of local authorities.",
            "Permanence of social and health mediation in living areas and resource centres in Île-de-France",
            "Regular collective information/awareness/prevention and screening activities carried out in collaboration with our resource and operational partners and co-constructed with the beneficiaries",
            "Home visits to elderly immigrants",
            "Discussion groups on health in prisons and with people leaving prison",
        ),
    },
    {
        "key": "program:msf-training",
        "slug": "msf-training-of-professionals",
        "title": ("Formation des professionnels", "Training of professionals"),
        "kind": "standing",
        "summary": (
            "Formations, séminaires, journées d'étude et colloques pour les professionnels et bénévoles de terrain ; un programme mis à jour chaque année.",
            "Training courses, seminars, study days and conferences for professionals and volunteers in the field; a program updated every year.",
        ),
        "description": (
            "Interface entre le système de soins et les structures d'insertion, Migrations Santé France travaille avec les professionnels et les bénévoles de terrain des secteurs médical, médico-social et éducatif, par des formations classiques, des séminaires, des journées d'étude et des colloques. Son programme de formation, mis à jour chaque année, s'appuie sur les retours du terrain et les évaluations de l'année précédente.",
            "As an interface between the health care system and integration structures, Migrations Santé France works with professionals and volunteers in the field, in the medical, socio-medical and educational sectors, through traditional training courses, seminars, study days and conferences. Its training program, updated every year, is based on feedback from the field and evaluations from the previous year.",
        ),
        "lead_organization": "org:migrations-sante-france",
        "themes": ["theme:training"],
        "target_groups": ["group:professionals"],
        "ongoing": True,
        "cite": passage(
            MSF,
            "As an interface between the health care system and integration structures, Migrations Santé France works with professionals and volunteers in the field, in the medical, socio-medical and educational sectors, through traditional training courses, seminars, study days and conferences.",
            "Our training program, updated every year, is based on feedback from the field and evaluations from the previous year",
        ),
    },
]

GRANTS = [
    {
        "key": "grant:caso",
        "slug": "sanofi-espoir-caso",
        "program": "program:caso",
        "funder": "org:sanofi-espoir-foundation",
        "recipient": "org:medecins-du-monde",
        "amount": Decimal("600000"),
        "amount_qualifier": "almost",
        "duration_months": 36,
        "purpose": (
            "Soutien financier au développement de l'activité des CASO de Médecins du Monde à Lyon, Toulouse, Montpellier et Paris.",
            "Financial support for developing the activities of Médecins du Monde's CASOs in Lyon, Toulouse, Montpellier and Paris.",
        ),
        "cite": passage(
            FOUNDATION,
            "The partnership with the Foundation includes financial support worth almost 600,000 euros over three years",
        ),
    },
    {
        "key": "grant:koungou",
        "slug": "sanofi-espoir-koungou",
        "program": "program:koungou",
        "funder": "org:sanofi-espoir-foundation",
        "recipient": "org:medecins-du-monde",
        "amount_qualifier": "not_disclosed",
        "purpose": (
            "Soutien à la consultation médico-sociale gratuite pour les mineurs de Koungou (Mayotte).",
            "Support for the cost-free medico-social consultation service for minors in Koungou (Mayotte).",
        ),
        "cite": passage(
            FOUNDATION,
            "To help improve healthcare for the most vulnerable, the Foundation is committed to helping its historic partners.",
            "Improving access to the health of communities in precarious situations, especially minors.",
            *KOUNGOU_PASSAGE,
        ),
    },
    {
        "key": "grant:red-cross",
        "slug": "sanofi-espoir-red-cross-branches",
        "program": "program:red-cross-branches",
        "funder": "org:sanofi-espoir-foundation",
        "recipient": "org:french-red-cross",
        "amount": Decimal("600000"),
        "amount_qualifier": "up_to",
        "duration_months": 36,
        "purpose": (
            "Financement pour couvrir le plus de régions possible avec les nouvelles antennes de la Croix-Rouge française.",
            "Funding to cover as many regions as possible with the French Red Cross's new branches.",
        ),
        "cite": passage(
            FOUNDATION,
            "The Foundation is committed to this project to cover as much of regions as possible with up to 600,000 euros in funding over three years.",
        ),
    },
    {
        "key": "grant:samusocial",
        "slug": "sanofi-espoir-samusocial-mobile-teams",
        "program": "program:samusocial",
        "funder": "org:sanofi-espoir-foundation",
        "recipient": "org:samusocial-de-paris",
        "amount_qualifier": "not_disclosed",
        "purpose": (
            "Soutien à l'action des équipes mobiles d'aide aux plus démunis.",
            "Support for the aid work of mobile teams for the very poor.",
        ),
        "cite": passage(
            FOUNDATION,
            SAMUSOCIAL_PASSAGE,
        ),
    },
    {
        "key": "grant:enfams",
        "slug": "sanofi-espoir-enfams",
        "program": "program:enfams",
        "funder": "org:sanofi-espoir-foundation",
        "recipient": None,
        "amount_qualifier": "not_disclosed",
        "starts_on": year(2011),
        "ongoing": True,
        "purpose": (
            "Soutien à l'enquête-action ENFAMS sur les enfants et familles sans logement en Île-de-France. La source ne nomme pas le bénéficiaire.",
            "Support for the ENFAMS investigation/action on homeless children and families in Île-de-France. The source does not name the recipient.",
        ),
        "cite": passage(
            FOUNDATION,
            "Since 2011, the Foundation has been supporting the “Children and Families Without Housing” (ENFAMS) investigation/action.",
        ),
    },
]

SERVICES = [
    {
        "key": "service:medical-consultation",
        "slug": "medical-consultation",
        "name": ("Consultation médicale", "Medical consultation"),
        "cite": passage(
            FOUNDATION,
            "medical teams carry out more than 6,000 medical consultations a year",
            "a free and open right to all medical consultation, fixed and mobile",
        ),
    },
    {
        "key": "service:social-support",
        "slug": "social-support",
        "name": ("Accompagnement social", "Social support"),
        "cite": passage(FOUNDATION, "supplemented by social support"),
    },
    {
        "key": "service:information-guidance",
        "slug": "information-and-guidance",
        "name": ("Information et orientation", "Information and guidance"),
        "cite": passage(
            FOUNDATION,
            "Reception, Guidance and Care Centers",
            "social support, information, guidance",
        ),
    },
    {
        "key": "service:administrative-help",
        "slug": "help-with-administrative-procedures",
        "name": (
            "Aide aux démarches administratives (affiliation à la sécurité sociale)",
            "Help with administrative procedures (registering with social security)",
        ),
        "cite": passage(
            FOUNDATION,
            "assistance with administrative procedures so as to be registered with the social security system",
        ),
    },
    {
        "key": "service:medical-hotline",
        "slug": "medical-hotline",
        "name": ("Permanence médicale téléphonique", "Medical hotline"),
        "cite": passage(FOUNDATION, "medical hotlines in Roubaix and Tourcoing"),
    },
    {
        "key": "service:street-aid",
        "slug": "street-aid",
        "name": ("Aide mobile aux plus démunis", "Mobile aid for the very poor"),
        "cite": passage(FOUNDATION, "the aid work of mobile teams for the very poor"),
    },
    {
        "key": "service:mediation",
        "slug": "social-and-health-mediation",
        "name": ("Médiation sociale et sanitaire", "Social and health mediation"),
        "cite": passage(
            MSF,
            "social and health mediation services to facilitate access to common law health services",
        ),
    },
    {
        "key": "service:prevention-screening",
        "slug": "information-prevention-and-screening",
        "name": ("Information, prévention et dépistage", "Information, prevention and screening"),
        "cite": passage(
            MSF, "Regular collective information/awareness/prevention and screening activities"
        ),
    },
]

_CASO_CITIES = [
    # slug suffix, city, département, code, region — reference data about the named city.
    ("lyon", "Lyon", "Rhône", "69", "Auvergne-Rhône-Alpes"),
    ("toulouse", "Toulouse", "Haute-Garonne", "31", "Occitanie"),
    ("montpellier", "Montpellier", "Hérault", "34", "Occitanie"),
    ("paris", "Paris", "Paris", "75", "Île-de-France"),
]

CENTERS = [
    {
        "key": f"center:caso-{suffix}",
        "slug": f"caso-{suffix}",
        "name": (f"CASO de Médecins du Monde – {city}", f"Médecins du Monde CASO – {city}"),
        "kind": "caso",
        "delivery": "fixed",
        "summary": (
            "Centre d'accueil, de soins et d'orientation : consultations médicales pour les personnes en grande précarité, en particulier les femmes et les enfants.",
            "Reception, guidance and care centre: medical consultations for people in great precarity, especially women and children.",
        ),
        "operator": "org:medecins-du-monde",
        "programs": ["program:caso"],
        "city": city,
        "department": department,
        "department_code": code,
        "region": region,
        "territory": "metropolitan-france",
        "audiences": ["group:great-precarity", "group:women", "group:children-and-minors"],
        "services": ["service:medical-consultation", "service:information-guidance"],
        "cite": passage(
            FOUNDATION,
            *CASO_PASSAGE,
            "This program aims to intensify the action of MDM among people in very insecure jobs, especially women (39% of those admitted) and children (12.5%). In these centers, medical teams carry out more than 6,000 medical consultations a year, half of them in Paris.",
        ),
    }
    for suffix, city, department, code, region in _CASO_CITIES
] + [
    {
        "key": "center:koungou-minors",
        "slug": "koungou-consultation-for-minors",
        "name": (
            "Consultation médico-sociale pour les mineurs – Médecins du Monde, Koungou",
            "Medico-social consultation for minors – Médecins du Monde, Koungou",
        ),
        "kind": "consultation",
        "delivery": "fixed_and_mobile",
        "summary": (
            "Consultations médicales gratuites, fixes et mobiles, pour tous les enfants et jeunes de 0 à 18 ans, avec un accompagnement social, de l'information, de l'orientation et une aide pour s'affilier à la sécurité sociale.",
            "Cost-free medical consultations, fixed and mobile, for all children from 0 to 18, with social support, information, guidance and help registering with social security.",
        ),
        "conditions": (
            "Gratuit. Ouvert à tous les enfants de 0 à 18 ans.",
            "Free of charge. Open to all children from 0 to 18.",
        ),
        "operator": "org:medecins-du-monde",
        "programs": ["program:koungou"],
        "city": "Koungou",
        "department": "Mayotte",
        "department_code": "976",
        "region": "Mayotte",
        "territory": "mayotte",
        "audiences": ["group:children-and-minors"],
        "min_age": 0,
        "max_age": 18,
        "free_of_charge": "yes",
        "services": [
            "service:medical-consultation",
            "service:social-support",
            "service:information-guidance",
            "service:administrative-help",
        ],
        "cite": passage(FOUNDATION, *KOUNGOU_PASSAGE, KOUNGOU_RIGHTS),
    },
    {
        "key": "center:red-cross-truck-ain",
        "slug": "red-cross-medical-truck-ain",
        "name": (
            "Camion médical de l'Ain – Croix-Rouge française",
            "Medical truck in the Ain – French Red Cross",
        ),
        "kind": "mobile_unit",
        "delivery": "mobile",
        "summary": (
            "Un camion médical de la Croix-Rouge française, créé en 2013, qui se déplace dans l'Ain.",
            "A French Red Cross medical truck, created in 2013, that travels in the Ain.",
        ),
        "operator": "org:french-red-cross",
        "programs": ["program:red-cross-branches"],
        "department": "Ain",
        "department_code": "01",
        "region": "Auvergne-Rhône-Alpes",
        "territory": "metropolitan-france",
        "area_served": ("Département de l'Ain", "The Ain département"),
        "audiences": ["group:great-precarity"],
        "cite": passage(FOUNDATION, RED_CROSS_BRANCHES),
    },
    {
        "key": "center:red-cross-hotline-roubaix",
        "slug": "red-cross-medical-hotline-roubaix",
        "name": (
            "Permanence médicale téléphonique de Roubaix – Croix-Rouge française",
            "Medical hotline in Roubaix – French Red Cross",
        ),
        "kind": "hotline",
        "delivery": "remote",
        "summary": (
            "Une permanence médicale téléphonique de la Croix-Rouge française, créée en 2013. La source ne donne pas le numéro.",
            "A French Red Cross medical hotline, created in 2013. The source does not give its number.",
        ),
        "operator": "org:french-red-cross",
        "programs": ["program:red-cross-branches"],
        "city": "Roubaix",
        "department": "Nord",
        "department_code": "59",
        "region": "Hauts-de-France",
        "territory": "metropolitan-france",
        "audiences": ["group:great-precarity"],
        "services": ["service:medical-hotline"],
        "cite": passage(FOUNDATION, RED_CROSS_BRANCHES),
    },
    {
        "key": "center:red-cross-hotline-tourcoing",
        "slug": "red-cross-medical-hotline-tourcoing",
        "name": (
            "Permanence médicale téléphonique de Tourcoing – Croix-Rouge française",
            "Medical hotline in Tourcoing – French Red Cross",
        ),
        "kind": "hotline",
        "delivery": "remote",
        "summary": (
            "Une permanence médicale téléphonique de la Croix-Rouge française, créée en 2013. La source ne donne pas le numéro.",
            "A French Red Cross medical hotline, created in 2013. The source does not give its number.",
        ),
        "operator": "org:french-red-cross",
        "programs": ["program:red-cross-branches"],
        "city": "Tourcoing",
        "department": "Nord",
        "department_code": "59",
        "region": "Hauts-de-France",
        "territory": "metropolitan-france",
        "audiences": ["group:great-precarity"],
        "services": ["service:medical-hotline"],
        "cite": passage(FOUNDATION, RED_CROSS_BRANCHES),
    },
    {
        "key": "center:red-cross-dieppe-mobile",
        "slug": "red-cross-dieppe-mobile",
        "name": ("« Dieppe mobile » – Croix-Rouge française", '"Dieppe mobile" – French Red Cross'),
        "kind": "mobile_unit",
        "delivery": "mobile",
        "summary": (
            "Un service mobile de la Croix-Rouge française, créé en 2013, pour trois zones urbaines sensibles.",
            "A French Red Cross mobile service, created in 2013, for three sensitive urban areas.",
        ),
        "operator": "org:french-red-cross",
        "programs": ["program:red-cross-branches"],
        "city": "Dieppe",
        "department": "Seine-Maritime",
        "department_code": "76",
        "region": "Normandie",
        "territory": "metropolitan-france",
        "area_served": (
            "Trois zones urbaines sensibles (la source ne les nomme pas)",
            "Three sensitive urban areas (the source does not name them)",
        ),
        "audiences": ["group:great-precarity"],
        "cite": passage(FOUNDATION, RED_CROSS_BRANCHES),
    },
    {
        "key": "center:samusocial-mobile-teams",
        "slug": "samusocial-de-paris-mobile-teams",
        "name": ("Équipes mobiles du Samusocial de Paris", "Samusocial de Paris mobile teams"),
        "kind": "street_team",
        "delivery": "mobile",
        "summary": (
            "Des équipes mobiles qui viennent en aide aux plus démunis.",
            "Mobile teams doing aid work for the very poor.",
        ),
        "operator": "org:samusocial-de-paris",
        "programs": ["program:samusocial"],
        "city": "Paris",
        "department": "Paris",
        "department_code": "75",
        "region": "Île-de-France",
        "territory": "metropolitan-france",
        "audiences": ["group:great-precarity"],
        "services": ["service:street-aid"],
        "cite": passage(
            FOUNDATION,
            SAMUSOCIAL_PASSAGE,
        ),
    },
    {
        "key": "center:msf-mediation-idf",
        "slug": "migrations-sante-mediation-ile-de-france",
        "name": (
            "Permanences de médiation sociale et sanitaire – Migrations Santé France, Île-de-France",
            "Social and health mediation permanences – Migrations Santé France, Île-de-France",
        ),
        "kind": "mediation",
        "delivery": "fixed",
        "summary": (
            "Des permanences de médiation sociale et sanitaire dans les lieux de vie et les centres de ressources d'Île-de-France, pour faciliter l'accès aux services de santé de droit commun.",
            "Social and health mediation permanences in living areas and resource centres in Île-de-France, to make common-law health services easier to reach.",
        ),
        "operator": "org:migrations-sante-france",
        "programs": ["program:msf-health-promotion"],
        "region": "Île-de-France",
        "territory": "metropolitan-france",
        "area_served": (
            "Lieux de vie et centres de ressources d'Île-de-France",
            "Living areas and resource centres in Île-de-France",
        ),
        "services": ["service:mediation", "service:prevention-screening"],
        "cite": passage(
            MSF,
            "Permanence of social and health mediation in living areas and resource centres in Île-de-France",
            "social and health mediation services to facilitate access to common law health services",
        ),
    },
    # Premises of the organisation, not care places: "find care" does not list them.
    {
        "key": "center:msf-documentation-paris",
        "slug": "migrations-sante-documentation-paris",
        "name": (
            "Fonds documentaire de Migrations Santé France – Paris",
            "Migrations Santé France documentary collection – Paris",
        ),
        "kind": "documentation",
        "delivery": "fixed",
        "operator": "org:migrations-sante-france",
        "city": "Paris",
        "department": "Paris",
        "department_code": "75",
        "region": "Île-de-France",
        "territory": "metropolitan-france",
        "cite": passage(MSF, "Redeployment of the documentary collection in Paris and Saint-Denis"),
    },
    {
        "key": "center:msf-documentation-saint-denis",
        "slug": "migrations-sante-documentation-saint-denis",
        "name": (
            "Fonds documentaire de Migrations Santé France – Saint-Denis",
            "Migrations Santé France documentary collection – Saint-Denis",
        ),
        "kind": "documentation",
        "delivery": "fixed",
        "operator": "org:migrations-sante-france",
        "city": "Saint-Denis",
        "department": "Seine-Saint-Denis",
        "department_code": "93",
        "region": "Île-de-France",
        "territory": "metropolitan-france",
        "cite": passage(MSF, "Redeployment of the documentary collection in Paris and Saint-Denis"),
    },
]

REFERENCES = [
    {
        "key": "ref:hpst-law",
        "slug": "hpst-law",
        "kind": "law",
        "title": (
            "Loi portant réforme de l'hôpital et relative aux patients, à la santé et aux territoires",
            "Hospital, Patient, Health, Territory law",
        ),
        "short_title": ("Loi HPST", "HPST law"),
        "dated": datetime.date(2009, 7, 21),
        "dated_precision": "day",
        "cite": passage(
            MSF, "The Hospital, Patient, Health, Territory (HPST) law of July 21, 2009"
        ),
    },
    {
        "key": "ref:health-of-migrants",
        "slug": "the-health-of-migrants",
        "kind": "book",
        "title": ("La Santé des migrants", "The Health of Migrants"),
        "dated": year(1972),
        "organizations": ["org:migrations-sante-france", "org:mrap"],
        "cite": passage(
            MSF,
            "1972 – Publication of The Health of Migrants",
            "Publication of the book on the health of migrants in partnership with the Movement against Racism, Anti-Semitism and for Peace (MRAP)",
        ),
    },
    {
        "key": "ref:journal",
        "slug": "journal-migrations-sante",
        "kind": "journal",
        "title": ("Migrations Santé (revue)", "Migrations Santé (journal)"),
        "dated": year(1974),
        "organizations": ["org:migrations-sante-france"],
        "cite": passage(MSF, "1974 – Creation of the journal Migrations Santé"),
    },
    {
        "key": "ref:du-health-in-the-world",
        "slug": "du-health-in-the-world",
        "kind": "diploma",
        "title": ("DU « Santé dans le monde »", 'University diploma "Health in the world"'),
        "dated": year(1970),
        "dated_precision": "decade",
        "organizations": ["org:migrations-sante-france", "org:faculty-of-medicine-paris-vi"],
        "cite": passage(
            MSF,
            "During the 1970s",
            "Which resulted in the creation of a DU, entitled Health in the world, under the direction of Professor Marc Gentilini, president of the Committee, at the Faculty of Medicine Paris VI.",
        ),
    },
]

EVENTS = [
    {
        "key": "event:msf-1968",
        "slug": "1968-recognition-of-a-need",
        "organization": "org:migrations-sante-france",
        "title": ("Reconnaissance d'un besoin", "Recognition of a need"),
        "category": "founding",
        "starts_on": year(1968),
        "text": (
            "Les premiers groupes de travail se forment face aux nombreuses lacunes et incompréhensions dans tous les domaines liés à la condition des immigrés dans la société. Plusieurs rapports sont produits, notamment pour alerter les institutions et l'opinion publique.",
            "The first working groups were formed in response to numerous gaps and misunderstandings in all areas related to the condition of immigrants in society. A number of reports were produced, in particular to alert institutions and public opinion.",
        ),
        "cite": passage(
            MSF,
            "1968 – Recognition of a need",
            "The first working groups were formed in response to numerous gaps and misunderstandings in all areas related to the condition of immigrants in society. A certain number of reports are produced in particular to alert institutions and public opinion",
        ),
    },
    {
        "key": "event:msf-1970-cmmsam",
        "slug": "1970-creation-of-the-cmmsam",
        "organization": "org:migrations-sante-france",
        "title": ("Création du CMMSAM", "Creation of the CMMSAM"),
        "category": "founding",
        "starts_on": datetime.date(1970, 2, 19),
        "starts_precision": "day",
        "text": (
            "Création du Comité médical et médico-social d'aide aux migrants (CMMSAM) pour unifier et coordonner les pratiques et comprendre les migrants dans leur globalité. Déclaration de l'association loi 1901 le 19 février 1970.",
            "Creation of the Medical and Medico-Social Committee for Aid to Migrants (CMMSAM) to unify and coordinate practices and to understand migrants in a global way. Declaration of the association under the law of 1901 on 19 February 1970.",
        ),
        "cite": passage(
            MSF,
            "1970 – Creation of CMMSAM",
            "Creation of the Medical and Medico-Social Committee for Aid to Migrants (CMMSAM) to respond to the need to unify and coordinate practices, and to understand migrants in a global way. Declaration of the association of Law 1901 on February 19, 1970",
        ),
    },
    {
        "key": "event:msf-1972-book",
        "slug": "1972-the-health-of-migrants",
        "organization": "org:migrations-sante-france",
        "related_organizations": ["org:mrap"],
        "references": ["ref:health-of-migrants"],
        "title": (
            "Publication de « La Santé des migrants »",
            'Publication of "The Health of Migrants"',
        ),
        "category": "publication",
        "starts_on": year(1972),
        "text": (
            "Publication de l'ouvrage sur la santé des migrants, en partenariat avec le Mouvement contre le racisme, l'antisémitisme et pour la paix (MRAP).",
            "Publication of the book on the health of migrants, in partnership with the Movement against Racism, Anti-Semitism and for Peace (MRAP).",
        ),
        "cite": passage(
            MSF,
            "1972 – Publication of The Health of Migrants",
            "Publication of the book on the health of migrants in partnership with the Movement against Racism, Anti-Semitism and for Peace (MRAP)",
        ),
    },
    {
        "key": "event:msf-1973-crisis",
        "slug": "1973-world-crisis",
        "organization": "org:migrations-sante-france",
        "title": ("Crise mondiale", "World crisis"),
        "category": "context",
        "starts_on": year(1973),
        "text": (
            "Les migrations changent : moins de main-d'œuvre étrangère, davantage de regroupements familiaux et de demandes d'asile.",
            "Migrations are changing: less foreign labour, more family reunifications and asylum applications.",
        ),
        "cite": passage(
            MSF,
            "1973 – World Crisis",
            "Migrations are changing, less foreign labor but more family reunifications and asylum applications",
        ),
    },
    {
        "key": "event:msf-1974-journal",
        "slug": "1974-creation-of-the-journal",
        "organization": "org:migrations-sante-france",
        "references": ["ref:journal"],
        "title": (
            "Création de la revue Migrations Santé",
            "Creation of the journal Migrations Santé",
        ),
        "category": "publication",
        "starts_on": year(1974),
        "text": (
            "Développement du CMMSAM avec la création de plusieurs antennes en France et le regroupement des travaux produits sur le triptyque santé / migration / anthropologie médicale. L'intérêt des pouvoirs publics pour les migrants augmente nettement.",
            "The CMMSAM grows, with several branches created in France and the work produced on the health / migration / medical anthropology triptych brought together. Public authorities' interest in migrants increases significantly.",
        ),
        "cite": passage(
            MSF,
            "1974 – Creation of the journal Migrations Santé",
            "Development of the CMMSAM with the creation of several branches in France and the grouping of work produced on the health/migration/medical anthropology triptych. There has been a significant increase in the interest of public authorities in migrants",
        ),
    },
    {
        "key": "event:msf-1970s-affiliates",
        "slug": "1970s-affiliated-associations",
        "organization": "org:migrations-sante-france",
        "related_organizations": ["org:migrations-sante-antennas"],
        "title": (
            "Une quinzaine d'associations affiliées et un grand centre de documentation",
            "Some fifteen affiliated associations and a large documentation centre",
        ),
        "category": "network",
        "starts_on": year(1970),
        "starts_precision": "decade",
        "position": 1,
        "text": (
            "Le CMMSAM, couramment appelé le Comité médical ou simplement le Comité, voit naître une quinzaine d'associations qui lui sont affiliées, et met en place un grand centre de documentation, avec des projets d'envergure soutenus par diverses institutions publiques. Séminaires, journées d'étude et colloques sont organisés au niveau national et même international sur la santé des migrants et l'immigration.",
            "The CMMSAM, commonly known as the Medical Committee or simply the Committee, sees the creation of some fifteen associations affiliated to it and sets up a large documentation centre, with large-scale projects supported by various public institutions. Seminars, study days and conferences are organised at national and even international level on the health of migrants and immigration.",
        ),
        "cite": passage(
            MSF,
            "During the 1970s, the CMMSAM, commonly known as the Medical Committee or simply the Committee, saw the creation of some fifteen associations affiliated to it and the establishment of a large documentation center with projects for scale supported by various public institutions.",
            "Seminars, study days and conferences have been organized at national and even international level on various issues relating to the health of migrants and immigration in general.",
        ),
    },
    {
        "key": "event:msf-1970s-du",
        "slug": "1970s-du-health-in-the-world",
        "organization": "org:migrations-sante-france",
        "related_organizations": ["org:faculty-of-medicine-paris-vi"],
        "references": ["ref:du-health-in-the-world"],
        "title": (
            "Une nouvelle vision de la santé : le DU « Santé dans le monde »",
            'A new vision of health: the university diploma "Health in the world"',
        ),
        "category": "program",
        "starts_on": year(1970),
        "starts_precision": "decade",
        "position": 2,
        "text": (
            "Une vision globale de la santé naît, qui prend en compte les dimensions sociales, psychosociales et culturelles. Elle aboutit à la création d'un DU « Santé dans le monde », sous la direction du professeur Marc Gentilini, président du Comité, à la Faculté de médecine Paris VI.",
            'A new, global vision of health is born, taking social, psychosocial and cultural dimensions into account. It results in the creation of a university diploma, "Health in the world", under the direction of Professor Marc Gentilini, president of the Committee, at the Faculty of Medicine Paris VI.',
        ),
        "cite": passage(
            MSF,
            "During the 1970s",
            "A new vision of health was born. It is global with the taking into account of other social, psychosocial, cultural dimensions… Which resulted in the creation of a DU, entitled Health in the world, under the direction of Professor Marc Gentilini, president of the Committee, at the Faculty of Medicine Paris VI.",
        ),
    },
    {
        "key": "event:msf-1986-network",
        "slug": "1986-national-network",
        "organization": "org:migrations-sante-france",
        "related_organizations": ["org:migrations-sante-antennas"],
        "title": ("Réseau national", "National network"),
        "category": "network",
        "starts_on": year(1986),
        "position": 1,
        "text": (
            "Le réseau national regroupe vingt associations.",
            "The national network brings together twenty associations.",
        ),
        "cite": passage(
            MSF,
            "1986 – National Network",
            "The national network brings together twenty associations",
        ),
    },
    {
        "key": "event:msf-1986-name",
        "slug": "1986-the-committee-becomes-migrations-sante-france",
        "organization": "org:migrations-sante-france",
        "related_organizations": ["org:migrations-sante-antennas"],
        "title": (
            "Le Comité prend le nom de Migrations Santé France",
            "The Committee takes the name Migrations Santé France",
        ),
        "category": "reorganisation",
        "starts_on": year(1986),
        "position": 2,
        "text": (
            "Les différentes antennes forment des associations et prennent le nom de Migrations Santé suivi du nom de leur région ou de leur ville. Elles sont pleinement autonomes vis-à-vis de l'association mère, à laquelle elles sont représentées au conseil d'administration en tant que personnes morales. (La source place ce passage sous l'année 1986.)",
            "The various antennas form associations and adopt the name Migrations Santé followed by the name of their region or city. They are fully autonomous from the parent association, on whose board of directors they are represented as legal persons. (The source places this passage under 1986.)",
        ),
        "cite": passage(
            MSF,
            "1986 – National Network",
            "The committee takes the name of Migrations Santé France. The various antennas form associations and adopt the name of Migrations Santé by adding the name of the region or the city where they are established. They had their full autonomy vis-à-vis the parent association within which they are represented on the board of directors as legal persons.",
        ),
    },
    {
        "key": "event:msf-1986-tools",
        "slug": "1986-educational-tools-and-training-centre",
        "organization": "org:migrations-sante-france",
        "title": (
            "Outils d'éducation pour la santé et centre de formation",
            "Health education tools and a training centre",
        ),
        "category": "program",
        "starts_on": year(1986),
        "position": 3,
        "text": (
            "Création de plusieurs outils pédagogiques d'éducation pour la santé et de prévention, et d'appui à l'animation d'ateliers santé avec des personnes qui ne maîtrisent pas la langue française ou peu qualifiées. Création du centre de formation des professionnels des secteurs médical, médico-social, socio-éducatif et juridique. (La source place ce passage sous l'année 1986.)",
            "Creation of several educational tools for health education and prevention, and to support health workshops with people who do not master the French language or have a low level of qualification. Creation of the training centre for professionals in the medical, socio-medical, socio-educational and legal sectors. (The source places this passage under 1986.)",
        ),
        "cite": passage(
            MSF,
            "1986 – National Network",
            "Creation of several educational tools for health education and prevention, and as support for the animation of health workshops with people who do not master the French language or who have a low level of qualification",
            "Creation of the training center for professionals in the medical, socio-medical, socio-educational and legal sectors",
        ),
    },
    {
        "key": "event:msf-1990-adt",
        "slug": "1990-positioning",
        "organization": "org:migrations-sante-france",
        "title": (
            "Positionnement : le département Actions de terrain",
            "Positioning: the Field Actions department",
        ),
        "category": "reorganisation",
        "starts_on": year(1990),
        "text": (
            "Création d'un département supplémentaire, Actions de terrain (ADT), qui agit sur le terrain avec les migrants et les réfugiés pour favoriser une meilleure intégration dans le tissu social français.",
            "Creation of an additional Field Actions department (ADT), acting on the ground with migrants and refugees to promote better integration into the French social fabric.",
        ),
        "cite": passage(
            MSF,
            "1990 – Positioning",
            "Creation of an additional Field Actions department (ADT) acting on the ground with migrants and refugees to promote better integration into the French social fabric.",
        ),
    },
    {
        "key": "event:msf-1993-field",
        "slug": "1993-intensification-of-field-actions",
        "organization": "org:migrations-sante-france",
        "title": ("Intensification des actions de terrain", "Intensification of field actions"),
        "category": "reorganisation",
        "starts_on": year(1993),
        "text": (
            "Diversification des équipes et de leurs actions, des lieux d'intervention et des publics. L'association compte quatre pôles d'activité interdépendants et complémentaires : le centre de documentation et d'information, le pôle formation, le pôle actions de terrain et le pôle développement, qui agit dans les pays d'origine des migrants autour du sida (formation des acteurs locaux et prévention).",
            "Diversification of teams and their actions, places of intervention and audiences. The association has four interdependent and complementary poles of activity: the documentation and information centre, the training pole, the field actions pole, and the development pole acting in migrants' countries of origin around AIDS (training of local actors and prevention).",
        ),
        "cite": passage(
            MSF,
            "1993 – Intensification of field actions",
            "Diversification of teams and their actions, places of intervention, and target audience. The association has four interdependent and complementary poles of activity: The documentation / information center – The training pole – The field actions pole – The development pole to act in the countries of origin of migrants around AIDS, in terms of training of local actors and prevention",
        ),
    },
    {
        "key": "event:msf-1998-autonomy",
        "slug": "1998-autonomy-of-the-antennas",
        "organization": "org:migrations-sante-france",
        "related_organizations": ["org:migrations-sante-antennas"],
        "title": ("Autonomie des antennes", "Autonomy of the antennas"),
        "category": "network",
        "starts_on": year(1998),
        "text": (
            "Pour faire face aux contextes locaux, les associations du réseau national prennent leur indépendance.",
            "To deal with local contexts, the associations of the national network take their independence.",
        ),
        "cite": passage(
            MSF,
            "1998 – Autonomy of the antennas",
            "To deal with local contexts, the associations of the national network take their independence",
        ),
    },
    {
        "key": "event:msf-2000s",
        "slug": "2000s-structural-changes",
        "organization": "org:migrations-sante-france",
        "title": ("Changements structurels", "Structural changes"),
        "category": "reorganisation",
        "starts_on": year(2000),
        "starts_precision": "decade",
        "text": (
            "À partir des années 2000, la marchandisation du secteur social et les contraintes budgétaires imposent un changement dans le fonctionnement des structures associatives, dont Migrations Santé France, avec la mise en sommeil du pôle développement.",
            "From the 2000s, the commodification of the social sector and budgetary constraints force associations, Migrations Santé France among them, to change the way they work; the development division is put on hold.",
        ),
        "cite": passage(
            MSF,
            "2000s – Structural changes",
            "From the 2000s, the commodification of the social sector and budgetary constraints imposed a change in the functioning of associative structures, including Migrations Santé France with the hiatus of the development division",
        ),
    },
    {
        "key": "event:msf-2010-means",
        "slug": "2010-reduction-of-financial-means",
        "organization": "org:migrations-sante-france",
        "references": ["ref:hpst-law"],
        "title": ("Réduction des moyens financiers", "Reduction of financial means"),
        "category": "funding",
        "starts_on": year(2010),
        "text": (
            "La loi Hôpital, patients, santé, territoires (HPST) du 21 juillet 2009 instaure la procédure d'appel à projets, qui transforme les associations en opérateurs dans les hôpitaux, les PMI, les centres sociaux, etc., qui créent leurs propres centres de formation. Conséquences : abandon des locaux de 300 m² et redéploiement du fonds documentaire à Paris et à Saint-Denis.",
            "The Hospital, Patient, Health, Territory (HPST) law of 21 July 2009 introduces the call-for-projects procedure, which turns associations into operators in hospitals, mother and child protection centres (PMI), social centres and others, which set up their own training centres. Consequences: the 300 m² premises are given up and the documentary collection is redeployed in Paris and Saint-Denis.",
        ),
        "cite": passage(
            MSF,
            "2010 – Reduction of financial means",
            "The Hospital, Patient, Health, Territory (HPST) law of July 21, 2009 introduces the call for projects procedure which transforms associations into operators in hospitals, PMI, social centers, etc. who set up their own training centres. Consequences: Abandonment of the premises of 300 m2. Redeployment of the documentary collection in Paris and Saint-Denis",
        ),
    },
    {
        "key": "event:msf-2016-today",
        "slug": "2016-to-today-commitment-and-combat",
        "organization": "org:migrations-sante-france",
        "title": ("Une question d'engagement et de combat", "A question of commitment and combat"),
        "category": "program",
        "starts_on": year(2016),
        "ongoing": True,
        "text": (
            "Pérenniser les activités en apportant les améliorations et innovations nécessaires pour que la démarche corresponde aux priorités fixées par les mandants ; définir et mettre en œuvre des actions nouvelles tout en maintenant les anciennes à un niveau satisfaisant ; accroître les capacités d'intervention et de formation.",
            "Sustain the activities while bringing the improvements and innovations needed to match the approach to the priorities set by the constituents; define and carry out innovative new actions while keeping the old ones at a satisfactory level; increase the capacity for interventions and training.",
        ),
        "cite": passage(
            MSF,
            "From 2016 to today: a question of commitment and combat",
            "Sustain our activities while bringing the improvements and innovations necessary for a perfect match between our approach and the priorities set by our constituents",
            "Define and implement innovative spin-off actions, while ensuring that old ones are maintained at a satisfactory level",
            "Increase in our capacities for our interventions and training",
        ),
    },
    {
        "key": "event:red-cross-2013-branches",
        "slug": "2013-red-cross-new-branches",
        "organization": "org:french-red-cross",
        "related_organizations": ["org:sanofi-espoir-foundation"],
        "title": (
            "Nouvelles antennes de la Croix-Rouge française",
            "New French Red Cross branches",
        ),
        "category": "program",
        "starts_on": year(2013),
        "text": (
            "Création d'un camion médical dans l'Ain, de permanences médicales téléphoniques à Roubaix et à Tourcoing et d'un service « Dieppe mobile » pour trois zones urbaines sensibles.",
            'Creation of a medical truck in the Ain, medical hotlines in Roubaix and Tourcoing, and a "Dieppe mobile" service for three sensitive urban areas.',
        ),
        "cite": passage(FOUNDATION, RED_CROSS_BRANCHES),
    },
    {
        "key": "event:sef-2011-enfams",
        "slug": "2011-support-for-enfams",
        "organization": "org:sanofi-espoir-foundation",
        "title": ("Soutien à l'enquête ENFAMS", "Support for the ENFAMS survey"),
        "category": "funding",
        "starts_on": year(2011),
        "ongoing": True,
        "text": (
            "La Fondation soutient l'enquête-action « Enfants et familles sans logement » (ENFAMS) sur les familles sans logement en Île-de-France.",
            'The Foundation supports the "Children and Families Without Housing" (ENFAMS) investigation/action on homeless families in Île-de-France.',
        ),
        "cite": passage(
            FOUNDATION,
            "Since 2011, the Foundation has been supporting the “Children and Families Without Housing” (ENFAMS) investigation/action.",
        ),
    },
    {
        "key": "event:sef-2014-enfams-training",
        "slug": "2014-enfams-lessons-for-training",
        "organization": "org:sanofi-espoir-foundation",
        "related_organizations": ["org:solipam"],
        "title": (
            "Les enseignements d'ENFAMS au service de la formation",
            "ENFAMS lessons to feed training",
        ),
        "category": "program",
        "starts_on": year(2014),
        "planned": True,
        "text": (
            "Annoncé par la source : en 2014, les enseignements de l'enquête doivent nourrir la formation des professionnels de santé et du travail social, en collaboration avec le réseau SOLIPAM. La source, non datée, ne dit pas si cela a eu lieu.",
            "Announced by the source: in 2014, the lessons of the survey are to feed the training of health and social work professionals, in collaboration with the SOLIPAM network. The undated source does not say whether this happened.",
        ),
        "cite": passage(FOUNDATION, ENFAMS_PLANNED),
    },
]

KEY_FIGURES = [
    {
        "key": "figure:caso-consultations",
        "subject": ("program", "program:caso"),
        "value": Decimal("6000"),
        "qualifier": "more_than",
        "unit": "number",
        "label": ("consultations médicales", "medical consultations"),
        "period": ("par an", "a year"),
        "scope": (
            "dans les quatre CASO, dont la moitié à Paris",
            "in the four CASOs, half of them in Paris",
        ),
        "position": 1,
        "cite": passage(
            FOUNDATION,
            "In these centers, medical teams carry out more than 6,000 medical consultations a year, half of them in Paris.",
        ),
    },
    {
        "key": "figure:caso-women",
        "subject": ("program", "program:caso"),
        "value": Decimal("39"),
        "qualifier": "exact",
        "unit": "percent",
        "label": ("de femmes", "women"),
        "scope": ("parmi les personnes accueillies", "of those admitted"),
        "position": 2,
        "cite": passage(FOUNDATION, "especially women (39% of those admitted)"),
    },
    {
        "key": "figure:caso-children",
        "subject": ("program", "program:caso"),
        "value": Decimal("12.5"),
        "qualifier": "exact",
        "unit": "percent",
        "label": ("d'enfants", "children"),
        "scope": ("parmi les personnes accueillies", "of those admitted"),
        "position": 3,
        "cite": passage(
            FOUNDATION, "especially women (39% of those admitted) and children (12.5%)"
        ),
    },
    {
        "key": "figure:koungou-excluded",
        "subject": ("program", "program:koungou"),
        "value": Decimal("33.3"),
        "qualifier": "about",
        "unit": "percent",
        "label": (
            "d'habitants de Mayotte ne pouvant justifier de leur état civil (environ un tiers)",
            "of Mayotte's population unable to prove their civil status (about a third)",
        ),
        "scope": ("exclus du régime de protection sociale", "excluded from the social safety net"),
        "position": 1,
        "cite": passage(
            FOUNDATION,
            "those members of the Mayotte population who are unable to justify their marital status, which accounts for about a third of the population.",
        ),
    },
    {
        "key": "figure:msf-affiliated-1970s",
        "subject": ("event", "event:msf-1970s-affiliates"),
        "value": Decimal("15"),
        "qualifier": "about",
        "unit": "number",
        "label": ("associations affiliées", "affiliated associations"),
        "period": ("dans les années 1970", "in the 1970s"),
        "position": 1,
        "cite": passage(MSF, "saw the creation of some fifteen associations affiliated to it"),
    },
    {
        "key": "figure:msf-network-1986",
        "subject": ("event", "event:msf-1986-network"),
        "value": Decimal("20"),
        "qualifier": "exact",
        "unit": "number",
        "label": ("associations dans le réseau national", "associations in the national network"),
        "period": ("en 1986", "in 1986"),
        "position": 1,
        "cite": passage(MSF, "The national network brings together twenty associations"),
    },
    {
        "key": "figure:msf-premises-2010",
        "subject": ("event", "event:msf-2010-means"),
        "value": Decimal("300"),
        "qualifier": "exact",
        "unit": "m2",
        "label": ("de locaux abandonnés", "of premises given up"),
        "position": 1,
        "cite": passage(MSF, "Abandonment of the premises of 300 m2."),
    },
]
