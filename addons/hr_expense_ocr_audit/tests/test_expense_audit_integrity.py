# Copyright 2026 hr_expense_ocr_audit authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from contextlib import contextmanager
from datetime import date

from dateutil.relativedelta import relativedelta

from odoo import fields
from odoo.modules.db import FunctionStatus
from odoo.tools import SQL

from .common import OcrCommon, png_bytes, receipt_fields, trap_jobs


def with_vat(answer, vat, confidence=0.96):
    answer["fields"]["vendor_vat"] = {"value": vat, "confidence": confidence}
    return answer


class TestExpenseAuditIntegrity(OcrCommon):
    """The audit vouches only for what it compared: a figure it could not read, a split whose
    parts it cannot add up, a file that is not the receipt match nothing."""

    @contextmanager
    def queries_seen(self):
        """The queries (and their parameters) the test's cursor runs meanwhile, run as well."""
        from unittest import mock

        cr = self.env.cr
        seen, execute = [], cr.execute

        def record(query, params=None, log_exceptions=True):
            seen.append((query, params))
            return execute(query, params, log_exceptions)

        with mock.patch.object(cr, "execute", record):
            yield seen

    def scan(self, answer, employee=None, content=None, **vals):
        expense = self.create_expense(employee=employee, **vals)
        self.attach(expense, content or png_bytes((len(self.service.requests), 13, 17)))
        self.service.push(200, answer)
        self.run_job(expense)
        return expense

    def split_in_two(self, expense):
        wizard = self.env["hr.expense.split.wizard"].browse(expense.action_split_wizard()["res_id"])
        with trap_jobs():
            wizard.action_split_expense()
        root = expense.ocr_split_origin_id or expense
        return self.env["hr.expense"].search(
            [("ocr_split_origin_id", "=", root.id)], order="id desc", limit=1
        )

    def refused_report(self, expense, employee):
        sheet = self.env["hr.expense.sheet"].create(
            {"name": "Trip", "employee_id": employee.id, "expense_line_ids": [(6, 0, expense.ids)]}
        )
        sheet.action_submit_sheet()
        sheet._do_refuse("not ours")
        return sheet

    # ------------------------------------------------------------------
    # Figures the addon could not read
    # ------------------------------------------------------------------
    def test_a_total_of_zero_or_unreadable_vouches_for_no_amount(self):
        for total in ("0.00", "4O.50"):
            expense = self.scan(
                receipt_fields(total=total), total_amount_currency=500.0, date=date(2024, 3, 15)
            )
            self.assertEqual(expense.ocr_state, "needs_review", total)
            self.assertNotEqual(expense.ocr_audit_status, "ok", total)

    def test_an_unreadable_date_vouches_for_no_date(self):
        expense = self.scan(
            receipt_fields(date="15/03/2024"), total_amount_currency=42.5, date=date(2023, 1, 1)
        )
        self.assertFalse(expense.ocr_date)
        self.assertEqual(expense.ocr_state, "needs_review")
        self.assertNotEqual(expense.ocr_audit_status, "ok")

    # ------------------------------------------------------------------
    # Splits
    # ------------------------------------------------------------------
    def test_split_parts_in_two_currencies_do_not_match_the_receipt(self):
        # a receipt with no currency printed, claimed whole in dollars (typed: no currency read
        # fills no amount) and again in euros
        expense = self.scan(receipt_fields(currency=None), total_amount_currency=42.50)
        self.assertEqual(expense.total_amount_currency, 42.50)
        part = self.split_in_two(expense)
        part.with_user(self.user_employee).write({"currency_id": self.eur.id, "total_amount_currency": 42.50})
        expense.with_user(self.user_employee).write({"total_amount_currency": 42.50})
        self.assertTrue(expense.ocr_flag_amount)
        self.assertEqual(expense.ocr_audit_status, "mismatch")

    def test_apply_on_a_part_writes_nothing_the_other_parts_claim_in_another_currency(self):
        expense = self.scan(receipt_fields(currency="EUR", total="100.00"), total_amount_currency=110.0)
        self.assertEqual(expense.currency_id, self.usd)
        part = self.split_in_two(expense)
        part.action_ocr_apply_values()
        # 100 EUR less 55 USD is no amount: the part's amount stays the employee's, and in the
        # currency it was typed in (55 USD did not become 55 EUR); the mismatch waits for a person
        self.assertEqual(part.total_amount_currency, 55.0)
        self.assertEqual(part.currency_id, self.usd)
        self.assertTrue(part.ocr_flag_currency)

    def test_deleting_a_refused_report_brings_its_part_back_into_the_split(self):
        expense = self.scan(receipt_fields())
        part = self.split_in_two(expense)
        sheet = self.refused_report(part, self.employee)
        self.assertEqual(expense.ocr_audit_status, "mismatch")
        sheet.with_user(self.user_expense_manager).unlink()
        self.assertEqual(part.state, "draft")
        self.assertEqual(expense.ocr_audit_status, "ok", "the parts add up to the receipt again")

    def test_a_refused_part_stays_in_its_split_when_the_origin_is_deleted(self):
        expense = self.scan(receipt_fields())
        second = self.split_in_two(expense)
        third = self.split_in_two(second)
        sheet = self.refused_report(third, self.employee)
        expense.unlink()
        sheet.action_reset_expense_sheets()
        self.assertEqual(third.ocr_split_origin_id, second)
        self.assertFalse(third.ocr_flag_duplicate, "parts of one split are no duplicates")
        self.assertFalse(second.ocr_flag_duplicate)

    # ------------------------------------------------------------------
    # Duplicates
    # ------------------------------------------------------------------
    def test_deleting_a_refused_report_makes_its_expense_a_duplicate_again(self):
        content = png_bytes("maroon")
        first = self.scan(receipt_fields(), content=content)
        second = self.scan(receipt_fields(), employee=self.employee_2, content=content)
        self.assertTrue(first.ocr_flag_duplicate and second.ocr_flag_duplicate)
        sheet = self.refused_report(second, self.employee_2)
        self.assertFalse(first.ocr_flag_duplicate)
        sheet.with_user(self.user_expense_manager).unlink()
        self.assertEqual(second.state, "draft")
        self.assertTrue(first.ocr_flag_duplicate, "the same receipt is on a live expense again")
        self.assertTrue(second.ocr_flag_duplicate)

    def test_a_file_shared_beside_the_receipts_is_no_duplicate(self):
        approval = png_bytes("olive", size=(80, 80))
        hotel = self.create_expense(name="Hotel")
        self.attach(hotel, png_bytes((1, 2, 250)), name="hotel.png")
        self.attach(hotel, approval, name="trip-approval.png")
        self.service.push(200, receipt_fields(vendor="Hotel Adlon", total="389.00"))
        self.run_job(hotel)
        taxi = self.create_expense(employee=self.employee_2, name="Taxi")
        self.attach(taxi, png_bytes((1, 2, 251)), name="taxi.png")
        self.attach(taxi, approval, name="trip-approval.png")
        self.service.push(200, receipt_fields(vendor="Berlin Taxi", total="18.00", date="2024-03-16"))
        self.run_job(taxi)
        self.assertFalse(taxi.ocr_flag_duplicate)
        self.assertFalse(hotel.ocr_flag_duplicate)

    def test_an_invoice_printing_the_employers_vat_id_is_still_a_duplicate(self):
        # the VAT id read is the customer's (the employer's); the name read is the hotel's
        self.env.company.partner_id.vat = "DE987654321"

        def answer():
            return with_vat(receipt_fields(vendor="Hotel Adlon Kempinski", total="389.00"), "DE987654321")

        first = self.scan(answer())
        second = self.scan(answer(), employee=self.employee_2)
        self.assertEqual(second.ocr_vendor_match, "addressee")
        self.assertTrue(second.ocr_flag_duplicate)
        self.assertTrue(first.ocr_flag_duplicate)
        first._ocr_refresh_duplicate_flags()
        self.assertTrue(first.ocr_flag_duplicate)
        # the employer's own name and VAT id are on every invoice addressed to it: no duplicate
        own = self.env.company.name
        third = self.scan(with_vat(receipt_fields(vendor=own, total="12.00"), "DE987654321"))
        fourth = self.scan(with_vat(receipt_fields(vendor=own, total="12.00"), "DE987654321"))
        self.assertFalse(third.ocr_flag_duplicate or fourth.ocr_flag_duplicate)

    def test_two_photos_of_one_receipt_whose_vendor_went_unread_are_duplicates(self):
        first = self.scan(receipt_fields(vendor=None, total="27.40", receipt_number="R-1001"))
        second = self.scan(
            receipt_fields(vendor=None, total="27.40", receipt_number="R-1001"), employee=self.employee_2
        )
        self.assertEqual(second.ocr_receipt_number, "R-1001")
        self.assertTrue(second.ocr_flag_duplicate)
        self.assertTrue(first.ocr_flag_duplicate)
        # another number that day for that amount is another receipt
        third = self.scan(receipt_fields(vendor=None, total="27.40", receipt_number="R-1002"))
        self.assertFalse(third.ocr_flag_duplicate)
        # a number of a few characters is no receipt's own
        self.scan(receipt_fields(vendor=None, total="5.00", receipt_number="12"))
        self.assertFalse(
            self.scan(receipt_fields(vendor=None, total="5.00", receipt_number="12")).ocr_flag_duplicate
        )

    def test_two_photos_read_side_by_side_are_duplicates_once_committed(self):
        # jobs run at once: each audit ran before the other's reading was committed, so neither
        # saw the other (simulated: the first one's reading hidden while the second is audited)
        first = self.scan(receipt_fields(vendor="Hotel Adlon", total="389.00"))
        self.env.cr.execute("UPDATE hr_expense SET ocr_vendor = NULL WHERE id = %s", [first.id])
        self.env.invalidate_all()
        second = self.scan(receipt_fields(vendor="Hotel Adlon", total="389.00"), employee=self.employee_2)
        self.env.cr.execute("UPDATE hr_expense SET ocr_vendor = 'Hotel Adlon' WHERE id = %s", [first.id])
        self.env.invalidate_all()
        self.assertFalse(first.ocr_flag_duplicate or second.ocr_flag_duplicate)
        # what each job leaves to run once it is committed
        second._ocr_audit_after_commit_hook()()
        self.env.invalidate_all()
        self.assertTrue(first.ocr_flag_duplicate and second.ocr_flag_duplicate)
        self.assertEqual(first.ocr_audit_status, "review")

    def test_the_check_after_commit_tries_again_after_a_concurrent_write(self):
        """The other photo's job flagging this one at the same moment failed the check after
        commit with a serialization error, and it gave up (a warning only): tried again now. A
        mock raises it: two real jobs cannot be made to collide on demand."""
        from unittest import mock

        import psycopg2.errors

        first = self.scan(receipt_fields(vendor="Hotel Bristol", total="289.00"))
        self.env.cr.execute("UPDATE hr_expense SET ocr_vendor = NULL WHERE id = %s", [first.id])
        self.env.invalidate_all()
        second = self.scan(receipt_fields(vendor="Hotel Bristol", total="289.00"), employee=self.employee_2)
        self.env.cr.execute("UPDATE hr_expense SET ocr_vendor = 'Hotel Bristol' WHERE id = %s", [first.id])
        self.env.invalidate_all()
        Expense = type(self.env["hr.expense"])
        original = Expense._ocr_refresh_duplicates_around
        calls = []

        def collide_once(records, others=None):
            calls.append(1)
            if len(calls) == 1:
                raise psycopg2.errors.SerializationFailure("concurrent update")
            return original(records, others)

        with mock.patch.object(Expense, "_ocr_refresh_duplicates_around", collide_once):
            second._ocr_audit_after_commit_hook()()
        self.env.invalidate_all()
        self.assertEqual(len(calls), 2)
        self.assertTrue(first.ocr_flag_duplicate and second.ocr_flag_duplicate)

    def test_a_jobs_lookups_use_indexes_on_a_large_database(self):
        """Each job looks for duplicates by the date read and by the receipt's file, and for
        the vendor among the contacts by VAT id and by name: on a large database each lookup
        scanned every expense, every expense's attachment, every contact (each job, each save
        of an audited expense, each rate's re-audit). 20,000 expenses read before and 20,000
        contacts (SQL, in the test's transaction), the statistics taken: the plan of every such
        query of two jobs, sequential scans priced out, names the addon's indexes."""
        from ..models.hr_expense import PARTNER_NAME_INDEX, PARTNER_VAT_INDEX, RECEIPT_CHECKSUM_INDEX

        cr = self.env.cr
        cr.execute(
            """
            INSERT INTO hr_expense (employee_id, company_id, currency_id, name, payment_mode,
                                    quantity, price_unit, state, ocr_state, ocr_date, ocr_total,
                                    ocr_vendor)
            SELECT %s, %s, %s, 'Old', 'own_account', 1, 1, 'draft', 'done',
                   date '2015-01-01' + (g %% 3000), g %% 997, 'Old Vendor'
              FROM generate_series(1, 20000) g
            """,
            [self.employee.id, self.env.company.id, self.env.company.currency_id.id],
        )
        cr.execute(
            """
            INSERT INTO ir_attachment (name, type, res_model, res_id, checksum, mimetype)
            SELECT 'old.png', 'binary', 'hr.expense', id, md5(id::text), 'image/png'
              FROM hr_expense WHERE name = 'Old'
            """
        )
        cr.execute(
            """
            INSERT INTO res_partner (name, complete_name, active, is_company, type, vat,
                                     autopost_bills)
            SELECT 'Customer ' || md5(g::text), 'Customer ' || md5(g::text), TRUE, g % 5 = 0,
                   'contact', CASE WHEN g % 3 = 0 THEN 'DE' || (100000000 + g) END, 'ask'
              FROM generate_series(1, 20000) g
            """
        )
        for table in ("hr_expense", "ir_attachment", "res_partner"):
            cr.execute(SQL("ANALYZE %s", SQL.identifier(table)))
        with self.queries_seen() as seen:
            first = self.scan(with_vat(receipt_fields(vendor="Hotel Adlon", total="389.00"), "DE287654321"))
            second = self.scan(receipt_fields(vendor="Hotel Adlon", total="389.00"), employee=self.employee_2)
        self.assertTrue(first.ocr_flag_duplicate and second.ocr_flag_duplicate)
        expected = {"by date": "hr_expense__ocr_date_index", "by file": RECEIPT_CHECKSUM_INDEX}
        # the contacts' indexes need PostgreSQL's pg_trgm (Odoo runs without it where it could
        # not install it: no index then, the test below says which), the name's an unaccent it
        # may index, where the database has one
        registry = self.env.registry
        if registry.has_trigram:
            expected["vendor by VAT id"] = PARTNER_VAT_INDEX
            if registry.has_unaccent in (FunctionStatus.MISSING, FunctionStatus.INDEXABLE):
                expected["vendor by name"] = PARTNER_NAME_INDEX
        plans = {kind: [] for kind in ("by date", "by file", "vendor by name", "vendor by VAT id")}
        for query, params in seen:
            text = str(query.code if isinstance(query, SQL) else query)
            every_param = str(query.params if isinstance(query, SQL) else params)
            if not text.lstrip().upper().startswith("SELECT"):
                continue
            if 'FROM "hr_expense"' in text and '"ocr_date" =' in text:
                kind = "by date"
            elif 'FROM "ir_attachment"' in text and '"checksum" =' in text and "hr.expense" in every_param:
                kind = "by file"
            elif 'FROM "res_partner"' in text and "regexp_replace(upper(" in text:
                kind = "vendor by VAT id"
            elif 'FROM "res_partner"' in text and "ILIKE" in text and "Hotel Adlon" in every_param:
                kind = "vendor by name"
            else:
                continue
            # whether the query can use an index (the planner's choice at a given size is
            # PostgreSQL's: a scan of every row is priced out here, not forbidden)
            cr.execute("SET LOCAL enable_seqscan = off")
            cr.execute(SQL("EXPLAIN %s", query) if isinstance(query, SQL) else "EXPLAIN " + query, params)
            plans[kind].append("\n".join(row[0] for row in cr.fetchall()))
            cr.execute("SET LOCAL enable_seqscan = on")
        for kind, index in expected.items():
            self.assertTrue(plans[kind], f"no lookup {kind} seen")
            for plan in plans[kind]:
                self.assertIn(index, plan, kind)

    def test_the_name_without_its_legal_form_is_looked_up_unordered(self):
        """Whether a few companies or more are named "Hotel Adlon ..." was asked in name order:
        where many contacts share those words, PostgreSQL walked the contacts' index in name
        order from the first contact on (a quarter of a second at 500,000 contacts). 20,000
        companies of those words after 20,000 others (SQL, in the test's transaction), the
        statistics taken: the lookup's plan walks no index in name order."""
        cr = self.env.cr
        cr.execute(
            """
            INSERT INTO res_partner (name, complete_name, active, is_company, type, autopost_bills)
            SELECT prefix || md5(g::text), prefix || md5(g::text), TRUE, TRUE, 'contact', 'ask'
              FROM generate_series(1, 20000) g, (VALUES ('Customer '), ('Hotel Adlon ')) p(prefix)
            """
        )
        cr.execute("ANALYZE res_partner")
        with self.queries_seen() as seen:
            found = self.env["hr.expense"]._ocr_company_by_name_without_form("Hotel Adlon GmbH", [])
        self.assertFalse(found)  # too many to tell
        lookups = [(q, p) for q, p in seen if "Hotel Adlon" in str(q.params if isinstance(q, SQL) else p)]
        self.assertTrue(lookups)
        for query, params in lookups:
            cr.execute(SQL("EXPLAIN %s", query) if isinstance(query, SQL) else "EXPLAIN " + query, params)
            plan = "\n".join(row[0] for row in cr.fetchall())
            self.assertNotIn("complete_name", plan)

    def test_the_contacts_name_index_follows_odoos_unaccent(self):
        """Odoo compares names unaccented where the database has an unaccent function: the
        index is on the unaccented name where PostgreSQL may index it (immutable), none where it
        may not (an index on the plain name would serve no search), on the plain name without
        one; an index built for another case is rebuilt on upgrade. An unaccent of the test's
        own (SQL, in the test's transaction) for the two cases with one."""
        from unittest import mock

        from odoo.modules.registry import _unaccent

        from ..models.hr_expense import PARTNER_NAME_INDEX

        registry = self.env.registry
        if not registry.has_trigram:
            self.skipTest("LOUD SKIP: this PostgreSQL has no pg_trgm: the addon builds no trigram index")
        cr = self.env.cr
        cr.execute("CREATE FUNCTION public.unaccent(text) RETURNS text LANGUAGE sql IMMUTABLE AS 'SELECT $1'")

        def index_after_upgrade(status):
            with (
                mock.patch.object(registry, "has_unaccent", status),
                mock.patch.object(registry, "unaccent", _unaccent if status else (lambda x: x)),
            ):
                self.env["hr.expense"].init()
            cr.execute("SELECT indexdef FROM pg_indexes WHERE indexname = %s", [PARTNER_NAME_INDEX])
            row = cr.fetchone()
            return row and row[0]

        self.assertIn(
            "USING gin (unaccent((name)::text) gin_trgm_ops)", index_after_upgrade(FunctionStatus.INDEXABLE)
        )
        self.assertIsNone(index_after_upgrade(FunctionStatus.PRESENT))
        self.assertIn("USING gin (name gin_trgm_ops)", index_after_upgrade(FunctionStatus.MISSING))
        self.assertIn("unaccent(", index_after_upgrade(FunctionStatus.INDEXABLE))

    def concurrent_write(self, act):
        """Two expenses read alike (Taxi, Cab), committed, neither flagged a duplicate yet;
        ``act(taxi, cab)`` runs in a
        transaction that began before another one changed the cab's row and committed. A
        concurrency error, retried, was first logged by PostgreSQL as a "bad query" with its
        statement: the rows are now locked first, by a statement that is not logged. Two real
        transactions (not the test's), committed data removed after."""
        import psycopg2.errors

        def read_alike(env):
            employee = env["hr.employee"].create({"name": "Concurrent"})
            expenses = env["hr.expense"].create(
                [{"name": name, "employee_id": employee.id} for name in ("Taxi", "Cab")]
            )
            env.cr.execute(
                """UPDATE hr_expense SET ocr_state = 'done', ocr_flag_duplicate = FALSE,
                          ocr_date = '2024-03-15', ocr_total = 31.40, ocr_vendor = 'Taxi Berlin'
                    WHERE id IN %s""",
                [tuple(expenses.ids)],
            )
            return [employee, expenses]

        with (
            self.committed(read_alike) as (database, real_env, [_employee, expense_ids]),
            database.cursor() as job_cr,
            database.cursor() as other_cr,
        ):
            taxi, cab = real_env(job_cr)["hr.expense"].browse(expense_ids)
            self.assertFalse(cab.ocr_flag_duplicate)  # this transaction's snapshot taken
            other_cr.execute("UPDATE hr_expense SET write_date = now() WHERE id = %s", [cab.id])
            other_cr.commit()  # pylint: disable=invalid-commit
            with (
                self.assertNoLogs("odoo.sql_db", "ERROR"),
                self.assertRaises(psycopg2.errors.SerializationFailure),
            ):
                act(taxi, cab)
                taxi.env.flush_all()
            job_cr.rollback()

    def test_a_concurrent_write_fails_the_duplicate_refresh_unlogged(self):
        # the other photo's job changed the cab meanwhile; the refresh flags it
        self.concurrent_write(lambda taxi, cab: cab._ocr_refresh_duplicate_flags())

    def test_a_concurrent_write_fails_the_audits_flag_of_the_other_side_unlogged(self):
        # the cab's owner saved it meanwhile; the taxi's audit flags both
        self.concurrent_write(lambda taxi, cab: taxi._ocr_audit())

    def test_applying_the_receipt_fails_unlogged_when_its_report_changed_meanwhile(self):
        """The amount read written onto an expense updates its report's totals: a report another
        transaction changed meanwhile (another expense of it read by a second job, root.ocr runs
        two) failed that UPDATE, logged by PostgreSQL as a "bad query" with the amounts read.
        The report's row is locked first now, by a statement that is not logged."""
        import psycopg2.errors

        def in_a_report(env):
            employee = env["hr.employee"].create({"name": "Concurrent"})
            expense = env["hr.expense"].create({"name": "Dinner", "employee_id": employee.id})
            sheet = env["hr.expense.sheet"].create(
                {"name": "Trip", "employee_id": employee.id, "expense_line_ids": [(6, 0, expense.ids)]}
            )
            env.cr.execute(
                "UPDATE hr_expense SET ocr_state = 'done', ocr_total = 218.40 WHERE id = %s", [expense.id]
            )
            return [employee, expense, sheet]

        with (
            self.committed(in_a_report) as (database, real_env, [_employee, [expense_id], [sheet_id]]),
            database.cursor() as job_cr,
            database.cursor() as other_cr,
        ):
            expense = real_env(job_cr)["hr.expense"].browse(expense_id)
            self.assertEqual(expense.sheet_id.id, sheet_id)  # this transaction's snapshot taken
            other_cr.execute("UPDATE hr_expense_sheet SET write_date = now() WHERE id = %s", [sheet_id])
            other_cr.commit()  # pylint: disable=invalid-commit
            with (
                self.assertNoLogs("odoo.sql_db", "ERROR"),
                self.assertRaises(psycopg2.errors.SerializationFailure),
            ):
                expense.action_ocr_apply_values()
                expense.env.flush_all()
            job_cr.rollback()

    # ------------------------------------------------------------------
    # Passport expiry
    # ------------------------------------------------------------------
    def test_passport_expiry_is_told_to_the_manager_not_the_coach(self):
        self.employee.write(
            {
                "coach_id": self.employee_2.id,
                "parent_id": False,
                "passport_expiry_date": fields.Date.today() + relativedelta(days=40),
            }
        )
        self.env["hr.employee"]._cron_check_passport_validity()
        activities = self.env["mail.activity"].search(
            [("res_model", "=", "hr.employee"), ("res_id", "=", self.employee.id)]
        )
        self.assertFalse(activities.filtered(lambda a: a.user_id == self.user_employee_2))
