# Copyright 2026 hr_expense_ocr_audit authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""``groupable=False`` on a field: not offered by the custom group-by.

Odoo 18 describes a stored field as groupable, whatever it holds: its web client's *Add Custom
Group* listed the addon's technical fields (a checksum, a job's id, a flag of its own). The OCR
mixin honours the parameter for the models that inherit it with these two, in its
``_valid_field_parameter`` and its ``fields_get`` (the descriptions ``get_views`` gives the web
client). Grouping in code (``read_group``) is
unchanged.
"""

PARAMETER = "groupable"


def valid_groupable(name):
    """Whether ``name`` is this parameter (for ``_valid_field_parameter``)."""
    return name == PARAMETER


def without_not_groupable(model, descriptions):
    """``fields_get``'s ``descriptions``, the fields set ``groupable=False`` described so."""
    for name, description in descriptions.items():
        field = model._fields.get(name)
        if PARAMETER in description and getattr(field, PARAMETER, True) is False:
            description[PARAMETER] = False
    return descriptions
