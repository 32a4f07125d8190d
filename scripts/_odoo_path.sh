# Sourced by scripts/test.sh and scripts/test-odoo.sh: find the Odoo 18 the addon's
# tests run in and export ODOO_PATH.
#
# ODOO_PATH set: used as it is (a folder with odoo-bin, e.g. your own checkout).
# Else: the verified Odoo 18.0 community tarball beside the clone
# (../shared/vendor/odoo-18.0-20250506-trimmed.tar.xz, or ODOO_TARBALL), checked
# against its sha256 and extracted once under ODOO_CACHE_DIR
# (default ~/.cache/hr_expense_ocr_audit, exported: the tours' screenshots go
# there too). Else ODOO_PATH stays unset.
_odoo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export ODOO_CACHE_DIR="${ODOO_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/hr_expense_ocr_audit}"
ODOO_TARBALL_SHA256=2dbe343b4bbaf9f4809a31364a5fd6351a59e78b630e9449c40fea0719c3c9d3
ODOO_TARBALL="${ODOO_TARBALL:-$_odoo_root/../shared/vendor/odoo-18.0-20250506-trimmed.tar.xz}"

_odoo_from_tarball() {
    local dest="$ODOO_CACHE_DIR/odoo-${ODOO_TARBALL_SHA256:0:12}" got top
    if [[ ! -f "$dest/.extracted" ]]; then
        echo "odoo: checking $ODOO_TARBALL" >&2
        got="$(sha256sum "$ODOO_TARBALL" | cut -d' ' -f1)"
        if [[ "$got" != "$ODOO_TARBALL_SHA256" ]]; then
            echo "odoo: $ODOO_TARBALL has sha256 $got, expected $ODOO_TARBALL_SHA256: not used" >&2
            return 1
        fi
        echo "odoo: extracting it into $dest (once)" >&2
        rm -rf "$dest" "$dest.part"
        mkdir -p "$dest.part"
        tar -xJf "$ODOO_TARBALL" -C "$dest.part" || { echo "odoo: extracting failed" >&2; return 1; }
        # odoo-bin at the tarball's top, or inside one folder
        top="$dest.part"
        [[ -f "$top/odoo-bin" ]] || top="$(dirname "$(find "$dest.part" -maxdepth 2 -name odoo-bin | head -1)")"
        mv "$top" "$dest" && rm -rf "$dest.part" && touch "$dest/.extracted"
    fi
    ODOO_PATH="$dest"
    echo "odoo: using the shared Odoo 18.0 tarball, extracted at $ODOO_PATH" >&2
}

if [[ -z "${ODOO_PATH:-}" && -f "$ODOO_TARBALL" ]]; then
    _odoo_from_tarball || ODOO_TARBALL_BAD=1
fi
[[ -n "${ODOO_PATH:-}" ]] && export ODOO_PATH
unset _odoo_root
