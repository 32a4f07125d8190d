# Copyright 2026 hr_expense_ocr_audit authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import re
import unicodedata

from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError

from .hr_ocr_mixin import check_ocr_write, ocr_writing, ocr_writing_now, writes_ocr_fields

PASSPORT_FIELDS = (
    "document_number",
    "surname",
    "given_names",
    "nationality",
    "birth_date",
    "sex",
    "expiry_date",
    "issuing_country",
)
# an MRZ's '<' (the service's X) says the sex is unspecified, not that it is "other": nothing
SEX_TO_GENDER = {"M": "male", "F": "female"}
# employee field -> (OCR proposal field, the service's passport field it comes from)
PASSPORT_TARGETS = {
    "passport_id": ("ocr_passport_number", "document_number"),
    "country_id": ("ocr_passport_nationality_id", "nationality"),
    "birthday": ("ocr_passport_birthday", "birth_date"),
    "gender": ("ocr_passport_gender", "sex"),
    "passport_expiry_date": ("ocr_passport_expiry_date", "expiry_date"),
    "passport_issuing_country_id": ("ocr_passport_issuing_country_id", "issuing_country"),
}
# months before expiry when HR gets a reminder
PASSPORT_REMINDER_MONTHS = 3
# a passport's (TD3's) name field: only a name that fills it may have been cut, and then only
# its very last word, by at most what the field could not hold
MRZ_NAME_FIELD = 39
# a cut word is taken for the start of the employee's only with this many letters left
MIN_CUT_LETTERS = 3
# a passport read for a younger person fills nothing: HR looks (a birth year read a century off
# by the zone's two digits)
MIN_AGE_YEARS = 14
# the fields of the passport itself, not of its holder: a passport any of whose own values is
# not the record's (a renewal) fills none of them beside the record's
PASSPORT_OWN_FIELDS = ("passport_id", "passport_expiry_date", "passport_issuing_country_id")
COUNTRY_TARGETS = ("country_id", "passport_issuing_country_id")
HR = "hr.group_hr_user"
# what the scan vouches for beside the stored ``ocr_*`` fields: written by the reader only
READER_FIELDS = ("passport_mrz_valid",)


def _name_tokens(text):
    """Upper-case ASCII words of a name, as an MRZ would spell them."""
    text = unicodedata.normalize("NFKD", text or "")
    text = "".join(c for c in text if not unicodedata.combining(c))
    return [t for t in re.split(r"[^A-Z]+", text.upper()) if t]


# ICAO Doc 9303 part 3's transliteration of the letters that do not decompose, and of those that
# may be written either way (a German passport writes Müller MUELLER, others MULLER)
_TRANSLITERATIONS = {
    "Æ": ("AE",), "Ø": ("OE",), "Å": ("AA", "A"), "Ä": ("AE", "A"), "Ö": ("OE", "O"), "Ü": ("UE", "U"),
    "ẞ": ("SS",), "Þ": ("TH",), "Ł": ("L",), "Đ": ("D",), "Œ": ("OE",), "Ĳ": ("IJ",), "Ŀ": ("L",),
}  # fmt: skip
# apostrophes the zone leaves out (O'Brien: OBRIEN)
_APOSTROPHES = re.compile(r"['’`´ʼ]")
MAX_SPELLINGS = 16


def _spelled(text):
    """The name in every spelling Doc 9303 allows (the first: each letter's first), apostrophes
    left out; at most ``MAX_SPELLINGS``."""
    spellings = [""]
    for char in _APOSTROPHES.sub("", (text or "").upper()):
        options = _TRANSLITERATIONS.get(char, (char,))
        spellings = [s + o for s in spellings for o in options][:MAX_SPELLINGS]
    return spellings


def _name_readings(text):
    """The employee's name split as (given names, surname words) in each place a surname may
    take, each word as a passport zone may spell it (Doc 9303's transliterations, apostrophes left
    out): "Surname, Given" is read that way only; a name without a comma is given names first and
    the surname its last word(s). A reading has one given name at least."""
    readings = []
    for spelling in _spelled(text):
        if "," in spelling:
            surname, given = spelling.split(",", 1)
            readings.append((_name_tokens(given), _name_tokens(surname)))
            continue
        tokens = _name_tokens(spelling)
        readings.extend((tokens[:i], tokens[i:]) for i in range(1, len(tokens)))
    return [(given, surname) for given, surname in readings if given and surname]


def _joins(tokens, most=2):
    """The first word of ``tokens``, and it joined to those that follow (Xiao-Ming: XIAOMING)."""
    return {"".join(tokens[:n]) for n in range(1, min(most, len(tokens)) + 1)}


class HrEmployee(models.Model):
    _name = "hr.employee"
    _inherit = ["hr.employee", "hr.ocr.mixin"]
    _ocr_reader_fields = READER_FIELDS

    # ------------------------------------------------------------------
    # Fields: the OCR state is passport data, HR officers only
    # ------------------------------------------------------------------
    ocr_state = fields.Selection(groups=HR, string="Passport OCR Status")
    ocr_error = fields.Char(groups=HR, groupable=False)
    ocr_attachment_id = fields.Many2one(groups=HR, groupable=False)
    ocr_checksum = fields.Char(groups=HR, groupable=False)
    ocr_job_uuid = fields.Char(groups=HR, groupable=False)
    ocr_requested_at = fields.Datetime(groups=HR, groupable=False)
    ocr_scanned_at = fields.Datetime(groups=HR, groupable=False)
    ocr_confidence = fields.Float(groups=HR)
    ocr_status_message = fields.Char(groups=HR)
    ocr_job_lost = fields.Boolean(groups=HR)
    ocr_failure_retryable = fields.Boolean(groups=HR, groupable=False)
    ocr_cron_retries = fields.Integer(groups=HR, groupable=False)
    ocr_jobs_lost = fields.Integer(groups=HR, groupable=False)
    ocr_enabled = fields.Boolean(
        string="Passport Digitization On",
        groups=HR,
        help="Technical: passports may be scanned (the digitization setting is not off); the "
        "scan button shows only then.",
    )

    # ------------------------------------------------------------------
    # Fields: passport
    # ------------------------------------------------------------------
    passport_scan = fields.Binary(attachment=True, copy=False, groups=HR)
    passport_scan_filename = fields.Char(copy=False, groups=HR, groupable=False)
    passport_expiry_date = fields.Date(
        string="Passport Expiration Date", copy=False, tracking=True, groups=HR
    )
    passport_issuing_country_id = fields.Many2one(
        comodel_name="res.country",
        copy=False,
        tracking=True,
        groups=HR,
    )
    passport_mrz_valid = fields.Selection(
        selection=[
            ("unknown", "Not Checked"),
            ("valid", "Valid"),
            ("invalid", "Invalid"),
        ],
        string="MRZ Validity",
        default="unknown",
        copy=False,
        readonly=True,
        groups=HR,
        help="Whether the check digits of the passport's machine-readable "
        "zone were all correct on the last scan.",
    )
    passport_expiry_scheduled_activity = fields.Boolean(copy=False, groups=HR, groupable=False)

    # ------------------------------------------------------------------
    # Fields: what the scan read, waiting for review where it differs
    # ------------------------------------------------------------------
    ocr_passport_number = fields.Char(copy=False, readonly=True, groups=HR, groupable=False)
    ocr_passport_surname = fields.Char(copy=False, readonly=True, groups=HR, groupable=False)
    ocr_passport_given_names = fields.Char(copy=False, readonly=True, groups=HR, groupable=False)
    ocr_passport_nationality_id = fields.Many2one(
        comodel_name="res.country", copy=False, readonly=True, groups=HR
    )
    ocr_passport_birthday = fields.Date(copy=False, readonly=True, groups=HR)
    ocr_passport_gender = fields.Selection(
        selection=[("male", "Male"), ("female", "Female"), ("other", "Other")],
        copy=False,
        readonly=True,
        groups=HR,
    )
    ocr_passport_expiry_date = fields.Date(copy=False, readonly=True, groups=HR)
    ocr_passport_issuing_country_id = fields.Many2one(
        comodel_name="res.country", copy=False, readonly=True, groups=HR
    )
    ocr_passport_review = fields.Boolean(
        string="Passport Review Needed",
        copy=False,
        readonly=True,
        groups=HR,
        help="Values of the passport scan were not written onto the employee and wait for review: "
        "they differ from the employee's, the passport has expired, or the scan does not vouch for them.",
    )
    ocr_passport_review_fields = fields.Char(
        string="Fields To Review", copy=False, readonly=True, groups=HR, groupable=False
    )
    ocr_passport_name_mismatch = fields.Boolean(
        string="Passport Name Mismatch",
        copy=False,
        readonly=True,
        groups=HR,
        help="The name in the passport does not match the employee's name.",
    )
    ocr_passport_name_unsure = fields.Boolean(
        string="Passport Name Not Read Surely",
        copy=False,
        readonly=True,
        groups=HR,
        help="The service does not vouch for the name it read on the passport: it cannot be told "
        "to be the employee's, nothing was filled.",
    )
    ocr_passport_unvouched = fields.Boolean(
        string="Passport Read Without A Value",
        copy=False,
        readonly=True,
        groups=HR,
        help="The scan read a code without a value of its own (stateless XXA, an unspecified sex) "
        "beside a value on the employee: it does not vouch for that value.",
    )
    ocr_passport_other_document = fields.Boolean(
        string="Not A Passport",
        copy=False,
        readonly=True,
        groups=HR,
        help="The scan's machine-readable zone is another document's (an identity card, a visa): "
        "nothing was filled from it.",
    )

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            check_ocr_write(self, vals, creating=True, also=READER_FIELDS)
        employees = super().create(vals_list)
        with_scan = employees.filtered_domain([("passport_scan", "!=", False)])
        if with_scan and self._ocr_digitize_mode() == "auto":
            with_scan._ocr_enqueue()
        return employees

    def write(self, vals):
        # (HR officers type passport values; what the scan read and its verdict on them are the
        # reader's: "MRZ Validity: Valid" written over RPC vouched for a scan that failed)
        check_ocr_write(self, vals, also=READER_FIELDS)
        if "passport_expiry_date" in vals:
            vals = dict(vals, passport_expiry_scheduled_activity=False)
        changed_by_hand = self.browse()
        if "passport_scan" in vals:
            vals = dict(vals, passport_mrz_valid="unknown")
        elif not ocr_writing_now() and set(vals) & set(PASSPORT_TARGETS):
            # a passport value changed by hand is no longer what the scan read: the scan's badge
            # ("MRZ Validity: Valid") no longer vouches for the record (a write that changes
            # nothing, an import of the same values, leaves it)
            changed_by_hand = self.filtered(lambda e: e._ocr_passport_changed(vals))
        renamed = self.filtered(lambda e: e.name != vals["name"]) if "name" in vals else self.browse()
        res = super().write(vals)
        if changed_by_hand:
            super(HrEmployee, changed_by_hand).write({"passport_mrz_valid": "unknown"})
        if renamed and "passport_scan" not in vals:
            renamed._ocr_recheck_passport_name()
        if "passport_scan" in vals:
            # what was read from the previous scan is not this one's: its proposals and review
            # go (HR must never apply an old or another person's passport to the new scan)
            self._ocr_reset_result()
            self._ocr_forget_request()
            with_scan = self.filtered_domain([("passport_scan", "!=", False)])
            if with_scan and self._ocr_digitize_mode() == "auto":
                with_scan._ocr_enqueue()
        return res

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_passport_scan(self):
        """Button "Scan passport" (also re-scans)."""
        # (first: what follows reads the attachments with sudo, and a record's fields may come
        # from the cache without their groups checked; HR officers alone may write employees)
        self.check_access("write")
        if self._ocr_digitize_mode() == "off":
            raise UserError(_("Document digitization is turned off in the settings."))
        employees = self.filtered(lambda e: e._ocr_get_attachment())
        if not employees:
            raise UserError(_("Upload a passport scan first."))
        with ocr_writing():
            employees.sudo().write({"ocr_cron_retries": 0, "ocr_jobs_lost": 0})
        employees._ocr_enqueue(force=True)
        return True

    def action_passport_apply_ocr(self):
        """Button: HR accepts the scanned values that differ from the record."""
        self.ensure_one()
        self.check_access("write")
        vals = {}
        for target, (source, _field) in PASSPORT_TARGETS.items():
            proposal = self[source]
            if proposal:
                vals[target] = proposal.id if hasattr(proposal, "_name") else proposal
        with ocr_writing():
            self.write(vals)
        return self.action_passport_discard_ocr()

    def action_passport_discard_ocr(self):
        """Button: HR reviewed the scan (differences, name) and keeps the record."""
        self.ensure_one()
        self.check_access("write")
        with ocr_writing():
            return self._ocr_passport_reviewed()

    def _ocr_passport_reviewed(self):
        # the record keeps values the scan contradicts, or the scan was not sure to be this
        # person's passport: the badge no longer vouches for what the record holds (a value typed
        # apart from the scan's ends its vouching too: ``write``)
        differs = self.ocr_passport_unvouched or any(
            self[target] and self[source] and self[target] != self[source]
            for target, (source, _field) in PASSPORT_TARGETS.items()
        )
        doubted = (
            self.ocr_passport_name_mismatch
            or self.ocr_passport_name_unsure
            or self.ocr_passport_other_document
        )
        if (differs or doubted) and self.passport_mrz_valid == "valid":
            self.passport_mrz_valid = "unknown"
        if doubted:
            # a passport not sure to be this person's filled nothing, and HR did not take it:
            # what was read goes (another person's number, name and date of birth do not stay
            # on this employee, nor can a later Apply write them)
            self._ocr_reset_result()
        else:
            self.write({"ocr_passport_review": False, "ocr_passport_review_fields": False})
        # (a badge set back to unknown by a value typed since is no reason to wait: HR looked)
        if self.ocr_state == "needs_review" and self.passport_mrz_valid != "invalid":
            self.ocr_state = "done"
        return True

    # ------------------------------------------------------------------
    # OCR hooks
    # ------------------------------------------------------------------
    def _ocr_doc_type(self):
        return "passport"

    def _ocr_get_attachment(self):
        self.ensure_one()
        return (
            self.env["ir.attachment"]
            .sudo()
            .search(
                [
                    ("res_model", "=", self._name),
                    ("res_field", "=", "passport_scan"),
                    ("res_id", "=", self.id),
                ],
                limit=1,
            )
        )

    @api.model
    def _ocr_backlog_domain(self):
        return [("ocr_state", "=", "not_scanned"), ("passport_scan", "!=", False)]

    @writes_ocr_fields
    def _ocr_recheck_passport_name(self):
        """The employee's name changed: the passport read is compared with it again. The
        warning comes when the name no longer matches, whoever renamed; it goes when the name
        now matches only for an HR officer's rename (an employee renaming themselves in their
        preferences does not clear it)."""
        may_clear = self.env.user.has_group(HR)
        for employee in self.sudo().filtered(
            lambda e: e.ocr_state in ("done", "needs_review") and e.ocr_passport_surname
        ):
            mismatch = employee._ocr_name_mismatch()
            if mismatch == employee.ocr_passport_name_mismatch or not (mismatch or may_clear):
                continue
            vals = {"ocr_passport_name_mismatch": mismatch}
            if mismatch:
                vals["ocr_state"] = "needs_review"
            elif (
                not employee.ocr_passport_review
                and not employee.ocr_passport_other_document
                and not employee.ocr_passport_name_unsure
                and employee.passport_mrz_valid != "invalid"
            ):
                vals["ocr_state"] = "done"
            employee.write(vals)

    @writes_ocr_fields
    def _ocr_reset_result(self):
        proposals = {source: False for source, _field in PASSPORT_TARGETS.values()}
        self.sudo().write(
            dict(
                proposals,
                ocr_passport_surname=False,
                ocr_passport_given_names=False,
                ocr_passport_review=False,
                ocr_passport_review_fields=False,
                ocr_passport_name_mismatch=False,
                ocr_passport_name_unsure=False,
                ocr_passport_other_document=False,
                ocr_passport_unvouched=False,
                ocr_confidence=0.0,
            )
        )
        return True

    def _ocr_apply_result(self, result):
        self.ensure_one()
        data = (result or {}).get("fields") or {}
        field = self._ocr_field
        sex = (field(data, "sex")[0] or "").strip().upper()[:1]
        # valid: the service says so, and says each check digit held (a service answering
        # "valid" beside a failed digit vouches for nothing)
        digits = field(data, "check_digits")[0]
        valid = field(data, "valid")[0] is True and (
            isinstance(digits, dict) and bool(digits) and all(held is True for held in digits.values())
        )
        proposals = {
            "ocr_passport_number": (field(data, "document_number")[0] or "").replace("<", "").strip()
            or False,
            "ocr_passport_surname": (field(data, "surname")[0] or "").strip() or False,
            "ocr_passport_given_names": (field(data, "given_names")[0] or "").strip() or False,
            "ocr_passport_nationality_id": self._ocr_country(data, "nationality").id,
            "ocr_passport_birthday": self._ocr_parse_date(field(data, "birth_date")[0]),
            "ocr_passport_gender": SEX_TO_GENDER.get(sex, False),
            "ocr_passport_expiry_date": self._ocr_parse_date(field(data, "expiry_date")[0]),
            "ocr_passport_issuing_country_id": self._ocr_country(data, "issuing_country").id,
        }
        self.write(
            dict(
                proposals,
                passport_mrz_valid="valid" if valid else "invalid",
                ocr_confidence=self._ocr_min_confidence(data, PASSPORT_FIELDS),
                ocr_scanned_at=fields.Datetime.now(),
                ocr_error=False,
            )
        )
        # An MRZ whose check digits fail fills nothing: HR reviews every value. A valid
        # MRZ fills the empty fields the service reports verified; a field it leaves
        # unverified (a doubtful character where no check digit covers it) waits for HR.
        # A passport whose name is not the employee's is another person's: nothing is
        # written, every value waits for HR.
        # An identity card's or a visa's MRZ (document code I, A, C or V; TD1, TD2, MRV) is
        # valid in its own right but is not the passport: its number and expiry are not the
        # passport's, nothing is written, every value waits for HR.
        # A name the service does not vouch for cannot be told to be the employee's. A date of
        # birth other than the record's, or a sex other than the recorded one (M, F), is another
        # person's: none of its values joins the record's, all wait for HR; so do those of a
        # passport read for a child (a two-digit birth year a century off). A passport number
        # other than the record's is another passport (a renewal): its own values (expiry,
        # issuing state) do not join the record's number, and the person's (sex, nationality)
        # fill empty fields only beside the record's own date of birth (without it, a relative
        # of the same name's passport). A passport expired before today is not the current one:
        # its own values wait for HR, said so ("Passport expired").
        code = str(field(data, "document_type")[0] or "").strip().upper()
        layout = str(field(data, "mrz_format")[0] or "").strip().upper()
        other_document = not code.startswith("P") or layout != "TD3"
        name_mismatch = self._ocr_name_mismatch()
        name_unsure = not all(self._ocr_verified(data, name) for name in ("surname", "given_names"))
        read_birthday = self.ocr_passport_birthday
        same_birthday = bool(self.birthday and read_birthday and self.birthday == read_birthday)
        # another person: another date of birth, the other sex (M beside a recorded female), or
        # another passport number with nothing on the record to tell it is this person's (a
        # father of the same name: a renewal fills the holder's values beside the same birthday)
        recorded_sex = self.gender if self.gender in SEX_TO_GENDER.values() else False
        read_sex = self.ocr_passport_gender
        read_number = self.ocr_passport_number
        another_person = (
            (self.birthday and read_birthday and not same_birthday)
            or (recorded_sex and read_sex and recorded_sex != read_sex)
            or (self.passport_id and read_number and self.passport_id != read_number and not same_birthday)
        )
        # the passport's own values: any of them on the record other than the scan's is another
        # passport (a renewal), whose own values then join none of the record's
        own_pairs = [(self[target], self[PASSPORT_TARGETS[target][0]]) for target in PASSPORT_OWN_FIELDS]
        another_passport = any(record and read and record != read for record, read in own_pairs)
        read_expiry = self.ocr_passport_expiry_date
        expired = bool(read_expiry and read_expiry < fields.Date.context_today(self))
        may_fill = (
            self.passport_mrz_valid == "valid"
            and not name_mismatch
            and not name_unsure
            and not other_document
            and not another_person
            and self._ocr_birth_plausible()
        )
        # a page of several people's documents (two passports on one copy): none is more the
        # employee's than the other; the service verifies nothing of it, and nothing is filled
        several_people = data.get("several_people") is True
        may_fill = may_fill and not several_people
        fill, review, unvouched = {}, [], False
        if several_people:
            review.append(_("Several people's documents on the scan"))
        if expired:
            review.append(_("Passport expired"))
        for target, (source, service_field) in PASSPORT_TARGETS.items():
            proposal = self[source]
            current = self[target]
            if not proposal:
                # a country code with no country of its own (XXA stateless, XXB refugee, UNO ...),
                # or a sex left unspecified (X), beside the record's value: the scan does not
                # vouch for it, HR looks (and the badge does not stay Valid beside it)
                read = field(data, service_field)[0]
                if current and read and (target in COUNTRY_TARGETS or target == "gender"):
                    review.append(self._fields[target].get_description(self.env)["string"])
                    unvouched = True
                continue
            verified = self._ocr_verified(data, service_field)
            own = may_fill and not ((another_passport or expired) and target in PASSPORT_OWN_FIELDS)
            if not current and own and verified:
                fill[target] = proposal.id if hasattr(proposal, "_name") else proposal
            elif (
                current != proposal
                or not verified
                or name_mismatch
                or name_unsure
                or other_document
                or several_people
            ):
                review.append(self._fields[target].get_description(self.env)["string"])
        fill.update(
            ocr_passport_review=bool(review),
            ocr_passport_review_fields=", ".join(review) or False,
            ocr_passport_name_mismatch=name_mismatch,
            ocr_passport_name_unsure=name_unsure,
            ocr_passport_other_document=other_document,
            ocr_passport_unvouched=unvouched,
        )
        self.write(fill)
        unsure = name_mismatch or name_unsure or other_document
        needs_review = review or unsure or self.passport_mrz_valid != "valid"
        self.ocr_state = "needs_review" if needs_review else "done"
        return self.ocr_state

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------
    @api.model
    def _ocr_country(self, data, name):
        """res.country of a passport country, from the ISO alpha-2 the service gives."""
        item = data.get(name)
        iso2 = item.get("iso2") if isinstance(item, dict) else None
        if not iso2 or not isinstance(iso2, str):
            return self.env["res.country"]
        return self.env["res.country"].search([("code", "=", iso2.upper())], limit=1)

    def _ocr_name_mismatch(self):
        """Whether the passport's name is not the employee's (or cannot be told to be).

        Each word in its place: the passport's surname is the employee's name's last word(s)
        (its first, for a name recorded "Surname, Given"), and the passport's first given name
        is the employee's first given name. A middle name may be left out of the record (ANNA
        MARIA for Anna Eriksson), but a relative's passport sharing words of the name in other
        places is not the employee's (ERIKSSON<<MARIA, the mother, on Anna Maria Eriksson;
        JOHANSSON<<LARS on Erik Lars Johansson; MARTIN<<THOMAS on Martin Thomas: a name without a
        comma is not read surname first). A passport zone cuts a name too long for its field (39
        characters): only when the name read fills it, and the first given name is its very last
        word, may that word be the start of the employee's first given name, with three letters
        at least ("KRISTOFF" for Kristoffer); never otherwise ("ANDERS" is not Andersson, "LI" not
        Lisa). A passport without a surname, or without a given name, read is never told to be the
        employee's unless the employee's name is that one name.
        """
        self.ensure_one()
        surname = _name_tokens(self.ocr_passport_surname)
        given = _name_tokens(self.ocr_passport_given_names)
        if not surname:
            return True
        if not given:
            # one name only (SUKARNO<<): the employee's name is that name, and no other word
            return not any(
                _name_tokens(spelling) == surname or "".join(_name_tokens(spelling)) == "".join(surname)
                for spelling in _spelled((self.name or "").replace(",", " "))
            )
        cut = len("<".join(surname)) + 2 + len("<".join(given)) >= MRZ_NAME_FIELD
        cut_first = cut and len(given) == 1 and len(given[0]) >= MIN_CUT_LETTERS
        firsts = _joins(given)
        for record_given, record_surname in _name_readings(self.name):
            if "".join(record_surname) != "".join(surname):
                continue
            record_firsts = _joins(record_given)
            if firsts & record_firsts:
                return False
            if cut_first and any(first.startswith(given[0]) for first in record_firsts):
                return False
        return True

    def _ocr_passport_changed(self, vals):
        """Whether ``vals`` changes one of this employee's passport values."""
        self.ensure_one()
        for target in set(vals) & set(PASSPORT_TARGETS):
            field = self._fields[target]
            new = field.convert_to_record(field.convert_to_cache(vals[target], self), self)
            if new != self[target]:
                return True
        return False

    @api.model
    def _ocr_verified(self, data, name):
        """Whether the service vouches for a passport field: its ``valid`` is true (missing, null
        or anything else is not, as an older or a hostile service may answer)."""
        item = data.get(name)
        return isinstance(item, dict) and item.get("valid") is True

    def _ocr_birth_plausible(self):
        """Whether the date of birth read is an employee's: not a child's, nor in the future (a
        two-digit birth year read a century off)."""
        self.ensure_one()
        birthday = self.ocr_passport_birthday
        today = fields.Date.context_today(self)
        return not birthday or birthday <= today - relativedelta(years=MIN_AGE_YEARS)

    @api.model
    def _cron_check_passport_validity(self):
        """Cron: remind the manager a few months before a passport expires (not of a date gone
        by: a passport recorded already expired, HR knew it, gets no overdue "expires on")."""
        today = fields.Date.today()
        deadline = today + relativedelta(months=PASSPORT_REMINDER_MONTHS)
        employees = self.search(
            [
                ("passport_expiry_scheduled_activity", "=", False),
                ("passport_expiry_date", ">=", today),
                ("passport_expiry_date", "<", deadline),
            ]
        )
        scheduled = self.browse()
        for employee in employees:
            # the manager, as Odoo's work permit reminder: not the coach, any colleague, to whom
            # the passport's expiry (HR's data) is nobody's business
            user = employee.parent_id.user_id
            if not user:
                continue
            scheduled |= employee
            expiry = employee.passport_expiry_date
            week = today + relativedelta(weeks=1)
            # the date is HR's data, and an activity's note is read by whoever may read the
            # activity (its document's readers, beyond HR): the note says the passport expires
            # soon, not when, nor does the deadline (HR reads the date on the employee)
            note = _(
                "The passport of %(employee)s expires within %(months)s months: HR has the date.",
                employee=employee.name,
                months=PASSPORT_REMINDER_MONTHS,
            )
            due = week if expiry >= week else today
            employee.activity_schedule(
                "mail.mail_activity_data_todo",
                date_deadline=due,
                summary=_("Passport expiry"),
                note=note,
                user_id=user.id,
            )
        scheduled.write({"passport_expiry_scheduled_activity": True})
        return True
