# Copyright 2026 hr_expense_ocr_audit authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import importlib.util
from datetime import date, datetime
from pathlib import Path

from freezegun import freeze_time

from odoo import SUPERUSER_ID
from odoo.exceptions import AccessError
from odoo.tests.common import new_test_user

from odoo.addons.queue_job.exception import RetryableJobError
from odoo.addons.queue_job.job import Job

from ..models.hr_ocr_mixin import OCR_CHANNEL, ocr_writing
from .common import OcrCommon, passport_fields, png_bytes, receipt_fields


class TestJobEnvironment(OcrCommon):
    """A job runs as the user who queued it, with the time zone, language and companies of the
    request that queued it (the scheduled action's: its own user's): none of them may make it
    write wrong values onto the record, lose it, or leave it waiting for ever."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_a = cls.env.company
        cls.company_b = cls.env["res.company"].create({"name": "Company B (env)", "currency_id": cls.eur.id})
        cls.employee_b = (
            cls.env["hr.employee"]
            .with_company(cls.company_b)
            .create({"name": "Carl Brandt", "company_id": cls.company_b.id})
        )
        # the scheduled action's user (the superuser the tests run as): no time zone of its own
        cls.cron_user = cls.env.user
        cls.cron_user.tz = False

    # ------------------------------------------------------------------
    # helpers
    # ------------------------------------------------------------------
    def run_like_runner(self, record):
        """Run the record's stored job as queue_job's runner does (``RunJobController._runjob``):
        performed as its user with its context; a retryable error puts it back; any other error
        rolls its work back, stores it failed and calls its failure hook. Returns the outcome."""
        job = Job.load(self.env, record.ocr_job_uuid)
        try:
            with self.env.cr.savepoint():
                job.perform()
                self.env.flush_all()
        except RetryableJobError:
            self.env.invalidate_all()
            job.postpone(seconds=1)
            job.set_pending(reset_retry=False)
            job.store()
            return "retry"
        except Exception as exc:  # pylint: disable=broad-except
            self.env.invalidate_all()
            vals = {
                "exc_info": "",
                "exc_name": f"{type(exc).__module__}.{type(exc).__name__}",
                "exc_message": str(exc),
            }
            job.set_failed(**vals)
            job.store()
            job.on_fail(vals)
            self.env.flush_all()
            return "failed"
        job.set_done()
        job.store()
        self.env.invalidate_all()
        return "done"

    def attach_unqueued(self, record, content):
        """Attach a receipt the scheduled action will queue (on demand: nothing queued now)."""
        self.set_param("digitize_mode", "on_demand")
        self.attach(record, content)
        self.set_param("digitize_mode", "auto")
        self.assertEqual(record.ocr_state, "not_scanned")

    def expense_created_at(self, user, instant, **vals):
        """An expense created by ``user`` (in their time zone, as the web client sends it) at
        ``instant`` (UTC), its date the form's default."""
        with freeze_time(instant):
            expense = (
                self.env["hr.expense"]
                .with_user(user)
                .with_context(tz=user.tz)
                .create(
                    {
                        "name": "Late lunch",
                        "employee_id": user.employee_id.id,
                        "product_id": self.product.id,
                        "total_amount_currency": 0.0,
                    }
                )
            )
        self.env.flush_all()
        self.env.cr.execute("UPDATE hr_expense SET create_date = %s WHERE id = %s", [instant, expense.id])
        self.env.invalidate_all()
        return self.env["hr.expense"].browse(expense.id)

    # ------------------------------------------------------------------
    # time zone
    # ------------------------------------------------------------------
    def test_the_scheduled_actions_job_fills_the_default_date_whatever_the_employees_time_zone(self):
        cases = (
            # (the employee's zone, when they created the expense (UTC), its default date)
            ("Pacific/Auckland", datetime(2024, 3, 14, 20, 0), date(2024, 3, 15)),
            ("America/Los_Angeles", datetime(2024, 3, 16, 4, 0), date(2024, 3, 15)),
        )
        for index, (tz, instant, default_day) in enumerate(cases):
            for cron_tz in (False, "UTC"):
                with self.subTest(tz=tz, cron_tz=cron_tz):
                    self.cron_user.tz = cron_tz
                    self.user_employee.tz = tz
                    expense = self.expense_created_at(self.user_employee, instant)
                    self.assertEqual(expense.date, default_day)
                    self.assertFalse(expense.ocr_date_typed)
                    self.attach_unqueued(expense, png_bytes((index, 40, 80 if cron_tz else 81)))
                    self.env["hr.ocr.history"].process_pending_ocr_queue()
                    self.assertEqual(expense.ocr_state, "queued")
                    # (another total each time: the same reading twice is a duplicate)
                    total = f"{10 * index + (2 if cron_tz else 1)}.50"
                    self.service.push(200, receipt_fields(date="2024-03-01", total=total))
                    self.assertEqual(self.run_like_runner(expense), "done")
                    # the date the employee left as the form's default is the receipt's
                    self.assertEqual(expense.date, date(2024, 3, 1))
                    self.assertEqual(expense.ocr_audit_status, "ok")

    def test_a_date_typed_is_never_the_default_whatever_the_jobs_time_zone(self):
        # created in Auckland on the 15th, the date typed the 14th: the UTC day of its creation
        self.user_employee.tz = "Pacific/Auckland"
        with freeze_time(datetime(2024, 3, 14, 20, 0)):
            expense = (
                self.env["hr.expense"]
                .with_user(self.user_employee)
                .with_context(tz="Pacific/Auckland")
                .create(
                    {
                        "name": "Typed",
                        "employee_id": self.employee.id,
                        "product_id": self.product.id,
                        "date": "2024-03-14",
                    }
                )
            )
        self.assertTrue(expense.ocr_date_typed)
        self.attach_unqueued(expense, png_bytes("sienna"))
        self.env["hr.ocr.history"].process_pending_ocr_queue()
        self.service.push(200, receipt_fields(date="2024-03-13"))
        self.assertEqual(self.run_like_runner(expense), "done")
        self.assertEqual(expense.date, date(2024, 3, 14))

    # ------------------------------------------------------------------
    # language
    # ------------------------------------------------------------------
    def test_a_job_in_a_decimal_comma_language_reads_the_amounts(self):
        self.env["res.lang"]._activate_lang("de_DE")
        self.assertEqual(self.env["res.lang"]._lang_get("de_DE").decimal_point, ",")
        expense = self.create_expense()
        answer = receipt_fields(total="1234.50")
        answer["fields"]["tax"] = {"value": "197.10", "confidence": 0.97}
        answer["fields"]["net"] = {"value": "1037.40", "confidence": 0.97}
        answer["fields"]["tax_lines"] = [{"rate": "19", "base": "1037.40", "amount": "197.10"}]
        self.env["ir.attachment"].with_context(lang="de_DE").create(
            {"name": "r.png", "res_model": expense._name, "res_id": expense.id, "raw": png_bytes("khaki")}
        )
        self.assertEqual(self.job_of(expense).records.env.context.get("lang"), "de_DE")
        self.service.push(200, answer)
        self.assertEqual(self.run_like_runner(expense), "done")
        self.assertEqual(expense.ocr_total, 1234.5)
        self.assertEqual(expense.total_amount_currency, 1234.5)
        self.assertFalse(expense.ocr_flag_tax)

    # ------------------------------------------------------------------
    # companies
    # ------------------------------------------------------------------
    def test_a_job_queued_in_another_company_reads_with_the_records_company(self):
        Partner = self.env["res.partner"]
        Partner.create({"name": "Shop Twin", "is_company": True, "company_id": self.company_a.id})
        shop_b = Partner.create({"name": "Shop Twin", "is_company": True, "company_id": self.company_b.id})
        both = self.company_a | self.company_b
        manager = new_test_user(
            self.env,
            login="ocr_env_manager",
            groups="base.group_user,hr_expense.group_hr_expense_manager",
            company_id=self.company_a.id,
            company_ids=[(6, 0, both.ids)],
        )
        # queued by the scheduled action (its user's company, A), by a manager working in A and
        # B, and by one who has lost B since
        for index, who in enumerate(("scheduled action", "manager", "manager without B since")):
            with self.subTest(who=who):
                manager.company_ids = [(6, 0, both.ids)]
                expense = self.env["hr.expense"].browse(
                    self.env["hr.expense"]
                    .with_company(self.company_b)
                    .create(
                        {
                            "name": "Lunch B",
                            "employee_id": self.employee_b.id,
                            "product_id": self.product.id,
                            "company_id": self.company_b.id,
                        }
                    )
                    .id
                )
                self.assertEqual(expense.currency_id, self.eur)
                self.attach_unqueued(expense, png_bytes((index, 9, 99)))
                if who == "scheduled action":
                    self.env["hr.ocr.history"].process_pending_ocr_queue()
                else:
                    expense.with_user(manager).with_context(allowed_company_ids=both.ids).action_ocr_scan()
                if who == "manager without B since":
                    manager.company_ids = [(6, 0, self.company_a.ids)]
                total = f"2{index}.00"
                self.service.push(200, receipt_fields(vendor="Shop Twin", currency="EUR", total=total))
                self.assertEqual(self.run_like_runner(expense), "done")
                self.assertEqual(expense.ocr_state, "done")
                self.assertEqual(expense.vendor_id, shop_b)
                self.assertEqual(expense.currency_id, self.eur)
                self.assertEqual(expense.total_amount_currency, float(total))
                self.assertEqual(expense.total_amount, float(total))
                self.assertEqual(expense.ocr_audit_status, "ok")
                line = self.history_of(expense)
                self.assertEqual(line.company_id, self.company_b)
                self.assertEqual(line.user_id, self.env.user if who == "scheduled action" else manager)

    # ------------------------------------------------------------------
    # the user who queued the job
    # ------------------------------------------------------------------
    def queued_by(self, user, content):
        expense = self.create_expense()
        self.attach_unqueued(expense, content)
        expense.with_user(user).action_ocr_scan()
        return expense

    def history_of(self, record):
        return self.env["hr.ocr.history"].search(
            [("res_model", "=", record._name), ("res_id", "=", record.id)]
        )

    def assert_read(self, expense):
        self.assertEqual(expense.ocr_state, "done")
        self.assertEqual(expense.total_amount_currency, 42.5)
        self.assertEqual(expense.ocr_audit_status, "ok")

    def test_a_job_of_a_user_archived_since(self):
        expense = self.queued_by(self.user_employee, png_bytes("gold"))
        self.user_employee.active = False
        self.service.push(200, receipt_fields())
        self.assertEqual(self.run_like_runner(expense), "done")
        self.assert_read(expense)
        self.assertEqual(self.history_of(expense).user_id, self.user_employee)

    def test_a_job_of_a_user_removed_from_the_expense_groups_since(self):
        manager = new_test_user(
            self.env,
            login="ocr_env_gone_manager",
            groups="base.group_user,hr_expense.group_hr_expense_manager",
        )
        expense = self.queued_by(manager, png_bytes("salmon"))
        manager.groups_id = [(6, 0, self.env.ref("base.group_portal").ids)]
        self.service.push(200, receipt_fields())
        self.assertEqual(self.run_like_runner(expense), "done")
        self.assert_read(expense)

    def test_a_job_of_a_user_deleted_since(self):
        manager = new_test_user(
            self.env,
            login="ocr_env_deleted_manager",
            groups="base.group_user,hr_expense.group_hr_expense_manager",
        )
        expense = self.queued_by(manager, png_bytes("tomato"))
        manager.unlink()
        self.service.push(200, receipt_fields())
        self.assertEqual(self.run_like_runner(expense), "done")
        self.assert_read(expense)
        # the request is still on record, by no one
        line = self.history_of(expense)
        self.assertEqual(line.state, "done")
        self.assertFalse(line.user_id)

    def test_a_passport_job_of_an_hr_officer_archived_since(self):
        officer = new_test_user(self.env, login="ocr_env_hr", groups="base.group_user,hr.group_hr_user")
        employee = self.env["hr.employee"].create({"name": "Anna Maria Eriksson"})
        self.set_param("digitize_mode", "on_demand")
        employee.passport_scan = self.b64(png_bytes("white", (80, 51)))
        self.set_param("digitize_mode", "auto")
        employee.with_user(officer).action_passport_scan()
        officer.active = False
        self.service.push(200, passport_fields())
        self.assertEqual(self.run_like_runner(employee), "done")
        self.assertEqual(employee.ocr_state, "done")
        self.assertEqual(employee.passport_id, "L898902C3")

    # ------------------------------------------------------------------
    # the upgrade from 18.0.1.0.0, whose jobs ran as whoever queued them
    # ------------------------------------------------------------------
    def upgrade_from_1_0(self):
        """The upgrade's own script, as Odoo's migration manager runs it."""
        path = Path(__file__).parents[1] / "migrations" / "18.0.1.1.0" / "post-migration.py"
        spec = importlib.util.spec_from_file_location("ocr_post_migration", path)
        post_migration = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(post_migration)
        post_migration.migrate(self.env.cr, "18.0.1.0.0")

    def queued_as_1_0(self, expense, user, **context):
        """A job queued as 18.0.1.0.0 queued it, as ``user`` (with ``context``), the expense
        waiting on it: returns the job."""
        attachment = expense._ocr_get_attachment()
        old = (
            expense.with_user(user)
            .with_context(**context)
            .with_delay(channel=OCR_CHANNEL, identity_key=expense._ocr_identity_key(attachment))
            ._ocr_job_scan(attachment.id)
        )
        with ocr_writing():
            expense.sudo().write(
                {
                    "ocr_state": "queued",
                    "ocr_job_uuid": old.uuid,
                    "ocr_attachment_id": attachment.id,
                    "ocr_checksum": attachment.checksum,
                }
            )
        return old

    def test_the_upgrade_queues_again_a_job_a_stopped_server_left_started(self):
        expense = self.env["hr.expense"].create(
            {"name": "Taxi", "employee_id": self.employee.id, "product_id": self.product.id}
        )
        self.attach_unqueued(expense, png_bytes("navy"))
        old = self.queued_as_1_0(expense, self.user_employee)
        # the server stopped while the job ran: queue_job puts it back to run as its user
        self.env.cr.execute("UPDATE queue_job SET state = 'started' WHERE uuid = %s", [old.uuid])
        self.env["queue.job"].invalidate_model()
        self.upgrade_from_1_0()
        self.assertEqual(self.env["queue.job"].search([("uuid", "=", old.uuid)]).state, "cancelled")
        self.assertNotEqual(expense.ocr_job_uuid, old.uuid)
        self.assertEqual(self.job_of(expense).user_id.id, SUPERUSER_ID)

    def test_the_upgrade_raises_the_old_default_timeout_and_drops_the_old_summary_column(self):
        params = self.env["ir.config_parameter"].sudo()
        key = "hr_expense_ocr_audit.ocr_timeout"
        # 18.0.1.0.0 stored its default on any save of its settings, and its summary in a column
        params.set_param(key, "60")
        self.env.cr.execute("ALTER TABLE hr_expense ADD COLUMN ocr_audit_summary varchar")
        self.upgrade_from_1_0()
        self.assertEqual(params.get_param(key), "75")  # above the service's 60 s deadline
        self.env.cr.execute(
            "SELECT 1 FROM information_schema.columns WHERE table_name = 'hr_expense' AND column_name = %s",
            ["ocr_audit_summary"],
        )
        self.assertFalse(self.env.cr.fetchall())
        # a timeout an administrator chose stays
        params.set_param(key, "120")
        self.upgrade_from_1_0()
        self.assertEqual(params.get_param(key), "120")

    def test_the_upgrade_queues_again_as_the_reader_a_job_queued_as_its_user(self):
        both = self.company_a | self.company_b
        manager = new_test_user(
            self.env,
            login="ocr_env_old_job_manager",
            groups="base.group_user,hr_expense.group_hr_expense_manager",
            company_id=self.company_a.id,
            company_ids=[(6, 0, both.ids)],
        )
        expense = self.env["hr.expense"].browse(
            self.env["hr.expense"]
            .with_company(self.company_b)
            .create({"name": "Lunch B", "employee_id": self.employee_b.id, "product_id": self.product.id})
            .id
        )
        self.attach_unqueued(expense, png_bytes("navy"))
        # queued as 18.0.1.0.0 queued it: as the manager, with the companies they worked in
        old = self.queued_as_1_0(expense, manager, allowed_company_ids=both.ids, tz="Europe/Brussels")
        other = self.queued_by(self.user_employee, png_bytes("olive"))  # queued as the reader
        mine = other.ocr_job_uuid
        manager.company_ids = [(6, 0, self.company_a.ids)]
        # what the runner met with such a job: it does not load, again and again
        with self.assertRaises(AccessError):
            Job.load(self.env, old.uuid)
        self.assertTrue(expense._ocr_waiting_on_live_job())
        self.upgrade_from_1_0()
        stale = self.env["queue.job"].search([("uuid", "=", old.uuid)])
        self.assertEqual(stale.state, "cancelled")
        self.assertNotEqual(expense.ocr_job_uuid, old.uuid)
        self.assertEqual(expense.ocr_state, "queued")
        job = self.job_of(expense)
        self.assertEqual(job.user_id.id, SUPERUSER_ID)
        self.assertEqual(job.company_id, self.company_b)
        # the request's time zone kept, not its companies
        context = Job.load(self.env, job.uuid).recordset.env.context
        self.assertEqual(context.get("tz"), "Europe/Brussels")
        self.assertEqual(context.get("allowed_company_ids")[0], self.company_b.id)
        self.assertEqual(other.ocr_job_uuid, mine)  # a job queued as the reader is left as it is
        # (the receipt's dollars in company B's euros: at a rate of the receipt's week)
        self.env["res.currency.rate"].create(
            {"currency_id": self.usd.id, "name": "2024-03-14", "rate": 1.1, "company_id": self.company_b.id}
        )
        self.service.push(200, receipt_fields())
        self.assertEqual(self.run_like_runner(expense), "done")
        self.assert_read(expense)
        # run again (a second upgrade): nothing more to do
        self.assertEqual(self.env["hr.ocr.mixin"]._ocr_requeue_as_reader(), 0)
