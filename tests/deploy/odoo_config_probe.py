"""Run by an Odoo 18 interpreter: what the image's configuration gives the addon and the job runner.

    python odoo_config_probe.py ODOO_PATH ODOO_CONF ADDONS_PATH

Loads docker/odoo.conf the way odoo-bin does, then the real OCA server_environment
(with RUNNING_ENV and SERVER_ENV_CONFIG_SECRET from the environment) and queue_job's
runner configuration, and prints them as JSON. No database is touched.
"""

import json
import logging
import sys

odoo_path, odoo_conf, addons_path = sys.argv[1:4]
sys.path.insert(0, odoo_path)

from odoo.tools import config  # noqa: E402

config.parse_config(["-c", odoo_conf, "--addons-path", addons_path])

from odoo.modules.module import initialize_sys_path  # noqa: E402

initialize_sys_path()

from odoo import netsvc  # noqa: E402

from odoo.addons.queue_job.jobrunner.runner import _channels  # noqa: E402
from odoo.addons.server_environment.server_env import serv_config  # noqa: E402

netsvc.init_logger()  # the log handlers the configuration sets, as odoo-bin sets them

section = "hr_expense_ocr_audit"
print(
    json.dumps(
        {
            "running_env": config["running_env"],
            "addon": dict(serv_config[section]) if serv_config.has_section(section) else {},
            "channels": _channels(),
            "workers": config["workers"],
            "server_wide_modules": config["server_wide_modules"],
            "list_db": config["list_db"],
            "werkzeug_logs_requests": logging.getLogger("werkzeug").isEnabledFor(logging.INFO),
            "addon_logs_info": logging.getLogger("odoo.addons.hr_expense_ocr_audit").isEnabledFor(
                logging.INFO
            ),
        }
    )
)
