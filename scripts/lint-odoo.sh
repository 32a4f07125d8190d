#!/usr/bin/env bash
# Lint the Odoo addon with pylint-odoo, OCA's mandatory checks.
#
# Uses its own venv (.venv-lint); pass extra pylint options as arguments,
# e.g. scripts/lint-odoo.sh --enable=all to see the optional checks too.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.venv-lint"
LINT_SPECS="${LINT_SPECS:-pylint-odoo>=10,<11 oca-odoo-pre-commit-hooks>=0.2,<0.3}"
unset PYTHONPATH VIRTUAL_ENV
PATH="$(echo "$PATH" | tr ':' '\n' | grep -vxF "$ROOT/.venv/bin" | paste -sd: -)"
PYTHON_BIN="$(command -v python3.11 || command -v python3)"

if [[ ! -x "$VENV/bin/pylint" || "$(cat "$VENV/.stamp" 2>/dev/null)" != "$LINT_SPECS" ]]; then
    rm -rf "$VENV"
    "$PYTHON_BIN" -m venv "$VENV"
    "$VENV/bin/pip" install -q --upgrade pip
    # shellcheck disable=SC2086
    "$VENV/bin/pip" install -q $LINT_SPECS
    echo "$LINT_SPECS" >"$VENV/.stamp"
fi

mkdir -p "$ROOT/var"
RC="$ROOT/var/pylintrc-mandatory"
# OCA's .pylintrc-mandatory (oca-addons-repo-template, Odoo >= 16), with
# this project's author instead of the OCA's. pylint-odoo 10 moved the XML,
# PO and file checks to oca-checks-odoo-module (run below); the enable list
# is filtered to the messages this pylint-odoo knows.
cat >"$RC.in" <<'RC'
[MASTER]
load-plugins=pylint_odoo
score=n

[ODOOLINT]
manifest-required-authors=hr_expense_ocr_audit authors
manifest-required-keys=license
manifest-deprecated-keys=description,active
license-allowed=AGPL-3,GPL-2,GPL-2 or any later version,GPL-3,GPL-3 or any later version,LGPL-3
valid-odoo-versions=18.0

[MESSAGES CONTROL]
disable=all
enable=anomalous-backslash-in-string,
    api-one-deprecated,
    api-one-multi-together,
    assignment-from-none,
    attribute-deprecated,
    class-camelcase,
    dangerous-default-value,
    dangerous-view-replace-wo-priority,
    development-status-allowed,
    duplicate-id-csv,
    duplicate-key,
    duplicate-xml-fields,
    duplicate-xml-record-id,
    eval-referenced,
    eval-used,
    incoherent-interpreter-exec-perm,
    license-allowed,
    manifest-author-string,
    manifest-deprecated-key,
    manifest-required-author,
    manifest-required-key,
    manifest-version-format,
    method-compute,
    method-inverse,
    method-required-super,
    method-search,
    openerp-exception-warning,
    pointless-statement,
    pointless-string-statement,
    print-used,
    redundant-keyword-arg,
    redundant-modulename-xml,
    reimported,
    relative-import,
    return-in-init,
    rst-syntax-error,
    sql-injection,
    too-few-format-args,
    translation-field,
    translation-required,
    unreachable,
    use-vim-comment,
    wrong-tabs-instead-of-spaces,
    xml-syntax-error,
    attribute-string-redundant,
    character-not-valid-in-resource-link,
    consider-merging-classes-inherited,
    context-overridden,
    create-user-wo-reset-password,
    dangerous-filter-wo-user,
    dangerous-qweb-replace-wo-priority,
    deprecated-data-xml-node,
    deprecated-openerp-xml-node,
    duplicate-po-message-definition,
    except-pass,
    file-not-used,
    invalid-commit,
    manifest-maintainers-list,
    missing-newline-extrafiles,
    missing-readme,
    missing-return,
    odoo-addons-relative-import,
    old-api7-method-defined,
    po-msgstr-variables,
    po-syntax-error,
    renamed-field-parameter,
    resource-not-exist,
    str-format-used,
    test-folder-imported,
    translation-contains-variable,
    translation-positional-used,
    unnecessary-utf8-coding-comment,
    website-manifest-key-not-valid-uri,
    xml-attribute-translatable,
    xml-deprecated-qweb-directive,
    xml-deprecated-tree-attribute,
    external-request-timeout

[REPORTS]
msg-template={path}:{line}: [{msg_id}({symbol}), {obj}] {msg}
reports=no
RC

KNOWN="$("$VENV/bin/pylint" --load-plugins=pylint_odoo --list-msgs 2>/dev/null \
    | sed -nE 's/^:([a-z0-9-]+) \(.*/\1/p')"
"$VENV/bin/python" - "$RC.in" "$RC" "$KNOWN" <<'PY'
import re
import sys

source, target, known = sys.argv[1], sys.argv[2], set(sys.argv[3].split())
text = open(source, encoding="utf-8").read()
head, _, tail = text.partition("enable=")
names, _, rest = tail.partition("\n\n")
kept = [n.strip() for n in names.replace("\n", "").split(",") if n.strip() in known]
with open(target, "w", encoding="utf-8") as out:
    out.write(head + "enable=" + ",\n    ".join(kept) + "\n\n" + rest)
PY

cd "$ROOT/addons"
"$VENV/bin/pylint" --rcfile="$RC" "$@" hr_expense_ocr_audit
"$VENV/bin/oca-checks-odoo-module" hr_expense_ocr_audit
"$VENV/bin/oca-checks-po" hr_expense_ocr_audit/i18n/*.pot
echo "lint-odoo: pylint-odoo mandatory checks and OCA module checks passed"
