#!/bin/bash
# Entry point of the Odoo image: write the runtime odoo.conf, then hand over to
# the official image's /entrypoint.sh (database arguments, wait for PostgreSQL).
#
# The master password (database manager) comes from ODOO_ADMIN_PASSWD or from
# the file named by ODOO_ADMIN_PASSWD_FILE (a Docker secret); it is never baked
# into the image. Without one Odoo would keep its well-known default.
set -euo pipefail

template=/etc/odoo/odoo.conf.template
: "${ODOO_RC:=/etc/odoo/odoo.conf}"

if [[ -n "${ODOO_ADMIN_PASSWD_FILE:-}" ]]; then
    ODOO_ADMIN_PASSWD="$(<"${ODOO_ADMIN_PASSWD_FILE}")"
fi
if [[ -z "${ODOO_ADMIN_PASSWD:-}" ]]; then
    echo "odoo-entrypoint: set ODOO_ADMIN_PASSWD (or ODOO_ADMIN_PASSWD_FILE)" >&2
    exit 64
fi
export ODOO_ADMIN_PASSWD

# HTTP workers: the template's, or ODOO_WORKERS (queue_job's jobs run inside them)
if [[ -n "${ODOO_WORKERS:-}" && ! "${ODOO_WORKERS}" =~ ^[1-9][0-9]{0,2}$ ]]; then
    echo "odoo-entrypoint: ODOO_WORKERS must be a number of workers (1-999)" >&2
    exit 64
fi
export ODOO_WORKERS="${ODOO_WORKERS:-}"

# awk reads the password from ENVIRON, so no character in it is interpreted
awk '/^workers *=/ && ENVIRON["ODOO_WORKERS"] != "" { print "workers = " ENVIRON["ODOO_WORKERS"]; next }
     { print }
     /^\[options\]/ && !done { print "admin_passwd = " ENVIRON["ODOO_ADMIN_PASSWD"]; done = 1 }' \
    "${template}" >"${ODOO_RC}"
chmod 600 "${ODOO_RC}"
unset ODOO_ADMIN_PASSWD

exec /entrypoint.sh "$@"
