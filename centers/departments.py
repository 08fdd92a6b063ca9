"""The French départements: code, name, region, and the tile each has on the map of places.

Reference data, not content. The codes, names and regions are those of INSEE's Code officiel
géographique (millésime 2024, https://www.insee.fr/fr/information/2560452, Licence Ouverte /
Open Licence 2.0); the imports read them (imports/departements.py). Saint-Pierre-et-Miquelon
and the other overseas collectivities are not départements and are not listed.

The tiles (`row`, `column`) are a hand-made grid, one square per département, placed where it
lies relative to its neighbours (Paris and its inner ring kept together, Corsica to the
south-east); the five overseas départements share a row of their own at the bottom. A tile grid
is not a projection: a point with a latitude and a longitude has no place on it.
"""

from typing import NamedTuple

ARA = "Auvergne-Rhône-Alpes"
BFC = "Bourgogne-Franche-Comté"
BRE = "Bretagne"
CVL = "Centre-Val de Loire"
COR = "Corse"
GES = "Grand Est"
HDF = "Hauts-de-France"
IDF = "Île-de-France"
NOR = "Normandie"
NAQ = "Nouvelle-Aquitaine"
OCC = "Occitanie"
PDL = "Pays de la Loire"
PAC = "Provence-Alpes-Côte d'Azur"


class Department(NamedTuple):
    code: str
    name: str
    region: str
    row: int
    column: int

    @property
    def overseas(self):
        return self.code.startswith("97")


# In the order of their codes (Corsica's 2A and 2B between 19 and 21), as lists show them.
DEPARTMENTS = (
    Department("01", "Ain", ARA, 6, 8),
    Department("02", "Aisne", HDF, 1, 6),
    Department("03", "Allier", ARA, 6, 6),
    Department("04", "Alpes-de-Haute-Provence", PAC, 9, 9),
    Department("05", "Hautes-Alpes", PAC, 8, 9),
    Department("06", "Alpes-Maritimes", PAC, 9, 10),
    Department("07", "Ardèche", ARA, 9, 7),
    Department("08", "Ardennes", GES, 1, 7),
    Department("09", "Ariège", OCC, 11, 4),
    Department("10", "Aube", GES, 3, 7),
    Department("11", "Aude", OCC, 11, 5),
    Department("12", "Aveyron", OCC, 9, 5),
    Department("13", "Bouches-du-Rhône", PAC, 10, 8),
    Department("14", "Calvados", NOR, 2, 2),
    Department("15", "Cantal", ARA, 8, 6),
    Department("16", "Charente", NAQ, 7, 3),
    Department("17", "Charente-Maritime", NAQ, 7, 2),
    Department("18", "Cher", CVL, 5, 6),
    Department("19", "Corrèze", NAQ, 7, 5),
    Department("2A", "Corse-du-Sud", COR, 11, 11),
    Department("2B", "Haute-Corse", COR, 10, 11),
    Department("21", "Côte-d'Or", BFC, 4, 8),
    Department("22", "Côtes-d'Armor", BRE, 3, 1),
    Department("23", "Creuse", NAQ, 6, 5),
    Department("24", "Dordogne", NAQ, 8, 4),
    Department("25", "Doubs", BFC, 5, 10),
    Department("26", "Drôme", ARA, 8, 8),
    Department("27", "Eure", NOR, 2, 3),
    Department("28", "Eure-et-Loir", CVL, 4, 4),
    Department("29", "Finistère", BRE, 3, 0),
    Department("30", "Gard", OCC, 10, 7),
    Department("31", "Haute-Garonne", OCC, 10, 4),
    Department("32", "Gers", OCC, 9, 3),
    Department("33", "Gironde", NAQ, 8, 2),
    Department("34", "Hérault", OCC, 10, 6),
    Department("35", "Ille-et-Vilaine", BRE, 4, 1),
    Department("36", "Indre", CVL, 6, 4),
    Department("37", "Indre-et-Loire", CVL, 5, 3),
    Department("38", "Isère", ARA, 7, 8),
    Department("39", "Jura", BFC, 6, 9),
    Department("40", "Landes", NAQ, 9, 2),
    Department("41", "Loir-et-Cher", CVL, 5, 4),
    Department("42", "Loire", ARA, 7, 7),
    Department("43", "Haute-Loire", ARA, 8, 7),
    Department("44", "Loire-Atlantique", PDL, 5, 1),
    Department("45", "Loiret", CVL, 5, 5),
    Department("46", "Lot", OCC, 8, 5),
    Department("47", "Lot-et-Garonne", NAQ, 8, 3),
    Department("48", "Lozère", OCC, 9, 6),
    Department("49", "Maine-et-Loire", PDL, 5, 2),
    Department("50", "Manche", NOR, 3, 2),
    Department("51", "Marne", GES, 2, 7),
    Department("52", "Haute-Marne", GES, 3, 8),
    Department("53", "Mayenne", PDL, 4, 2),
    Department("54", "Meurthe-et-Moselle", GES, 3, 9),
    Department("55", "Meuse", GES, 2, 8),
    Department("56", "Morbihan", BRE, 4, 0),
    Department("57", "Moselle", GES, 2, 9),
    Department("58", "Nièvre", BFC, 5, 7),
    Department("59", "Nord", HDF, 0, 5),
    Department("60", "Oise", HDF, 1, 5),
    Department("61", "Orne", NOR, 3, 3),
    Department("62", "Pas-de-Calais", HDF, 0, 4),
    Department("63", "Puy-de-Dôme", ARA, 7, 6),
    Department("64", "Pyrénées-Atlantiques", NAQ, 10, 2),
    Department("65", "Hautes-Pyrénées", OCC, 10, 3),
    Department("66", "Pyrénées-Orientales", OCC, 11, 6),
    Department("67", "Bas-Rhin", GES, 2, 10),
    Department("68", "Haut-Rhin", GES, 3, 10),
    Department("69", "Rhône", ARA, 6, 7),
    Department("70", "Haute-Saône", BFC, 5, 9),
    Department("71", "Saône-et-Loire", BFC, 5, 8),
    Department("72", "Sarthe", PDL, 4, 3),
    Department("73", "Savoie", ARA, 7, 9),
    Department("74", "Haute-Savoie", ARA, 6, 10),
    Department("75", "Paris", IDF, 2, 5),
    Department("76", "Seine-Maritime", NOR, 1, 3),
    Department("77", "Seine-et-Marne", IDF, 4, 6),
    Department("78", "Yvelines", IDF, 3, 4),
    Department("79", "Deux-Sèvres", NAQ, 6, 2),
    Department("80", "Somme", HDF, 1, 4),
    Department("81", "Tarn", OCC, 10, 5),
    Department("82", "Tarn-et-Garonne", OCC, 9, 4),
    Department("83", "Var", PAC, 10, 9),
    Department("84", "Vaucluse", PAC, 9, 8),
    Department("85", "Vendée", PDL, 6, 1),
    Department("86", "Vienne", NAQ, 6, 3),
    Department("87", "Haute-Vienne", NAQ, 7, 4),
    Department("88", "Vosges", GES, 4, 9),
    Department("89", "Yonne", BFC, 4, 7),
    Department("90", "Territoire de Belfort", BFC, 4, 10),
    Department("91", "Essonne", IDF, 4, 5),
    Department("92", "Hauts-de-Seine", IDF, 3, 5),
    Department("93", "Seine-Saint-Denis", IDF, 2, 6),
    Department("94", "Val-de-Marne", IDF, 3, 6),
    Department("95", "Val-d'Oise", IDF, 2, 4),
    Department("971", "Guadeloupe", "Guadeloupe", 13, 0),
    Department("972", "Martinique", "Martinique", 13, 1),
    Department("973", "Guyane", "Guyane", 13, 2),
    Department("974", "La Réunion", "La Réunion", 13, 3),
    Department("976", "Mayotte", "Mayotte", 13, 4),
)

BY_CODE = {department.code: department for department in DEPARTMENTS}
