"""ICAO Doc 9303 nationality / issuing-state codes mapped to ISO 3166-1 alpha-2.

Most ICAO codes are the ISO 3166-1 alpha-3 codes. Doc 9303 part 3 adds its own:
``D`` for Germany (written ``D<<`` in the MRZ), the British nationality classes,
United Nations documents, a few international organisations, the persons without
a nationality (``XXA``, ``XXB``, ``XXC``, ``XXX``) and the specimen state ``UTO``
(Utopia). Codes without an ISO 3166 alpha-2 counterpart map to ``None`` but are
still *known*, so a reader can tell a real code from an OCR error.
"""

from __future__ import annotations

# ISO 3166-1 alpha-3 -> alpha-2 (all 249 officially assigned codes).
ISO3_TO_ISO2: dict[str, str] = {
    "ABW": "AW",
    "AFG": "AF",
    "AGO": "AO",
    "AIA": "AI",
    "ALA": "AX",
    "ALB": "AL",
    "AND": "AD",
    "ARE": "AE",
    "ARG": "AR",
    "ARM": "AM",
    "ASM": "AS",
    "ATA": "AQ",
    "ATF": "TF",
    "ATG": "AG",
    "AUS": "AU",
    "AUT": "AT",
    "AZE": "AZ",
    "BDI": "BI",
    "BEL": "BE",
    "BEN": "BJ",
    "BES": "BQ",
    "BFA": "BF",
    "BGD": "BD",
    "BGR": "BG",
    "BHR": "BH",
    "BHS": "BS",
    "BIH": "BA",
    "BLM": "BL",
    "BLR": "BY",
    "BLZ": "BZ",
    "BMU": "BM",
    "BOL": "BO",
    "BRA": "BR",
    "BRB": "BB",
    "BRN": "BN",
    "BTN": "BT",
    "BVT": "BV",
    "BWA": "BW",
    "CAF": "CF",
    "CAN": "CA",
    "CCK": "CC",
    "CHE": "CH",
    "CHL": "CL",
    "CHN": "CN",
    "CIV": "CI",
    "CMR": "CM",
    "COD": "CD",
    "COG": "CG",
    "COK": "CK",
    "COL": "CO",
    "COM": "KM",
    "CPV": "CV",
    "CRI": "CR",
    "CUB": "CU",
    "CUW": "CW",
    "CXR": "CX",
    "CYM": "KY",
    "CYP": "CY",
    "CZE": "CZ",
    "DEU": "DE",
    "DJI": "DJ",
    "DMA": "DM",
    "DNK": "DK",
    "DOM": "DO",
    "DZA": "DZ",
    "ECU": "EC",
    "EGY": "EG",
    "ERI": "ER",
    "ESH": "EH",
    "ESP": "ES",
    "EST": "EE",
    "ETH": "ET",
    "FIN": "FI",
    "FJI": "FJ",
    "FLK": "FK",
    "FRA": "FR",
    "FRO": "FO",
    "FSM": "FM",
    "GAB": "GA",
    "GBR": "GB",
    "GEO": "GE",
    "GGY": "GG",
    "GHA": "GH",
    "GIB": "GI",
    "GIN": "GN",
    "GLP": "GP",
    "GMB": "GM",
    "GNB": "GW",
    "GNQ": "GQ",
    "GRC": "GR",
    "GRD": "GD",
    "GRL": "GL",
    "GTM": "GT",
    "GUF": "GF",
    "GUM": "GU",
    "GUY": "GY",
    "HKG": "HK",
    "HMD": "HM",
    "HND": "HN",
    "HRV": "HR",
    "HTI": "HT",
    "HUN": "HU",
    "IDN": "ID",
    "IMN": "IM",
    "IND": "IN",
    "IOT": "IO",
    "IRL": "IE",
    "IRN": "IR",
    "IRQ": "IQ",
    "ISL": "IS",
    "ISR": "IL",
    "ITA": "IT",
    "JAM": "JM",
    "JEY": "JE",
    "JOR": "JO",
    "JPN": "JP",
    "KAZ": "KZ",
    "KEN": "KE",
    "KGZ": "KG",
    "KHM": "KH",
    "KIR": "KI",
    "KNA": "KN",
    "KOR": "KR",
    "KWT": "KW",
    "LAO": "LA",
    "LBN": "LB",
    "LBR": "LR",
    "LBY": "LY",
    "LCA": "LC",
    "LIE": "LI",
    "LKA": "LK",
    "LSO": "LS",
    "LTU": "LT",
    "LUX": "LU",
    "LVA": "LV",
    "MAC": "MO",
    "MAF": "MF",
    "MAR": "MA",
    "MCO": "MC",
    "MDA": "MD",
    "MDG": "MG",
    "MDV": "MV",
    "MEX": "MX",
    "MHL": "MH",
    "MKD": "MK",
    "MLI": "ML",
    "MLT": "MT",
    "MMR": "MM",
    "MNE": "ME",
    "MNG": "MN",
    "MNP": "MP",
    "MOZ": "MZ",
    "MRT": "MR",
    "MSR": "MS",
    "MTQ": "MQ",
    "MUS": "MU",
    "MWI": "MW",
    "MYS": "MY",
    "MYT": "YT",
    "NAM": "NA",
    "NCL": "NC",
    "NER": "NE",
    "NFK": "NF",
    "NGA": "NG",
    "NIC": "NI",
    "NIU": "NU",
    "NLD": "NL",
    "NOR": "NO",
    "NPL": "NP",
    "NRU": "NR",
    "NZL": "NZ",
    "OMN": "OM",
    "PAK": "PK",
    "PAN": "PA",
    "PCN": "PN",
    "PER": "PE",
    "PHL": "PH",
    "PLW": "PW",
    "PNG": "PG",
    "POL": "PL",
    "PRI": "PR",
    "PRK": "KP",
    "PRT": "PT",
    "PRY": "PY",
    "PSE": "PS",
    "PYF": "PF",
    "QAT": "QA",
    "REU": "RE",
    "ROU": "RO",
    "RUS": "RU",
    "RWA": "RW",
    "SAU": "SA",
    "SDN": "SD",
    "SEN": "SN",
    "SGP": "SG",
    "SGS": "GS",
    "SHN": "SH",
    "SJM": "SJ",
    "SLB": "SB",
    "SLE": "SL",
    "SLV": "SV",
    "SMR": "SM",
    "SOM": "SO",
    "SPM": "PM",
    "SRB": "RS",
    "SSD": "SS",
    "STP": "ST",
    "SUR": "SR",
    "SVK": "SK",
    "SVN": "SI",
    "SWE": "SE",
    "SWZ": "SZ",
    "SXM": "SX",
    "SYC": "SC",
    "SYR": "SY",
    "TCA": "TC",
    "TCD": "TD",
    "TGO": "TG",
    "THA": "TH",
    "TJK": "TJ",
    "TKL": "TK",
    "TKM": "TM",
    "TLS": "TL",
    "TON": "TO",
    "TTO": "TT",
    "TUN": "TN",
    "TUR": "TR",
    "TUV": "TV",
    "TWN": "TW",
    "TZA": "TZ",
    "UGA": "UG",
    "UKR": "UA",
    "UMI": "UM",
    "URY": "UY",
    "USA": "US",
    "UZB": "UZ",
    "VAT": "VA",
    "VCT": "VC",
    "VEN": "VE",
    "VGB": "VG",
    "VIR": "VI",
    "VNM": "VN",
    "VUT": "VU",
    "WLF": "WF",
    "WSM": "WS",
    "YEM": "YE",
    "ZAF": "ZA",
    "ZMB": "ZM",
    "ZWE": "ZW",
}

# Codes that Doc 9303 adds to ISO 3166; value = ISO alpha-2 or None when none exists.
ICAO_SPECIFIC: dict[str, str | None] = {
    "D": "DE",  # Germany
    "GBD": "GB",  # British Overseas Territories Citizen
    "GBN": "GB",  # British National (Overseas)
    "GBO": "GB",  # British Overseas Citizen
    "GBP": "GB",  # British Protected Person
    "GBS": "GB",  # British Subject
    "RKS": "XK",  # Kosovo (XK is the user-assigned code in common use)
    "UNK": "XK",  # resident of Kosovo, document issued by UNMIK
    "ZIM": "ZW",  # Zimbabwe, former ICAO code still seen on old documents
    "UNO": None,  # United Nations Organization or one of its officials
    "UNA": None,  # specialized agency of the United Nations or one of its officials
    "EUE": None,  # European Union
    "XBA": None,  # African Development Bank
    "XIM": None,  # African Export-Import Bank
    "XCC": None,  # Caribbean Community
    "XCE": None,  # Council of Europe
    "XCO": None,  # Common Market for Eastern and Southern Africa
    "XEC": None,  # Economic Community of West African States
    "XPO": None,  # International Criminal Police Organization
    "XOM": None,  # Sovereign Military Order of Malta
    "XDC": None,  # Southern African Development Community
    "XXA": None,  # stateless person (1954 Convention)
    "XXB": None,  # refugee (1951 Convention)
    "XXC": None,  # refugee other than under the 1951 Convention
    "XXX": None,  # person of unspecified nationality
    "UTO": None,  # Utopia, the fictitious state of the Doc 9303 specimens
}

SPECIMEN_CODES = frozenset({"UTO"})
NO_NATIONALITY_CODES = frozenset({"XXA", "XXB", "XXC", "XXX"})


def normalize_code(code: str | None) -> str:
    """``"D<<"`` -> ``"D"``; upper-case; fillers and spaces removed."""
    return (code or "").replace("<", "").replace(" ", "").upper()


def is_known_code(code: str | None) -> bool:
    """True when ``code`` is an ISO alpha-3 code or one Doc 9303 defines."""
    c = normalize_code(code)
    return c in ISO3_TO_ISO2 or c in ICAO_SPECIFIC


def icao_to_iso2(code: str | None) -> str | None:
    """ISO 3166-1 alpha-2 code for an ICAO 9303 code, or None when none exists or it is unknown."""
    c = normalize_code(code)
    if c in ICAO_SPECIFIC:
        return ICAO_SPECIFIC[c]
    return ISO3_TO_ISO2.get(c)


def known_codes() -> frozenset[str]:
    """Every code the mapping knows (used to repair a misread country code)."""
    return frozenset(ISO3_TO_ISO2) | frozenset(ICAO_SPECIFIC)
