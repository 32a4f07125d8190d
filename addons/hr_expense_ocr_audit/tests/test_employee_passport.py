# Copyright 2026 hr_expense_ocr_audit authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import date, timedelta

from odoo import fields
from odoo.exceptions import AccessError
from odoo.tests.common import new_test_user
from odoo.tools import format_date

from odoo.addons.queue_job.job import Job

from .common import OcrCommon, passport_fields, png_bytes, trap_jobs


class TestEmployeePassport(OcrCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.sweden = cls.env.ref("base.se")
        cls.germany = cls.env.ref("base.de")

    def upload_passport(self, employee, content=None):
        employee.write(
            {
                "passport_scan": self.b64(content or png_bytes("white", (80, 50))),
                "passport_scan_filename": "passport.png",
            }
        )
        return employee._ocr_get_attachment()

    def scan(self, employee, answer):
        self.upload_passport(employee)
        self.service.push(200, answer)
        return self.run_job(employee)

    def test_upload_queues_passport_job(self):
        employee = self.env["hr.employee"].create({"name": "Queued Person"})
        with trap_jobs() as trap:
            attachment = self.upload_passport(employee)
            trap.assert_jobs_count(1)
            trap.assert_enqueued_job(
                employee._ocr_job_scan,
                args=(attachment.id,),
                properties={"channel": "root.ocr"},
            )
        self.assertEqual(employee.ocr_state, "queued")

    def test_on_demand_passport(self):
        self.set_param("digitize_mode", "on_demand")
        employee = self.env["hr.employee"].create({"name": "Later Person"})
        with trap_jobs() as trap:
            self.upload_passport(employee)
            trap.assert_jobs_count(0)
            employee.with_user(self.user_hr).action_passport_scan()
            trap.assert_jobs_count(1)
        self.assertEqual(employee.ocr_state, "queued")

    def test_fills_empty_fields(self):
        answer = passport_fields(nationality="SWE", issuing_country="SWE")
        self.scan(self.employee, answer)
        employee = self.employee
        self.assertEqual(employee.passport_id, "L898902C3")
        self.assertEqual(employee.country_id, self.sweden)
        self.assertEqual(employee.birthday, date(1974, 8, 12))
        self.assertEqual(employee.gender, "female")
        self.assertEqual(employee.passport_expiry_date, date(2032, 4, 15))
        self.assertEqual(employee.passport_issuing_country_id, self.sweden)
        self.assertEqual(employee.passport_mrz_valid, "valid")
        self.assertFalse(employee.ocr_passport_name_mismatch)
        self.assertFalse(employee.ocr_passport_review)
        self.assertEqual(employee.ocr_state, "done")
        self.assertIn(b"passport", self.service.requests[-1]["body"])

    def test_iso2_helper_wins(self):
        answer = passport_fields()
        answer["fields"]["nationality"] = {"value": "D<<", "iso2": "DE", "confidence": 0.9, "valid": True}
        answer["fields"]["issuing_country"] = {"value": "UTO", "iso2": None, "confidence": 0.9, "valid": True}
        self.scan(self.employee, answer)
        self.assertEqual(self.employee.country_id, self.germany)
        self.assertFalse(self.employee.passport_issuing_country_id)

    def test_country_without_iso2_fills_nothing(self):
        # the service's alpha-2 is the only mapping: a code it gives none for
        # (an older service, or ICAO's own UTO) leaves the country empty
        answer = passport_fields(nationality="SWE", issuing_country="UTO")
        del answer["fields"]["nationality"]["iso2"]
        self.scan(self.employee, answer)
        self.assertFalse(self.employee.country_id)
        self.assertFalse(self.employee.passport_issuing_country_id)
        self.assertFalse(self.employee.ocr_passport_nationality_id)

    def test_differences_wait_for_review(self):
        self.employee.write({"passport_id": "OLD123", "birthday": date(1974, 8, 12), "gender": "male"})
        self.scan(self.employee, passport_fields(nationality="SWE"))
        employee = self.employee
        self.assertEqual(employee.passport_id, "OLD123")
        self.assertEqual(employee.gender, "male")
        # the other sex than the record's: another person's passport, not even an empty field fills
        self.assertFalse(employee.country_id)
        self.assertFalse(employee.passport_expiry_date)
        self.assertTrue(employee.ocr_passport_review)
        self.assertIn("Passport No", employee.ocr_passport_review_fields)
        self.assertIn("Nationality", employee.ocr_passport_review_fields)
        self.assertIn("Gender", employee.ocr_passport_review_fields)
        self.assertNotIn("Date of Birth", employee.ocr_passport_review_fields)
        self.assertEqual(employee.ocr_state, "needs_review")
        employee.with_user(self.user_hr).action_passport_apply_ocr()
        self.assertEqual(employee.passport_id, "L898902C3")
        self.assertEqual(employee.gender, "female")
        self.assertEqual(employee.country_id, self.sweden)
        self.assertFalse(employee.ocr_passport_review)
        self.assertEqual(employee.ocr_state, "done")

    def test_discard_review(self):
        self.employee.passport_id = "OLD123"
        self.scan(self.employee, passport_fields())
        self.assertEqual(self.employee.passport_mrz_valid, "valid")  # the scan's MRZ
        self.employee.action_passport_discard_ocr()
        self.assertEqual(self.employee.passport_id, "OLD123")
        self.assertFalse(self.employee.ocr_passport_review)
        # the record keeps a number the scan contradicts: "MRZ Validity: Valid" stayed beside it
        self.assertEqual(self.employee.passport_mrz_valid, "unknown")

    def test_discard_after_apply_keeps_the_badge(self):
        employee = self.env["hr.employee"].create({"name": "Anna Maria Eriksson", "passport_id": "OLD123"})
        self.scan(employee, passport_fields())
        employee.with_user(self.user_hr).action_passport_apply_ocr()
        self.assertEqual(employee.passport_id, "L898902C3")
        self.assertEqual(employee.passport_mrz_valid, "valid")  # the record holds what was read

    def test_a_valid_mrz_beside_a_failed_check_digit_is_not_valid(self):
        """A service answering "valid" beside a check digit it says failed vouches for nothing:
        the badge said Valid and every empty field was filled."""
        answer = passport_fields()
        answer["fields"]["check_digits"]["value"] = {"document_number": False, "composite": False}
        employee = self.env["hr.employee"].create({"name": "Anna Maria Eriksson"})
        self.scan(employee, answer)
        self.assertEqual(employee.passport_mrz_valid, "invalid")
        self.assertFalse(employee.passport_id)
        self.assertEqual(employee.ocr_state, "needs_review")

    def test_name_mismatch(self):
        self.scan(self.employee_2, passport_fields())
        self.assertTrue(self.employee_2.ocr_passport_name_mismatch)
        self.assertEqual(self.employee_2.ocr_state, "needs_review")
        # HR checked it (e.g. a married name): the warning goes away
        self.employee_2.with_user(self.user_hr).action_passport_discard_ocr()
        self.assertFalse(self.employee_2.ocr_passport_name_mismatch)
        self.assertEqual(self.employee_2.ocr_state, "done")
        # another person's passport data did not stay on this employee (an Apply called later
        # wrote it), nor a badge for it
        employee = self.employee_2
        read = (
            "ocr_passport_number",
            "ocr_passport_surname",
            "ocr_passport_given_names",
            "ocr_passport_birthday",
        )
        self.assertEqual([employee[name] for name in read], [False] * len(read))
        self.assertEqual(employee.passport_mrz_valid, "unknown")
        employee.with_user(self.user_hr).action_passport_apply_ocr()
        self.assertFalse(employee.passport_id)
        self.assertFalse(employee.birthday)

    def test_name_mismatch_writes_nothing(self):
        # ERIKSSON's passport scanned on Bob Other: another person's data
        self.scan(self.employee_2, passport_fields(nationality="SWE", issuing_country="SWE"))
        employee = self.employee_2
        self.assertTrue(employee.ocr_passport_name_mismatch)
        self.assertEqual(employee.ocr_state, "needs_review")
        self.assertEqual(employee.passport_mrz_valid, "valid")
        for name in (
            "passport_id",
            "birthday",
            "gender",
            "passport_expiry_date",
            "country_id",
            "passport_issuing_country_id",
        ):
            self.assertFalse(employee[name], f"{name} written from another person's passport")
        # every value waits in the review
        self.assertTrue(employee.ocr_passport_review)
        for label in ("Passport No", "Date of Birth", "Gender", "Passport Expiration Date"):
            self.assertIn(label, employee.ocr_passport_review_fields)
        self.assertEqual(employee.ocr_passport_number, "L898902C3")
        # HR checked it (e.g. a married name) and accepts the passport
        employee.with_user(self.user_hr).action_passport_apply_ocr()
        self.assertEqual(employee.passport_id, "L898902C3")
        self.assertEqual(employee.birthday, date(1974, 8, 12))
        self.assertEqual(employee.country_id, self.sweden)
        self.assertFalse(employee.ocr_passport_name_mismatch)
        self.assertFalse(employee.ocr_passport_review)
        self.assertEqual(employee.ocr_state, "done")

    def test_name_matching_rules(self):
        employee = self.env["hr.employee"].create({"name": "José-María Ñúñez Eriksson"})
        self.reader_writes(
            employee, {"ocr_passport_surname": "NUNEZ ERIKSSON", "ocr_passport_given_names": "JOSE MARIA"}
        )
        self.assertFalse(employee._ocr_name_mismatch())
        self.reader_writes(employee, {"ocr_passport_surname": "SMITH"})
        self.assertTrue(employee._ocr_name_mismatch())
        # a name too long for the zone is cut: its last words may be the start of the employee's
        long_name = self.env["hr.employee"].create(
            {"name": "José María Alejandro Constantino Núñez Eriksson"}
        )
        self.reader_writes(
            long_name,
            {"ocr_passport_surname": "NUNEZ ERIKSSON", "ocr_passport_given_names": "JOSE MARIA ALEJANDRO CO"},
        )
        self.assertFalse(long_name._ocr_name_mismatch())
        # 30 characters fill an identity card's field, not a passport's: nothing was cut
        self.reader_writes(
            long_name,
            {"ocr_passport_surname": "NUNEZ ERIKSS", "ocr_passport_given_names": "JOSE MARIA ALEJA"},
        )
        self.assertTrue(long_name._ocr_name_mismatch())

    def test_name_matching_is_not_a_prefix_game(self):
        # a short name is printed whole: a word that only starts the employee's is another name
        for employee_name, surname, given in (
            ("Lisa Weiss", "LI", "WEI"),
            ("Maria Andersson", "ANDERS", "MARI"),
            ("Anna Maria Eriksson", "", "ANNA"),
            ("Anna Maria Eriksson", "ERIKSS", "ANNA"),
        ):
            employee = self.env["hr.employee"].create({"name": employee_name})
            self.reader_writes(employee, {"ocr_passport_surname": surname, "ocr_passport_given_names": given})
            self.assertTrue(employee._ocr_name_mismatch(), f"{surname}/{given} taken for {employee_name}")

    def test_prefix_name_fills_nothing(self):
        # ANDERS MARI's passport scanned on Maria Andersson: another person's, nothing written
        employee = self.env["hr.employee"].create({"name": "Maria Andersson"})
        self.scan(employee, passport_fields(surname="ANDERS", given_names="MARI"))
        self.assertTrue(employee.ocr_passport_name_mismatch)
        self.assertFalse(employee.passport_id)
        self.assertEqual(employee.ocr_state, "needs_review")

    def test_invalid_mrz_fills_nothing(self):
        self.scan(self.employee, passport_fields(valid=False))
        employee = self.employee
        self.assertEqual(employee.passport_mrz_valid, "invalid")
        self.assertEqual(employee.ocr_state, "needs_review")
        # nothing filled from a doubtful MRZ; HR sees every value to review
        self.assertFalse(employee.passport_id)
        self.assertFalse(employee.gender)
        self.assertFalse(employee.birthday)
        self.assertTrue(employee.ocr_passport_review)
        self.assertIn("Passport No", employee.ocr_passport_review_fields)
        employee.action_passport_apply_ocr()
        self.assertEqual(employee.passport_id, "L898902C3")
        self.assertEqual(employee.ocr_state, "needs_review", "the MRZ stays invalid")

    def test_an_identity_card_or_a_visa_fills_nothing(self):
        # a valid MRZ of another document: its number and expiry are not the passport's
        for code, layout in (("ID", "TD1"), ("I", "TD2"), ("V", "MRVA"), ("VB", "MRVB"), ("P", "TD1")):
            with self.subTest(code=code, layout=layout):
                employee = self.env["hr.employee"].create({"name": "Anna Maria Eriksson"})
                answer = passport_fields(
                    document_type=code, mrz_format=layout, nationality="SWE", issuing_country="SWE"
                )
                self.scan(employee, answer)
                self.assertEqual(employee.passport_mrz_valid, "valid")
                self.assertFalse(employee.passport_id)
                self.assertFalse(employee.passport_expiry_date)
                self.assertFalse(employee.country_id)
                self.assertFalse(employee.birthday)
                self.assertTrue(employee.ocr_passport_other_document)
                self.assertEqual(employee.ocr_state, "needs_review")
                self.assertIn("Passport No", employee.ocr_passport_review_fields)
                # HR may still take the values deliberately, or keep the record as it is
                employee.action_passport_discard_ocr()
                self.assertFalse(employee.ocr_passport_other_document)
                self.assertFalse(employee.passport_id)

    def test_an_unspecified_sex_fills_no_gender(self):
        employee = self.env["hr.employee"].create({"name": "Anna Maria Eriksson"})
        self.scan(employee, passport_fields(sex="X"))
        self.assertEqual(employee.passport_id, "L898902C3")
        self.assertFalse(employee.gender)
        self.assertFalse(employee.ocr_passport_gender)

    def test_a_passport_fills_as_before(self):
        employee = self.env["hr.employee"].create({"name": "Anna Maria Eriksson"})
        self.scan(employee, passport_fields(document_type="PM", mrz_format="TD3"))
        self.assertEqual(employee.passport_id, "L898902C3")
        self.assertFalse(employee.ocr_passport_other_document)
        self.assertEqual(employee.ocr_state, "done")

    def test_unverified_field_waits_for_review(self):
        answer = passport_fields(nationality="SWE", issuing_country="SWE")
        # every check digit holds, but a character of the nationality was doubtful
        answer["fields"]["nationality"]["valid"] = False
        answer["fields"]["birth_date"]["valid"] = True
        self.scan(self.employee, answer)
        employee = self.employee
        self.assertEqual(employee.passport_mrz_valid, "valid")
        self.assertEqual(employee.birthday, date(1974, 8, 12), "verified fields are filled")
        self.assertEqual(employee.passport_id, "L898902C3")
        self.assertFalse(employee.country_id, "an unverified field is not filled")
        self.assertTrue(employee.ocr_passport_review)
        self.assertIn("Nationality", employee.ocr_passport_review_fields)
        self.assertEqual(employee.ocr_state, "needs_review")
        employee.action_passport_apply_ocr()
        self.assertEqual(employee.country_id, self.sweden)
        self.assertEqual(employee.ocr_state, "done")

    def test_unreadable_mrz(self):
        # what the service answers when it finds the zone but reads no character
        answer = passport_fields(
            document_number="",
            surname="",
            given_names="",
            nationality="",
            issuing_country="",
            birth_date=None,
            expiry_date=None,
            sex="X",
            valid=False,
        )
        self.scan(self.employee, answer)
        self.assertFalse(self.employee.gender)
        self.assertFalse(self.employee.passport_id)
        self.assertEqual(self.employee.ocr_state, "needs_review")

    def test_no_mrz_found(self):
        self.upload_passport(self.employee)
        self.service.push(422, {"error": {"code": "no_mrz_found", "message": "x"}})
        self.run_job(self.employee)
        self.assertEqual(self.employee.ocr_state, "failed")
        self.assertIn("machine-readable", self.employee.ocr_error)
        self.assertFalse(self.employee.passport_id)

    def test_expiry_reminder(self):
        manager_user = self.user_hr
        manager = self.env["hr.employee"].create({"name": "Manager", "user_id": manager_user.id})
        self.employee.write(
            {
                "parent_id": manager.id,
                "passport_expiry_date": fields.Date.today() + timedelta(days=40),
            }
        )
        far = self.env["hr.employee"].create(
            {
                "name": "Far Future",
                "parent_id": manager.id,
                "passport_expiry_date": fields.Date.today() + timedelta(days=400),
            }
        )
        self.env["hr.employee"]._cron_check_passport_validity()
        activity = self.employee.activity_ids
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.user_id, manager_user)
        # the note is read by whoever may read the activity: it names no date, even to HR
        expiry = fields.Date.today() + timedelta(days=40)
        self.assertIn("expires within 3 months", str(activity.note))
        self.assertNotIn(format_date(self.env, expiry, lang_code=manager_user.lang), str(activity.note))
        self.assertTrue(self.employee.passport_expiry_scheduled_activity)
        self.assertFalse(far.activity_ids)
        # runs again: no second activity
        self.env["hr.employee"]._cron_check_passport_validity()
        self.assertEqual(len(self.employee.activity_ids), 1)
        # a new passport resets the reminder
        self.employee.passport_expiry_date = fields.Date.today() + timedelta(days=3000)
        self.assertFalse(self.employee.passport_expiry_scheduled_activity)
        cron = self.env.ref("hr_expense_ocr_audit.ir_cron_check_passport_validity")
        self.assertEqual(cron.interval_type, "days")

    def test_a_manager_outside_hr_is_reminded_without_the_date(self):
        """The expiry date is HR's data (the field is HR's only): the manager, no HR officer
        here, is told the passport expires soon, neither its date in the note nor by the
        deadline."""
        boss = new_test_user(self.env, login="ocr_boss_outside_hr", groups="base.group_user")
        manager = self.env["hr.employee"].create({"name": "Boss", "user_id": boss.id})
        soon = fields.Date.today() + timedelta(days=3)
        later = fields.Date.today() + timedelta(days=40)
        employees = self.env["hr.employee"].create(
            [
                {"name": "Soon", "parent_id": manager.id, "passport_expiry_date": soon},
                {"name": "Later", "parent_id": manager.id, "passport_expiry_date": later},
            ]
        )
        self.env["hr.employee"]._cron_check_passport_validity()
        for employee, expiry in zip(employees, (soon, later), strict=True):
            activity = employee.activity_ids
            self.assertEqual(activity.user_id, boss)
            note = str(activity.note)
            self.assertIn("expires within 3 months", note)
            for shape in (format_date(self.env, expiry, lang_code=boss.lang), str(expiry)):
                self.assertNotIn(shape, note)
            self.assertNotEqual(activity.date_deadline, expiry)
        # the manager cannot read the date itself either
        with self.assertRaises(AccessError):
            employees[0].with_user(boss).passport_expiry_date  # noqa: B018

    def test_a_scan_of_several_peoples_documents_fills_nothing_and_says_why(self):
        """Two passports copied on one sheet: the service reads one and verifies none of it
        (``several_people``). Even were a field said verified beside it, nothing is filled."""
        employee = self.env["hr.employee"].create({"name": "Anna Maria Eriksson"})
        result = passport_fields(issuing_country="SWE", nationality="SWE")
        result["fields"]["several_people"] = True
        self.scan(employee, result)
        self.assertFalse(employee.passport_id)
        self.assertFalse(employee.birthday)
        self.assertFalse(employee.country_id)
        self.assertEqual(employee.ocr_state, "needs_review")
        self.assertIn("Several people's documents on the scan", employee.ocr_passport_review_fields)
        # one person's passport alone fills
        self.scan(employee, passport_fields(issuing_country="SWE", nationality="SWE"))
        self.assertEqual(employee.passport_id, "L898902C3")
        self.assertNotIn("Several", employee.ocr_passport_review_fields or "")

    def test_an_expired_passport_is_not_filled_as_the_current_one(self):
        """A passport expired before today: its number, expiry and issuing country are not the
        current passport's (they were written, done, and the reminder then went out overdue);
        they wait for HR, said so. The holder's values fill."""
        employee = self.env["hr.employee"].create({"name": "Anna Maria Eriksson"})
        self.scan(
            employee, passport_fields(expiry_date="2015-04-15", issuing_country="SWE", nationality="SWE")
        )
        self.assertFalse(employee.passport_id)
        self.assertFalse(employee.passport_expiry_date)
        self.assertFalse(employee.passport_issuing_country_id)
        self.assertEqual(employee.birthday, date(1974, 8, 12))
        self.assertEqual(employee.country_id, self.sweden)
        self.assertIn("Passport expired", employee.ocr_passport_review_fields)
        self.assertIn("Passport No", employee.ocr_passport_review_fields)
        self.assertEqual(employee.ocr_state, "needs_review")
        # one that expires today is still valid today
        today = fields.Date.to_string(fields.Date.context_today(employee))
        employee = self.env["hr.employee"].create({"name": "Anna Maria Eriksson"})
        self.scan(employee, passport_fields(expiry_date=today))
        self.assertEqual(employee.passport_id, "L898902C3")
        self.assertEqual(employee.ocr_state, "done")

    def test_no_reminder_for_a_passport_already_expired(self):
        """HR recorded an expired passport (Use Passport Values on the review): no "expires on"
        activity already overdue for a date gone by."""
        manager = self.env["hr.employee"].create({"name": "Manager", "user_id": self.user_hr.id})
        employee = self.env["hr.employee"].create(
            {
                "name": "Anna Maria Eriksson",
                "parent_id": manager.id,
                "passport_expiry_date": fields.Date.today() - timedelta(days=1),
            }
        )
        self.env["hr.employee"]._cron_check_passport_validity()
        self.assertFalse(employee.activity_ids)
        self.assertFalse(employee.passport_expiry_scheduled_activity)

    def test_new_scan_drops_the_review_of_the_old_one(self):
        # ERIKSSON's passport scanned on Bob Other waits for review ...
        self.scan(self.employee_2, passport_fields(nationality="SWE"))
        employee = self.employee_2
        self.assertTrue(employee.ocr_passport_review)
        self.assertEqual(employee.ocr_passport_number, "L898902C3")
        # ... HR uploads Bob's own passport, to be read on demand: nothing of the first one
        # may be applied to it
        self.set_param("digitize_mode", "on_demand")
        self.upload_passport(employee, png_bytes("gray", (80, 50)))
        self.assertFalse(employee.ocr_passport_review)
        self.assertFalse(employee.ocr_passport_name_mismatch)
        self.assertFalse(employee.ocr_passport_number)
        self.assertFalse(employee.ocr_passport_nationality_id)
        self.assertEqual(employee.ocr_state, "not_scanned")
        self.assertEqual(employee.passport_mrz_valid, "unknown")
        employee.with_user(self.user_hr).action_passport_apply_ocr()
        self.assertFalse(employee.passport_id, "nothing of the old scan was written")

    def test_a_job_no_longer_waited_on_fails_nothing(self):
        # a scan's job waits for its retries; a new scan queues a new job on the same record;
        # the old job then fails for good: the record is the new job's, still queued
        employee = self.env["hr.employee"].create({"name": "Anna Maria Eriksson"})
        self.upload_passport(employee, png_bytes("white", (80, 50)))
        old_uuid = employee.ocr_job_uuid
        self.upload_passport(employee, png_bytes("gray", (80, 50)))
        self.assertTrue(old_uuid)
        self.assertNotEqual(employee.ocr_job_uuid, old_uuid)
        old = Job.load(self.env, old_uuid)
        old.set_failed(exc_name="odoo.addons.queue_job.exception.FailedJobError")
        old.store()
        employee._ocr_job_on_fail(exc_name="odoo.addons.queue_job.exception.FailedJobError", exc_message="x")
        self.assertEqual(employee.ocr_state, "queued")
        self.assertFalse(employee.ocr_error)
        # the job it waits on fails: then it is failed
        self.job_fails(employee, "odoo.addons.queue_job.exception.FailedJobError")
        self.assertEqual(employee.ocr_state, "failed")

    def test_new_scan_in_automatic_mode_is_read_afresh(self):
        self.employee.passport_id = "OLD123"
        self.scan(self.employee, passport_fields())
        self.assertTrue(self.employee.ocr_passport_review)
        with trap_jobs() as trap:
            self.upload_passport(self.employee, png_bytes("gray", (80, 50)))
            trap.assert_jobs_count(1)
        self.assertEqual(self.employee.ocr_state, "queued")
        self.assertFalse(self.employee.ocr_passport_review)
        self.assertFalse(self.employee.ocr_passport_number)

    def test_new_scan_after_failures_is_a_new_request(self):
        # the old scan's request failed while the service was down and the scheduled action
        # spent its retries on it: a new scan starts afresh, with its own retries
        employee = self.employee_2
        self.scan(employee, passport_fields(nationality="SWE"))
        self.reader_writes(
            employee,
            {
                "ocr_state": "failed",
                "ocr_failure_retryable": True,
                "ocr_cron_retries": 3,
                "ocr_error": "down",
            },
        )
        self.set_param("digitize_mode", "on_demand")
        self.upload_passport(employee, png_bytes("gray", (80, 50)))
        self.assertEqual(employee.ocr_state, "not_scanned")
        self.assertEqual(employee.ocr_cron_retries, 0)
        self.assertFalse(employee.ocr_failure_retryable or employee.ocr_error or employee.ocr_job_uuid)
        self.assertFalse(employee.ocr_attachment_id)

    def test_name_corrected_after_the_scan(self):
        # the employee's name was typed wrong; the passport's is right
        employee = self.env["hr.employee"].create({"name": "Ana Maria Erikson"})
        self.scan(employee, passport_fields())
        self.assertTrue(employee.ocr_passport_name_mismatch)
        self.assertFalse(employee.passport_id, "nothing written under a name that differs")
        employee.with_user(self.user_hr).write({"name": "Anna Maria Eriksson"})
        self.assertFalse(employee.ocr_passport_name_mismatch)
        # what was withheld still waits for HR, who may now apply it
        self.assertTrue(employee.ocr_passport_review)
        self.assertEqual(employee.ocr_state, "needs_review")
        employee.with_user(self.user_hr).action_passport_apply_ocr()
        self.assertEqual(employee.passport_id, "L898902C3")
        self.assertEqual(employee.ocr_state, "done")
        # and a name changed to another person's brings the warning back
        employee.write({"name": "Bob Other"})
        self.assertTrue(employee.ocr_passport_name_mismatch)
        self.assertEqual(employee.ocr_state, "needs_review")

    def test_name_check_again_only_on_a_rename_by_hr(self):
        employee = self.env["hr.employee"].create({"name": "Anna Maria Eriksson"})
        self.scan(employee, passport_fields())
        self.assertEqual(employee.passport_id, "L898902C3")
        # an import writing the same name does not bring a warning
        employee.write({"name": employee.name})
        self.assertFalse(employee.ocr_passport_name_mismatch)
        self.assertEqual(employee.ocr_state, "done")
        # a name changed to another person's brings one
        employee.write({"name": "Bob Renamed"})
        self.assertTrue(employee.ocr_passport_name_mismatch)
        # a rename that matches, by the employee themselves, does not clear it
        # (the preferences write the employee's name as themselves, in sudo)
        employee.with_user(self.user_employee_2).sudo().write({"name": "Anna Maria Eriksson"})
        self.assertTrue(employee.ocr_passport_name_mismatch, "only HR clears it")

    def test_a_relative_is_not_the_employee(self):
        """A father's, a sister's, a cousin's passport shares words of the name: the first given
        name, the whole surname, and a cut word only at the end of a full field must match."""
        for employee_name, surname, given in (
            ("Erik Eriksson", "ERIKSSON", "LARS ERIK"),
            ("Anna Maria Eriksson", "ERIKSSON", "ANNE MARIA"),
            ("Alexandra Lindqvist Johansson", "LINDQVIST JOHANSSON", "KRISTOFFER ALEX"),
            ("Maria Lindqvist Johansson", "LINDQVIST JOHANSSON", "KRISTOFFER M"),
            ("Anna Eriksson", "ERIK", "ANNA MARIA ELISABETH CHRISTINA LOUIS"),
            ("Priya Kumar", "KUMAR", ""),
        ):
            employee = self.env["hr.employee"].create({"name": employee_name})
            self.reader_writes(employee, {"ocr_passport_surname": surname, "ocr_passport_given_names": given})
            self.assertTrue(employee._ocr_name_mismatch(), f"{surname}/{given} taken for {employee_name}")
        # the employee's own, a middle name left out of the record
        employee = self.env["hr.employee"].create({"name": "Anna Eriksson"})
        self.reader_writes(
            employee, {"ocr_passport_surname": "ERIKSSON", "ocr_passport_given_names": "ANNA MARIA"}
        )
        self.assertFalse(employee._ocr_name_mismatch())

    def test_a_relative_sharing_the_employee_s_names_fills_nothing(self):
        """A mother's passport (ERIKSSON<<MARIA) on Anna Maria Eriksson, a father's (JOHANSSON<<LARS)
        on Erik Lars Johansson, Thomas Martin's (MARTIN<<THOMAS) on Martin Thomas: every word is
        one of the employee's, but not in its place. Nothing is written, HR reviews the name."""
        for employee_name, surname, given in (
            ("Anna Maria Eriksson", "ERIKSSON", "MARIA"),
            ("Erik Lars Johansson", "JOHANSSON", "LARS"),
            ("Martin Thomas", "MARTIN", "THOMAS"),
        ):
            employee = self.env["hr.employee"].create({"name": employee_name})
            self.scan(
                employee,
                passport_fields(
                    surname=surname, given_names=given, birth_date="1950-03-03", nationality="SWE"
                ),
            )
            for name in ("passport_id", "birthday", "gender", "country_id", "passport_expiry_date"):
                self.assertFalse(employee[name], f"{name} written from {surname}<<{given} on {employee_name}")
            self.assertTrue(employee.ocr_passport_name_mismatch, f"{surname}<<{given} on {employee_name}")
            self.assertEqual(employee.ocr_state, "needs_review")

    def test_the_name_s_words_in_their_places(self):
        """The passport's first given name is the employee's first (after the surname in a name
        recorded "Surname, Given"); its surname ends the name (starts it, recorded so)."""
        for employee_name, surname, given in (
            ("Anna Maria Eriksson", "ERIKSSON", "MARIA ANNA"),
            ("Anna Maria Eriksson", "ANNA", "MARIA ERIKSSON"),
            ("Anna Eriksson Lindqvist", "ERIKSSON", "ANNA"),
            ("Eriksson, Anna Maria", "ERIKSSON", "MARIA"),
            ("Eriksson, Anna Maria", "ANNA", "ERIKSSON"),
            ("Lee Kim", "LEE", "KIM"),
            # a cut word is the start of the first given name only, not of another word
            ("Anna Kristoffer Lindqvist Johansson Bergström", "LINDQVIST JOHANSSON BERGSTROEM", "KRISTOF"),
        ):
            employee = self.env["hr.employee"].create({"name": employee_name})
            self.reader_writes(employee, {"ocr_passport_surname": surname, "ocr_passport_given_names": given})
            self.assertTrue(employee._ocr_name_mismatch(), f"{surname}<<{given} taken for {employee_name}")
        for employee_name, surname, given in (
            ("Anna Maria Eriksson", "ERIKSSON", "ANNA MARIA"),
            ("Anna Maria Eriksson", "ERIKSSON", "ANNA"),
            ("Anna Eriksson", "ERIKSSON", "ANNA MARIA"),
            ("ANNA maria eriksson", "ERIKSSON", "ANNA MARIA"),
            ("Anna Lindqvist-Johansson", "LINDQVIST JOHANSSON", "ANNA"),
            ("Anna Lindqvist Johansson", "LINDQVIST JOHANSSON", "ANNA"),
            ("Anna-Maria Eriksson", "ERIKSSON", "ANNA MARIA"),
            ("Anna-Maria Eriksson", "ERIKSSON", "ANNAMARIA"),
            ("Eriksson, Anna Maria", "ERIKSSON", "ANNA MARIA"),
            ("Lindqvist Johansson, Anna", "LINDQVIST JOHANSSON", "ANNA"),
            ("Søren Kierkegaard", "KIERKEGAARD", "SOEREN"),
            # the field full (39 characters), its last word cut
            ("Kristoffer Alexander Maximilian Lindqvist", "LINDQVIST", "KRISTOFFER ALEXANDER MAXIMIL"),
            ("Maximiliano Lindqvist-Johansson Bergström", "LINDQVIST JOHANSSON BERGSTROEM", "MAXIMIL"),
        ):
            employee = self.env["hr.employee"].create({"name": employee_name})
            self.reader_writes(employee, {"ocr_passport_surname": surname, "ocr_passport_given_names": given})
            self.assertFalse(employee._ocr_name_mismatch(), f"{surname}<<{given} not for {employee_name}")

    def test_a_name_the_service_does_not_vouch_for_fills_nothing(self):
        answer = passport_fields()
        answer["fields"]["given_names"]["valid"] = False
        employee = self.env["hr.employee"].create({"name": "Anna Maria Eriksson"})
        self.scan(employee, answer)
        self.assertFalse(employee.passport_id)
        # not another person's, as far as anyone can tell: a name not read surely, said so
        self.assertFalse(employee.ocr_passport_name_mismatch)
        self.assertTrue(employee.ocr_passport_name_unsure)
        self.assertEqual(employee.ocr_state, "needs_review")
        # a rename (the name now matches what was read) does not make it read surely
        employee.with_user(self.user_hr).name = "Anna Eriksson"
        self.assertTrue(employee.ocr_passport_name_unsure)
        self.assertEqual(employee.ocr_state, "needs_review")
        employee.with_user(self.user_hr).action_passport_discard_ocr()
        self.assertFalse(employee.ocr_passport_name_unsure)

    def test_a_field_without_its_verdict_is_not_verified(self):
        """An older or a hostile service that says nothing of a field's validity: nothing is taken
        for verified."""
        answer = passport_fields()
        for item in answer["fields"].values():
            item.pop("valid", None)
        answer["fields"]["valid"]["value"] = True
        employee = self.env["hr.employee"].create({"name": "Anna Maria Eriksson"})
        self.scan(employee, answer)
        self.assertFalse(employee.passport_id)
        self.assertFalse(employee.birthday)
        self.assertEqual(employee.ocr_state, "needs_review")

    def test_another_passport_s_own_values_do_not_join_the_record(self):
        """HR typed the old passport's number and the date of birth; a renewed one is scanned: its
        expiry does not join the old number (the reminder would go out for the wrong passport);
        the holder's values (the same date of birth) do fill."""
        employee = self.env["hr.employee"].create(
            {"name": "Anna Maria Eriksson", "passport_id": "A1234567", "birthday": "1974-08-12"}
        )
        self.scan(
            employee, passport_fields(document_number="B7654321", issuing_country="SWE", nationality="SWE")
        )
        self.assertEqual(employee.passport_id, "A1234567")
        self.assertFalse(employee.passport_expiry_date)
        self.assertFalse(employee.passport_issuing_country_id)
        self.assertEqual(employee.country_id, self.sweden)
        self.assertEqual(employee.gender, "female")
        self.assertIn("Passport No", employee.ocr_passport_review_fields)
        self.assertIn("Expiration", employee.ocr_passport_review_fields)
        self.assertEqual(employee.ocr_state, "needs_review")

    def test_another_person_s_passport_fills_nothing(self):
        """The record's date of birth is not the passport's: another person (of the same name)."""
        employee = self.env["hr.employee"].create({"name": "Anna Maria Eriksson", "birthday": "1980-01-02"})
        self.scan(employee, passport_fields())
        self.assertFalse(employee.passport_id)
        self.assertFalse(employee.passport_expiry_date)
        self.assertEqual(employee.ocr_state, "needs_review")

    def test_another_number_without_the_same_birthday_fills_nothing(self):
        """Johan Berg's record has his passport number; his father's (BERG<<JOHAN too, another
        number, born 1950) is scanned: no date of birth on the record to tell them apart, nothing
        is written (the father's birthday and nationality were)."""
        employee = self.env["hr.employee"].create({"name": "Johan Berg", "passport_id": "A1234567"})
        self.scan(
            employee,
            passport_fields(
                surname="BERG", given_names="JOHAN", document_number="B7654321", birth_date="1950-03-03",
                sex="M", nationality="SWE",
            ),
        )  # fmt: skip
        for name in (
            "birthday",
            "country_id",
            "gender",
            "passport_expiry_date",
            "passport_issuing_country_id",
        ):
            self.assertFalse(employee[name], f"{name} written from another passport")
        self.assertEqual(employee.passport_id, "A1234567")
        for label in ("Passport No", "Date of Birth", "Nationality"):
            self.assertIn(label, employee.ocr_passport_review_fields)
        self.assertEqual(employee.ocr_state, "needs_review")

    def test_a_passport_of_the_other_sex_fills_nothing(self):
        """Kim Lee, recorded male; a woman's passport of the same name (sex F): another person,
        nothing is written (her number, date of birth and expiry were)."""
        employee = self.env["hr.employee"].create({"name": "Kim Lee", "gender": "male"})
        self.scan(
            employee, passport_fields(surname="LEE", given_names="KIM", sex="F", birth_date="1950-03-03")
        )
        for name in ("passport_id", "birthday", "passport_expiry_date", "country_id"):
            self.assertFalse(employee[name], f"{name} written from a passport of the other sex")
        self.assertEqual(employee.gender, "male")
        self.assertIn("Gender", employee.ocr_passport_review_fields)
        self.assertEqual(employee.ocr_state, "needs_review")
        # a recorded "other" is no contradiction of the passport's F
        employee = self.env["hr.employee"].create({"name": "Anna Maria Eriksson", "gender": "other"})
        self.scan(employee, passport_fields())
        self.assertEqual(employee.passport_id, "L898902C3")

    def test_a_child_s_date_of_birth_fills_nothing(self):
        """A birth year a century off (the zone prints two digits): nothing is written."""
        this_year = fields.Date.to_string(fields.Date.today().replace(month=1, day=1))
        employee = self.env["hr.employee"].create({"name": "Anna Maria Eriksson"})
        self.scan(employee, passport_fields(birth_date=this_year))
        self.assertFalse(employee.passport_id)
        self.assertTrue(employee.ocr_passport_review)
        self.assertEqual(employee.ocr_state, "needs_review")

    def test_a_value_typed_by_hand_ends_the_scans_vouching(self):
        employee = self.env["hr.employee"].create({"name": "Anna Maria Eriksson"})
        self.scan(employee, passport_fields())
        self.assertEqual(employee.passport_mrz_valid, "valid")
        # the same values written again (an import): the scan still vouches for them
        employee.write({"passport_id": "L898902C3", "birthday": "1974-08-12"})
        self.assertEqual(employee.passport_mrz_valid, "valid")
        # a context key any RPC client can send keeps nothing
        employee.with_context(ocr_passport_values=True).passport_id = "X0000000"
        self.assertEqual(employee.passport_mrz_valid, "unknown")

    def test_reviewed_after_a_value_typed_by_hand_is_done(self):
        """HR types the right expiry over a differing one and marks the scan reviewed: done, not
        waiting in Needs Review for nothing."""
        employee = self.env["hr.employee"].create({"name": "Anna Maria Eriksson"})
        employee.passport_expiry_date = "2030-01-01"
        self.scan(employee, passport_fields())
        self.assertEqual(employee.ocr_state, "needs_review")
        employee.passport_expiry_date = "2032-04-15"
        self.assertEqual(employee.passport_mrz_valid, "unknown")
        employee.with_user(self.user_hr).action_passport_discard_ocr()
        self.assertEqual(employee.ocr_state, "done")

    def test_a_new_number_does_not_join_an_old_expiry(self):
        """The record has an expiry and no number; a renewal is scanned: its number does not join
        the old expiry (the reminder would go out for the wrong passport)."""
        employee = self.env["hr.employee"].create({"name": "Anna Maria Eriksson"})
        employee.passport_expiry_date = "2026-01-31"
        self.scan(employee, passport_fields())
        self.assertFalse(employee.passport_id)
        self.assertEqual(employee.birthday, date(1974, 8, 12), "the holder's own values fill")
        self.assertEqual(employee.ocr_state, "needs_review")

    def test_names_as_a_passport_zone_spells_them(self):
        for employee_name, surname, given in (
            ("Søren Kierkegaard", "KIERKEGAARD", "SOEREN"),
            ("Hans Müller", "MUELLER", "HANS"),
            ("Hans Müller", "MULLER", "HANS"),
            ("Sean O'Brien", "OBRIEN", "SEAN"),
            ("Xiao-Ming Li", "LI", "XIAOMING"),
            ("Åsa Öberg", "OEBERG", "AASA"),
            ("Sukarno", "SUKARNO", ""),
        ):
            employee = self.env["hr.employee"].create({"name": employee_name})
            self.reader_writes(employee, {"ocr_passport_surname": surname, "ocr_passport_given_names": given})
            self.assertFalse(employee._ocr_name_mismatch(), f"{surname}/{given} not for {employee_name}")
        # one name only on the passport: the employee with another word is not told to be its holder
        employee = self.env["hr.employee"].create({"name": "Priya Kumar"})
        self.reader_writes(employee, {"ocr_passport_surname": "KUMAR", "ocr_passport_given_names": ""})
        self.assertTrue(employee._ocr_name_mismatch())

    def test_a_date_with_trailing_text_is_no_date(self):
        parse = self.env["hr.employee"]._ocr_parse_date
        self.assertEqual(parse("1974-08-12"), date(1974, 8, 12))
        self.assertFalse(parse("1974-08-12xyz"))
        self.assertFalse(parse("1974-08-12T00:00:00"))

    def test_a_save_during_the_scan_logs_no_passport_data(self):
        """An HR officer saves the employee while the service reads the passport: the job's
        transaction began before, so its writes fail (queue_job retries it). They fail on the
        lock taken before what was read is written, a statement with the record's id only and
        not logged, not on the UPDATE that would carry the passport's number and name into
        Odoo's error log. Two real transactions (not the test's), committed data removed after."""
        import psycopg2

        def person(env):
            return env["hr.employee"].create({"name": "Concurrent Person"})

        with (
            self.committed(person) as (database, real_env, [[employee_id]]),
            database.cursor() as job_cr,
            database.cursor() as hr_cr,
        ):
            job_employee = real_env(job_cr)["hr.employee"].browse(employee_id)
            job_employee.mapped("name")  # the job's transaction has begun (its snapshot)
            hr_cr.execute("UPDATE hr_employee SET job_title = 'Saved' WHERE id = %s", [employee_id])
            hr_cr.commit()  # pylint: disable=invalid-commit
            with (
                self.assertNoLogs("odoo.sql_db", level="ERROR"),
                self.assertRaises(psycopg2.OperationalError) as caught,
            ):
                job_employee._ocr_lock_for_result()
            self.assertEqual(caught.exception.pgcode, psycopg2.errorcodes.SERIALIZATION_FAILURE)
            job_cr.rollback()

    def test_a_code_without_a_country_beside_the_record_s_country_waits(self):
        """A stateless person's travel document (XXA) on an employee HR recorded as Swedish: no
        country to propose, but the two disagree: HR looks."""
        employee = self.env["hr.employee"].create({"name": "Anna Maria Eriksson"})
        employee.country_id = self.sweden
        self.scan(employee, passport_fields(nationality="XXA"))
        self.assertEqual(employee.country_id, self.sweden)
        self.assertIn("Nationality", employee.ocr_passport_review_fields or "")
        self.assertEqual(employee.ocr_state, "needs_review")
        self.assertEqual(employee.passport_id, "L898902C3", "the other fields fill as before")
        # HR keeps the record's country: the scan contradicts it, its badge no longer vouches
        employee.with_user(self.user_hr).action_passport_discard_ocr()
        self.assertEqual(employee.country_id, self.sweden)
        self.assertEqual(employee.passport_mrz_valid, "unknown")
        self.assertEqual(employee.ocr_state, "done")

    def test_an_unspecified_sex_beside_a_recorded_gender_waits(self):
        """The zone leaves the sex unspecified (X) on an employee recorded male: nothing to
        propose, but the scan does not vouch for the record's gender: HR looks, and the badge
        does not stay Valid beside it after the review."""
        employee = self.env["hr.employee"].create({"name": "Anna Maria Eriksson", "gender": "male"})
        self.scan(employee, passport_fields(sex="X"))
        self.assertEqual(employee.gender, "male")
        self.assertIn("Gender", employee.ocr_passport_review_fields or "")
        self.assertEqual(employee.ocr_state, "needs_review")
        self.assertEqual(employee.passport_id, "L898902C3", "the other fields fill as before")
        employee.with_user(self.user_hr).action_passport_apply_ocr()
        self.assertEqual(employee.gender, "male")
        self.assertEqual(employee.passport_mrz_valid, "unknown")
        self.assertEqual(employee.ocr_state, "done")
