# Copyright 2026 hr_expense_ocr_audit authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import time
from datetime import timedelta

from odoo import fields
from odoo.exceptions import UserError

from odoo.addons.queue_job.job import Job

from .common import FakeOcrService, OcrCommon, hanging_service, png_bytes, receipt_fields, trap_jobs


class TestExpenseQueue(OcrCommon):
    def test_upload_queues_one_job(self):
        expense = self.create_expense()
        content = png_bytes("red")
        with trap_jobs() as trap:
            attachment = self.attach(expense, content)
            trap.assert_jobs_count(1)
            trap.assert_enqueued_job(
                expense._ocr_job_scan,
                args=(attachment.id,),
                properties={
                    "channel": "root.ocr",
                    "identity_key": (
                        f"hr_expense_ocr_audit:hr.expense:{expense.id}:{attachment.id}:{attachment.checksum}"
                    ),
                },
            )
            # the same receipt uploaded again: still one job
            self.attach(expense, content)
            trap.assert_jobs_count(1)
        self.assertEqual(expense.ocr_state, "queued")
        self.assertEqual(expense.ocr_checksum, attachment.checksum)

    def test_employee_upload_queues(self):
        expense = self.create_expense().with_user(self.user_employee)
        with trap_jobs() as trap:
            self.env["ir.attachment"].with_user(self.user_employee).create(
                {
                    "name": "taxi.png",
                    "res_model": "hr.expense",
                    "res_id": expense.id,
                    "raw": png_bytes("olive"),
                }
            )
            trap.assert_jobs_count(1)
        self.assertEqual(expense.ocr_state, "queued")
        # the employee may re-scan their own receipt
        with trap_jobs() as trap:
            expense.action_ocr_scan()
            trap.assert_jobs_count(1)
        # a stored job: the employee sees where it stands
        expense.action_ocr_scan()
        self.assertIn("queue", expense.ocr_status_message)

    def test_upload_twice_one_stored_job(self):
        expense = self.create_expense()
        content = png_bytes("orange")
        self.attach(expense, content)
        self.attach(expense, content)
        jobs = (
            self.env["queue.job"]
            .search([("model_name", "=", "hr.expense"), ("method_name", "=", "_ocr_job_scan")])
            .filtered(lambda j: j.records == expense)
        )
        self.assertEqual(len(jobs), 1)
        self.assertEqual(jobs.channel, "root.ocr")
        self.assertEqual(jobs.uuid, expense.ocr_job_uuid)
        # ids only in the job's arguments
        self.assertEqual(jobs.args, [expense.ocr_attachment_id.id])
        self.assertEqual(jobs.kwargs, {})

    def test_job_function_config(self):
        function = self.env["queue.job.function"].search([("name", "=", "<hr.expense>._ocr_job_scan")])
        self.assertEqual(function.channel, "root.ocr")
        self.assertTrue(function.retry_pattern)
        self.assertEqual(function.on_fail_method, "_ocr_job_on_fail")
        pattern = sorted(function.retry_pattern.items())
        self.assertLess(pattern[0][1], pattern[-1][1], "retries back off")

    def test_on_demand_mode(self):
        self.set_param("digitize_mode", "on_demand")
        expense = self.create_expense()
        with trap_jobs() as trap:
            self.attach(expense)
            trap.assert_jobs_count(0)
            self.assertEqual(expense.ocr_state, "not_scanned")
            expense.action_ocr_scan()
            trap.assert_jobs_count(1)
        self.assertEqual(expense.ocr_state, "queued")

    def test_off_mode(self):
        self.set_param("digitize_mode", "off")
        expense = self.create_expense()
        with trap_jobs() as trap:
            self.attach(expense)
            trap.assert_jobs_count(0)
            with self.assertRaises(UserError):
                expense.action_ocr_scan()

    def test_scan_needs_receipt(self):
        with self.assertRaises(UserError):
            self.create_expense().action_ocr_scan()

    def test_list_action_many_expenses(self):
        self.set_param("digitize_mode", "on_demand")
        expenses = self.create_expense() | self.create_expense() | self.create_expense()
        for index, expense in enumerate(expenses[:2]):
            self.attach(expense, png_bytes((index, 10, 10)))
        action = self.env.ref("hr_expense_ocr_audit.hr_expense_action_ocr_scan")
        with trap_jobs() as trap:
            action.with_context(active_model="hr.expense", active_ids=expenses.ids).run()
            trap.assert_jobs_count(2)
        self.assertEqual(expenses.mapped("ocr_state"), ["queued", "queued", "not_scanned"])

    def test_rescan_forces_new_job(self):
        expense = self.create_expense()
        self.attach(expense)
        self.run_job(expense)
        self.assertEqual(expense.ocr_state, "done")
        with trap_jobs() as trap:
            expense.action_ocr_scan()
            trap.assert_jobs_count(1)
        self.assertEqual(expense.ocr_state, "queued")
        self.assertFalse(expense.ocr_total, "old values are cleared on re-scan")

    def test_cron_backlog_and_stuck(self):
        self.set_param("digitize_mode", "on_demand")
        backlog = self.create_expense()
        self.attach(backlog)
        stuck = self.create_expense()
        self.attach(stuck)
        stuck.action_ocr_scan()
        # the job vanished without the ORM knowing (e.g. a restored database)
        self.env.cr.execute("DELETE FROM queue_job WHERE uuid = %s", [stuck.ocr_job_uuid])
        self.env["queue.job"].invalidate_model()
        self.reader_writes(stuck, {"ocr_requested_at": fields.Datetime.now() - timedelta(hours=3)})
        self.set_param("digitize_mode", "auto")
        cron = self.env.ref("hr_expense_ocr_audit.ir_cron_process_pending_ocr")
        self.assertEqual(cron.interval_number, 5)
        self.assertEqual(cron.interval_type, "minutes")
        with trap_jobs() as trap:
            cron.method_direct_trigger()
            trap.assert_jobs_count(2)
        self.assertEqual(backlog.ocr_state, "queued")
        self.assertEqual(stuck.ocr_state, "queued")
        self.assertGreater(stuck.ocr_requested_at, fields.Datetime.now() - timedelta(hours=1))

    def test_the_backlog_search_is_one_query(self):
        """The backlog's "has a receipt" read every expense attachment's owner first and pasted
        their ids into the search (20,000 expenses: 20,000 ids in each scheduled run's query);
        it is a subquery of the attachments now, with the same expenses found."""
        self.set_param("digitize_mode", "on_demand")
        with_file, without_file, scanned = self.create_expense(), self.create_expense(), self.create_expense()
        self.attach(with_file)
        self.attach(scanned)
        self.reader_writes(scanned, {"ocr_state": "done"})
        # a binary field's file is no receipt
        self.env["ir.attachment"].create(
            {
                "name": "x",
                "res_model": "hr.expense",
                "res_id": without_file.id,
                "res_field": "name",
                "raw": b"x",
            }
        )
        Expense = self.env["hr.expense"].sudo()
        self.env.flush_all()
        before = self.env.cr.sql_log_count
        query = Expense._search(Expense._ocr_backlog_domain(), order="id")
        self.assertEqual(self.env.cr.sql_log_count, before, "no query before the search's own")
        self.assertNotIn(with_file.id, query.select().params)
        found = Expense.browse(query)
        self.assertIn(with_file, found)
        self.assertNotIn(without_file, found)
        self.assertNotIn(scanned, found)

    def lose_job(self, expense, hours=3):
        """The expense's job gone without the ORM knowing (found dead by the runner, whose raw
        SQL runs no hook; a restored database), its request made ``hours`` ago."""
        self.env.cr.execute("DELETE FROM queue_job WHERE uuid = %s", [expense.ocr_job_uuid])
        self.env["queue.job"].invalidate_model()
        self.reader_writes(expense, {"ocr_requested_at": fields.Datetime.now() - timedelta(hours=hours)})

    def test_a_lost_job_behind_a_full_batch_of_live_ones_is_found(self):
        """A long outage: the oldest requests all have live jobs, retrying. The batch was taken
        by them before they were left out, and a lost job younger than them never came up."""
        live = self.create_expense() | self.create_expense()
        for index, expense in enumerate(live):
            self.attach(expense, png_bytes((index, 1, 1)))
            self.reader_writes(expense, {"ocr_requested_at": fields.Datetime.now() - timedelta(hours=5)})
        lost = self.create_expense()
        self.attach(lost, png_bytes((9, 1, 1)))
        self.lose_job(lost)
        with trap_jobs() as trap:
            self.env["hr.expense"]._ocr_process_pending_queue(limit=2)
            trap.assert_jobs_count(1)
        self.assertEqual(lost.ocr_jobs_lost, 1)
        self.assertGreater(lost.ocr_requested_at, fields.Datetime.now() - timedelta(hours=1))

    def test_a_document_whose_job_dies_each_time_is_not_sent_for_ever(self):
        """A document that kills its worker each time (over the time limit): the runner finds the
        job dead, with no hook run; the scheduled action sent it again every two hours, for ever.
        Now a few times, then the request fails with what to do."""
        expense = self.create_expense()
        self.attach(expense)
        for attempt in range(1, 4):
            self.lose_job(expense)
            with trap_jobs() as trap:
                self.env["hr.expense"]._ocr_process_pending_queue()
                trap.assert_jobs_count(1)
                job = trap.enqueued_jobs[0]
            self.assertEqual(expense.ocr_jobs_lost, attempt)
            self.reader_writes(expense, {"ocr_job_uuid": job.uuid})
        self.lose_job(expense)
        with trap_jobs() as trap:
            self.env["hr.expense"]._ocr_process_pending_queue()
            trap.assert_jobs_count(0)
        self.assertEqual(expense.ocr_state, "failed")
        self.assertIn("stopped 4 times", expense.ocr_error)
        self.assertFalse(expense.ocr_failure_retryable)
        # Re-scan starts over
        with trap_jobs() as trap:
            expense.action_ocr_scan()
            trap.assert_jobs_count(1)
        self.assertEqual(expense.ocr_jobs_lost, 0)

    def test_an_outages_retries_are_not_counted_as_jobs_lost(self):
        """Three retries after an outage, then one job lost: it was failed at once as a document
        that kills its job. Lost jobs are counted apart."""
        expense = self.create_expense()
        self.attach(expense)
        self.reader_writes(expense, {"ocr_cron_retries": 3})
        self.lose_job(expense)
        with trap_jobs() as trap:
            self.env["hr.expense"]._ocr_process_pending_queue()
            trap.assert_jobs_count(1)
        self.assertEqual(expense.ocr_state, "queued")
        self.assertEqual(expense.ocr_jobs_lost, 1)

    def test_a_job_of_an_older_request_of_the_same_file_does_nothing(self):
        """The file written again in place while its job waited (automatic mode queues a new
        request): the old job, still queued, read it as well, beside the new one."""
        expense = self.create_expense()
        self.attach(expense)
        old_uuid = expense.ocr_job_uuid
        self.reader_writes(expense, {"ocr_job_uuid": "0" * 32})
        result = expense.with_context(job_uuid=old_uuid)._ocr_job_scan(expense.ocr_attachment_id.id)
        self.assertIn("superseded", result)
        self.assertFalse(self.service.requests)

    def test_a_stuck_request_whose_document_is_gone_is_forgotten(self):
        expense = self.create_expense()
        attachment = self.attach(expense)
        self.lose_job(expense)
        # (gone from the expense with no hook run: moved away by SQL, a restored filestore)
        self.env.cr.execute("UPDATE ir_attachment SET res_id = 0 WHERE id = %s", [attachment.id])
        self.env["ir.attachment"].invalidate_model()
        with trap_jobs() as trap:
            self.env["hr.expense"]._ocr_process_pending_queue()
            trap.assert_jobs_count(0)
        self.assertEqual(expense.ocr_state, "not_scanned")

    def test_a_job_requeued_by_hand_reads_the_document(self):
        """An administrator requeues a failed job in the job queue: the record said failed, and
        the job, run again, found it so and did nothing. It waits for the job again now."""
        expense = self.create_expense()
        self.attach(expense)
        self.job_fails(expense, "odoo.addons.queue_job.exception.FailedJobError")
        self.assertEqual(expense.ocr_state, "failed")
        job = self.job_of(expense)
        job.requeue()
        self.assertEqual(job.state, "pending")
        self.assertEqual(expense.ocr_state, "queued")
        self.assertFalse(expense.ocr_error)
        run = Job.load(self.env, expense.ocr_job_uuid)
        run.perform()
        run.set_done()
        run.store()
        self.assertEqual(expense.ocr_state, "done")
        # a job of an older request (the expense scanned again since) changes nothing
        old_job = job
        expense.action_ocr_scan()
        self.assertNotEqual(expense.ocr_job_uuid, old_job.uuid)
        self.job_fails(expense, "odoo.addons.queue_job.exception.FailedJobError")
        old_job.write({"state": "failed"})
        old_job.requeue()
        self.assertEqual(expense.ocr_state, "failed")

    def test_cron_leaves_live_jobs(self):
        expense = self.create_expense()
        self.attach(expense)
        self.reader_writes(expense, {"ocr_requested_at": fields.Datetime.now() - timedelta(hours=3)})
        with trap_jobs() as trap:
            self.env["hr.ocr.history"].process_pending_ocr_queue()
            trap.assert_jobs_count(0)

    def test_cancelled_job_frees_record(self):
        expense = self.create_expense()
        self.attach(expense)
        self.assertEqual(expense.ocr_state, "queued")
        # an administrator cancels the job in the queue
        self.job_of(expense).button_cancelled()
        self.assertEqual(expense.ocr_state, "failed")
        self.assertIn("cancelled", expense.ocr_error)
        self.assertIn("Re-scan", expense.ocr_error)
        self.assertFalse(expense.ocr_failure_retryable, "an administrator's decision is not retried")
        with trap_jobs() as trap:
            expense.action_ocr_scan()
            trap.assert_jobs_count(1)
        self.assertEqual(expense.ocr_state, "queued")

    def test_deleted_job_frees_record(self):
        expense = self.create_expense()
        self.attach(expense)
        self.job_of(expense).unlink()
        self.assertEqual(expense.ocr_state, "failed")
        self.assertIn("deleted", expense.ocr_error)

    def test_job_ended_by_hand_frees_record(self):
        expense = self.create_expense()
        self.attach(expense)
        self.job_of(expense).button_done()
        self.assertEqual(expense.ocr_state, "failed")
        self.assertIn("Re-scan", expense.ocr_error)

    @staticmethod
    def runner_performs(job):
        """What the runner does with a job that succeeds: started, performed, done, stored."""
        job.set_started()
        job.perform()
        job.set_done()
        job.store()

    def copy_stays_while_the_read_file_goes(self, away):
        """The file a job was to read goes (``away(attachment)``) while a copy of it stays on
        the expense; the job then runs. The expense still waited for the job, which found its
        file gone and did nothing, and the job's end marked the expense failed, "marked done
        in the job queue without being read". The copy is the same document: it is read."""
        expense = self.create_expense()
        content = png_bytes((1, 2, 3))
        first = self.attach(expense, content)
        self.assertEqual(expense.ocr_state, "queued")
        job = Job.load(self.env, expense.ocr_job_uuid)
        self.attach(expense, content, name="copy.png")
        away(first)
        self.assertEqual(expense.ocr_state, "queued")
        self.runner_performs(job)
        self.assertEqual(expense.ocr_state, "done", expense.ocr_error)
        self.assertEqual(expense.ocr_total, 42.50)

    def test_a_receipt_moved_away_while_its_copy_stays_is_read(self):
        self.copy_stays_while_the_read_file_goes(
            lambda first: first.write({"res_id": self.create_expense(name="Other").id})
        )

    def test_a_receipt_deleted_while_its_copy_stays_is_read(self):
        self.copy_stays_while_the_read_file_goes(lambda first: first.unlink())

    def test_performed_job_leaves_result(self):
        expense = self.create_expense()
        self.attach(expense)
        self.runner_performs(Job.load(self.env, expense.ocr_job_uuid))
        self.assertEqual(expense.ocr_state, "done")
        self.assertFalse(expense.ocr_error)

    def fail_for_good(self, expense, exc_name="odoo.addons.queue_job.exception.FailedJobError"):
        """What the runner does when the job's last attempt fails."""
        self.job_fails(expense, exc_name)
        self.reader_writes(expense, {"ocr_requested_at": fields.Datetime.now() - timedelta(hours=1)})

    def test_cron_retries_temporary_failures_with_cap(self):
        expense = self.create_expense()
        self.attach(expense)
        self.fail_for_good(expense)
        self.assertEqual(expense.ocr_state, "failed")
        self.assertTrue(expense.ocr_failure_retryable)
        History = self.env["hr.ocr.history"]
        for attempt in range(1, 4):
            with trap_jobs() as trap:
                History.process_pending_ocr_queue()
                trap.assert_jobs_count(1)
            self.assertEqual(expense.ocr_state, "queued")
            self.assertEqual(expense.ocr_cron_retries, attempt)
            self.fail_for_good(expense)
        # the cap is reached: the record stays failed, Re-scan is the way out
        with trap_jobs() as trap:
            History.process_pending_ocr_queue()
            trap.assert_jobs_count(0)
        self.assertEqual(expense.ocr_state, "failed")
        # a person's Re-scan starts the count again
        expense.action_ocr_scan()
        self.assertEqual(expense.ocr_cron_retries, 0)

    def test_a_long_outage_uses_up_none_of_the_rounds(self):
        """The scheduled action queued a request failed on an outage again three times, the
        service down or not: an outage of more than about eight hours (a weekend) left it failed
        for good. Now a round is counted only when the service says it is ready."""
        expense = self.create_expense()
        self.attach(expense)
        self.fail_for_good(expense)
        History = self.env["hr.ocr.history"]
        self.service.readiness = (503, {"status": "loading", "ready": False})
        for _run in range(5):
            with trap_jobs() as trap:
                History.process_pending_ocr_queue()
                trap.assert_jobs_count(0)
        self.assertEqual(expense.ocr_state, "failed")
        self.assertEqual(expense.ocr_cron_retries, 0)
        self.assertTrue(expense.ocr_failure_retryable)
        # nor when the service cannot be reached at all
        self.set_param("ocr_api_url", "http://127.0.0.1:9")
        with trap_jobs() as trap:
            History.process_pending_ocr_queue()
            trap.assert_jobs_count(0)
        # the service is back and ready
        self.set_param("ocr_api_url", self.service.url)
        self.service.readiness = FakeOcrService.READY
        with trap_jobs() as trap:
            History.process_pending_ocr_queue()
            trap.assert_jobs_count(1)
        self.assertEqual(expense.ocr_state, "queued")
        self.assertEqual(expense.ocr_cron_retries, 1)

    def test_a_service_that_hangs_holds_the_scheduled_action_seconds_only(self):
        """The readiness check waited the documents' timeout (75 s by default) on a service that
        hangs, each run."""
        expense = self.create_expense()
        self.attach(expense)
        self.fail_for_good(expense)
        self.set_param("ocr_timeout", "120")
        with hanging_service() as url:
            self.set_param("ocr_api_url", url)
            started = time.monotonic()
            with trap_jobs() as trap:
                self.env["hr.ocr.history"].process_pending_ocr_queue()
                trap.assert_jobs_count(0)
            took = time.monotonic() - started
        self.assertLess(took, 30)
        self.assertEqual(expense.ocr_cron_retries, 0)

    def test_a_request_failed_on_a_setting_is_sent_again_once_it_is_corrected(self):
        """A URL that is no URL, a token refused, a wrong path: failed for good, and once the
        administrator corrected the setting nothing queued the request again but Re-scan."""
        History = self.env["hr.ocr.history"]
        expense = self.create_expense()
        self.attach(expense)
        self.set_param("ocr_api_url", "ocr.example.internal:8000")  # the scheme forgotten
        self.run_job(expense)
        self.assertEqual(expense.ocr_state, "failed")
        self.assertFalse(expense.ocr_failure_retryable)
        self.assertIn("settings are corrected", expense.ocr_error)
        with trap_jobs() as trap:
            History.process_pending_ocr_queue()  # the same settings: nothing to try
            trap.assert_jobs_count(0)
        self.set_param("ocr_api_url", self.service.url)
        with trap_jobs() as trap:
            History.process_pending_ocr_queue()
            trap.assert_jobs_count(1)
        self.assertEqual(expense.ocr_state, "queued")
        self.assertEqual(expense.ocr_cron_retries, 0, "a setting corrected is no round")
        self.assertFalse(expense.ocr_config_failure)

        # the token refused (rotated on the service), then a wrong path: once per change
        other = self.create_expense()
        self.attach(other, png_bytes("olive"))
        self.service.push(401, {"error": {"code": "unauthorized", "message": "x"}})
        self.run_job(other)
        self.assertIn("API token", other.ocr_error)
        self.set_param("ocr_api_token", "rotated")
        self.service.readiness = (503, {"status": "loading", "ready": False})
        with trap_jobs() as trap:
            History.process_pending_ocr_queue()  # not while the service is not ready
            trap.assert_jobs_count(0)
        self.service.readiness = FakeOcrService.READY
        with trap_jobs() as trap:
            History.process_pending_ocr_queue()
            trap.assert_jobs_count(1)
        self.service.push(404, {"error": {"code": "not_found", "message": "x"}})
        self.run_job(other)
        self.assertEqual(other.ocr_state, "failed")
        self.assertIn("does not lead to the OCR service", other.ocr_error)
        with trap_jobs() as trap:
            History.process_pending_ocr_queue()  # failed on these very settings: not again
            trap.assert_jobs_count(0)
        # a document the service refused is no setting
        refused = self.create_expense()
        self.attach(refused, png_bytes("plum"))
        self.service.push(415, {"error": {"code": "unsupported_media_type", "message": "x"}})
        self.run_job(refused)
        self.assertFalse(refused.ocr_config_failure)
        self.set_param("ocr_api_token", "rotated-again")
        with trap_jobs() as trap:
            History.process_pending_ocr_queue()
            trap.assert_jobs_count(1)  # the 404's request, not the refused document
        self.assertEqual(other.ocr_state, "queued")
        self.assertEqual(refused.ocr_state, "failed")

    def test_a_request_failed_on_a_proxy_fault_since_mended_is_sent_again(self):
        """A fault on the way that no setting of Odoo's shows (the proxy's certificate expired,
        its location wrong, the token it passes on rotated), mended there: the requests failed
        on it waited for a Re-scan each, the settings being unchanged. Now they are queued again,
        a few rounds at most, once a request with these settings is taken, and never before."""
        History = self.env["hr.ocr.history"]
        expense = self.create_expense()
        self.attach(expense)
        self.set_param("ocr_api_token", "the-token")
        self.addCleanup(setattr, self.service, "token", self.service.token)
        self.service.token = "not-the-same"  # what the proxy passes on, before its fix
        self.service.push(401, {"error": {"code": "unauthorized", "message": "x"}})
        self.run_job(expense)
        self.assertEqual(expense.ocr_state, "failed")
        self.assertTrue(expense.ocr_config_failure)
        with trap_jobs() as trap:
            History.process_pending_ocr_queue()  # just failed: not at once
            trap.assert_jobs_count(0)
        self.reader_writes(expense, {"ocr_requested_at": fields.Datetime.now() - timedelta(hours=1)})
        with trap_jobs() as trap:
            History.process_pending_ocr_queue()  # the token is still refused: not again
            trap.assert_jobs_count(0)
        self.assertEqual(expense.ocr_state, "failed")
        self.service.readiness = (503, {"status": "loading", "ready": False})
        self.service.token = "the-token"  # mended on the proxy's side
        with trap_jobs() as trap:
            History.process_pending_ocr_queue()  # not while the service is not ready
            trap.assert_jobs_count(0)
        self.service.readiness = FakeOcrService.READY
        for attempt in range(1, 4):
            with trap_jobs() as trap:
                History.process_pending_ocr_queue()
                trap.assert_jobs_count(1)
            self.assertEqual(expense.ocr_state, "queued")
            self.assertEqual(expense.ocr_cron_retries, attempt)
            # it fails again on these settings (a fault the check does not see): counted
            self.service.push(404, {"error": {"code": "not_found", "message": "x"}})
            self.run_job(expense)
            self.assertEqual(expense.ocr_state, "failed")
            self.reader_writes(expense, {"ocr_requested_at": fields.Datetime.now() - timedelta(hours=1)})
        with trap_jobs() as trap:
            History.process_pending_ocr_queue()  # its rounds used up: Re-scan is the way out
            trap.assert_jobs_count(0)
        # mended for good: read
        self.service.push(200, receipt_fields())
        expense.action_ocr_scan()
        self.assertEqual(expense.ocr_cron_retries, 0)
        self.run_job(expense)
        self.assertEqual(expense.ocr_state, "done", expense.ocr_error)

    def test_cron_waits_before_retrying(self):
        expense = self.create_expense()
        self.attach(expense)
        self.job_fails(expense, "odoo.addons.queue_job.exception.FailedJobError")
        with trap_jobs() as trap:
            self.env["hr.ocr.history"].process_pending_ocr_queue()
            trap.assert_jobs_count(0)

    def test_cron_never_retries_refused_documents(self):
        expense = self.create_expense()
        self.attach(expense)
        self.service.push(415, {"error": {"code": "unsupported_media_type", "message": "x"}})
        self.run_job(expense)
        self.assertEqual(expense.ocr_state, "failed")
        self.reader_writes(expense, {"ocr_requested_at": fields.Datetime.now() - timedelta(days=1)})
        unexpected = self.create_expense()
        self.attach(unexpected, png_bytes("pink"))
        self.fail_for_good(unexpected, exc_name="builtins.KeyError")
        with trap_jobs() as trap:
            self.env["hr.ocr.history"].process_pending_ocr_queue()
            trap.assert_jobs_count(0)

    def test_cron_leaves_started_jobs(self):
        expense = self.create_expense()
        self.attach(expense)
        job = Job.load(self.env, expense.ocr_job_uuid)
        job.set_started()
        job.store()
        self.reader_writes(
            expense,
            {"ocr_state": "processing", "ocr_requested_at": fields.Datetime.now() - timedelta(hours=3)},
        )
        with trap_jobs() as trap:
            self.env["hr.ocr.history"].process_pending_ocr_queue()
            trap.assert_jobs_count(0)
        self.assertEqual(self.job_of(expense).state, "started")

    def test_no_second_job_while_reading(self):
        expense = self.create_expense()
        self.attach(expense)
        job = Job.load(self.env, expense.ocr_job_uuid)
        job.set_started()
        job.store()
        self.reader_writes(expense, {"ocr_state": "processing"})
        jobs_before = self.env["queue.job"].search_count([])
        action = expense.action_ocr_scan()
        self.assertIn("already being read", action["params"]["message"])
        self.assertEqual(self.env["queue.job"].search_count([]), jobs_before)
        self.assertEqual(expense.ocr_state, "processing")

    def test_result_after_submission_still_audits_the_date(self):
        # submitted before the job ran: nothing is filled, and a default date that is not the
        # receipt's is reported, as an amount is
        expense = self.create_expense(total_amount_currency=12.0)
        self.attach(expense)
        sheet = self.env["hr.expense.sheet"].create(
            {"name": "May", "employee_id": self.employee.id, "expense_line_ids": [(6, 0, expense.ids)]}
        )
        sheet.action_submit_sheet()
        self.service.push(200, receipt_fields(total="12.00", date="2024-03-15"))
        self.run_job(expense)
        self.assertEqual(expense.state, "submitted")
        self.assertNotEqual(expense.date, fields.Date.to_date("2024-03-15"))
        self.assertTrue(expense.ocr_flag_date)
        self.assertFalse(expense.ocr_flag_amount)
        self.assertEqual(expense.ocr_audit_status, "mismatch")

    def test_no_scan_once_submitted(self):
        expense = self.create_expense(total_amount_currency=10.0)
        self.attach(expense)
        self.service.push(200, receipt_fields(total="12.00"))
        self.run_job(expense)
        self.assertTrue(expense.ocr_flag_amount)
        sheet = self.env["hr.expense.sheet"].create(
            {"name": "May", "employee_id": self.employee.id, "expense_line_ids": [(6, 0, expense.ids)]}
        )
        sheet.action_submit_sheet()
        self.assertEqual(expense.state, "submitted")
        for user in (self.user_employee, self.user_expense_manager):
            with self.assertRaises(UserError):
                expense.with_user(user).action_ocr_scan()
            # the audit the approver relies on is untouched
            self.assertTrue(expense.ocr_flag_amount)
            self.assertEqual(expense.ocr_total, 12.00)
            self.assertEqual(expense.ocr_state, "done")
        sheet.action_approve_expense_sheets()
        self.assertEqual(expense.state, "approved")
        with self.assertRaises(UserError):
            expense.action_ocr_scan()
        self.assertTrue(expense.ocr_flag_amount)
        # nor does the scheduled action send it again
        self.reader_writes(expense, {"ocr_state": "failed", "ocr_failure_retryable": True})
        self.reader_writes(expense, {"ocr_requested_at": fields.Datetime.now() - timedelta(hours=1)})
        with trap_jobs() as trap:
            self.env["hr.ocr.history"].process_pending_ocr_queue()
            trap.assert_jobs_count(0)
