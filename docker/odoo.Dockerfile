# syntax=docker/dockerfile:1
#
# The Odoo image: official Odoo 18.0, OCA queue_job and server_environment from
# PyPI, the hr_expense_ocr_audit addon and the server_env/ settings.
# Build from the repository root:  docker build -f docker/odoo.Dockerfile -t hr-expense-ocr/odoo .

ARG ODOO_IMAGE=odoo:18.0
FROM ${ODOO_IMAGE}

# Exact releases of the OCA 18.0 series; bump them deliberately.
ARG QUEUE_JOB_VERSION=18.0.4.1.2.2
ARG SERVER_ENVIRONMENT_VERSION=18.0.1.1.5

USER 0

# --no-deps: the wheels require the "odoo" distribution, which the image has as a
# Debian package, not as pip metadata. --target keeps them out of the system
# Python (Ubuntu marks it externally managed) in an addons folder of their own.
RUN pip3 install --no-cache-dir --no-deps --target /opt/odoo/oca \
        "odoo-addon-queue-job==${QUEUE_JOB_VERSION}" \
        "odoo-addon-server-environment==${SERVER_ENVIRONMENT_VERSION}" \
    && mkdir -p /opt/odoo/addons-project \
    && ln -s /opt/odoo/oca/odoo/addons /opt/odoo/addons-oca \
    && test -f /opt/odoo/addons-oca/queue_job/__manifest__.py \
    && test -f /opt/odoo/addons-oca/server_environment/__manifest__.py

COPY addons/hr_expense_ocr_audit/ /opt/odoo/addons-project/hr_expense_ocr_audit/
# server_environment imports its settings folder as the module server_environment_files
COPY server_env/ /opt/odoo/addons-project/server_environment_files/
COPY docker/odoo.conf /etc/odoo/odoo.conf.template
COPY --chmod=0755 docker/odoo-entrypoint.sh /usr/local/bin/odoo-entrypoint

# which server_env/ folder applies: default (OCR service on this host), prod (on
# its own host, behind TLS) or dev
ENV RUNNING_ENV=default

# The official image creates "odoo" with whatever system uid its Debian package
# picks, so the name is the only stable way to refer to it (DL3066).
# hadolint ignore=DL3066
USER odoo

# /web/health answers without a database once the HTTP workers are up
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD ["curl", "--fail", "--silent", "--show-error", "--max-time", "4", "http://127.0.0.1:8069/web/health"]

ENTRYPOINT ["/usr/local/bin/odoo-entrypoint"]
CMD ["odoo"]
