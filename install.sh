#!/usr/bin/env bash
# install.sh: build (or take prebuilt) nimbusd and nimbus and install them, optionally as a
# systemd service. Safe to re-run: it never duplicates the service user or overwrites an
# existing /etc/nimbus/nimbusd.toml. Run `./install.sh --help` for the options.
#
# Works with bash 3.2 (macOS) and later; --systemd is Linux only. On Windows use install.ps1.

set -euo pipefail

PROG=${0##*/}
SCRIPT_DIR=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd -P)

SERVICE=nimbusd.service
SERVICE_USER=nimbus
SERVICE_GROUP=nimbus
CONFIG_DIR=/etc/nimbus
CONFIG_FILE=$CONFIG_DIR/nimbusd.toml
DATA_DIR=/var/lib/nimbus
UNIT_SRC=$SCRIPT_DIR/packaging/nimbusd.service
UNIT_DST=/etc/systemd/system/$SERVICE
BINARIES="nimbusd nimbus"
# completion source (relative to completions/) and destination (relative to the prefix)
COMPLETIONS="nimbus.bash:share/bash-completion/completions/nimbus
_nimbus:share/zsh/site-functions/_nimbus
nimbus.fish:share/fish/vendor_completions.d/nimbus.fish"

usage() {
    cat <<EOF
Usage: $PROG [OPTIONS]

Build the Nimbus binaries (nimbusd, the daemon, and nimbus, the CLI) and install them.

Options:
  --prefix DIR    Install into DIR/bin (and DIR/share for shell completions).
                  Default: /usr/local when run as root or with --systemd,
                  otherwise \$HOME/.local.
  --bin-dir DIR   Do not build: install the prebuilt nimbusd and nimbus found in DIR.
  --no-build      Same as --bin-dir target/release (next to this script).
  --systemd       Linux, as root: also set up nimbusd as a system service: the
                  'nimbus' system user and group, $CONFIG_DIR (0750 root:nimbus) with
                  an example nimbusd.toml if there is none yet, $DATA_DIR
                  (0700 nimbus:nimbus) and $UNIT_DST, enabled but
                  not started (the database must be initialised first).
  --uninstall     Remove the binaries and shell completions from the prefix; with
                  --systemd also stop, disable and remove the service. The
                  configuration, the data and the nimbus user are kept.
  --dry-run       Print each action instead of doing it (does not need root).
  -h, --help      Show this help and exit.

By default the binaries are built with
  cargo build --release --locked -p nimbus-daemon -p nimbus-cli
in $SCRIPT_DIR. Shell completions from completions/ (nimbus.bash, _nimbus,
nimbus.fish) are installed when present.

Progress and errors go to standard error, the final summary to standard output.

Examples:
  ./install.sh                                  build, install into ~/.local
  cargo build --release --locked -p nimbus-daemon -p nimbus-cli
  sudo ./install.sh --no-build --systemd        install as a service into /usr/local
  sudo ./install.sh --uninstall --systemd       remove it again (keeps config and data)
EOF
}

say() { printf '%s: %s\n' "$PROG" "$*" >&2; }
warn() { printf '%s: warning: %s\n' "$PROG" "$*" >&2; }
die() {
    printf '%s: error: %s\n' "$PROG" "$1" >&2
    exit "${2:-1}"
}
usage_error() { die "$1 (see $PROG --help)" 2; }

# A command line, shell-quoted for display.
quoted() {
    local out="" arg
    for arg in "$@"; do
        out="$out $(printf '%q' "$arg")"
    done
    printf '%s' "${out# }"
}

DRY_RUN=0
# Runs a command, or only prints it under --dry-run.
run() {
    if [ "$DRY_RUN" = 1 ]; then
        printf '%s: [dry-run] %s\n' "$PROG" "$(quoted "$@")" >&2
    else
        "$@"
    fi
}

# Scratch files live in one directory that is removed on exit.
SCRATCH_DIR=""
SCRATCH_SEQ=0
SCRATCH=""
cleanup() {
    if [ -n "$SCRATCH_DIR" ]; then
        rm -rf -- "$SCRATCH_DIR"
    fi
}
trap cleanup EXIT
# Sets SCRATCH to a new path in SCRATCH_DIR. Call it directly, never inside $(...) or a
# pipeline: assignments made there are lost, and the trap would miss the directory.
new_scratch() {
    if [ -z "$SCRATCH_DIR" ]; then
        SCRATCH_DIR=$(mktemp -d "${TMPDIR:-/tmp}/nimbus-install.XXXXXX")
    fi
    SCRATCH_SEQ=$((SCRATCH_SEQ + 1))
    SCRATCH=$SCRATCH_DIR/file.$SCRATCH_SEQ
}

is_root() { [ "$(id -u)" -eq 0 ]; }

# ---------------------------------------------------------------------------------------------
# Arguments

PREFIX=""
BIN_DIR=""
NO_BUILD=0
SYSTEMD=0
UNINSTALL=0

need_value() {
    if [ "$2" -lt 2 ]; then
        usage_error "$1 needs a value"
    fi
}

while [ $# -gt 0 ]; do
    case $1 in
    --prefix)
        need_value "$1" $#
        PREFIX=$2
        shift 2
        ;;
    --prefix=*)
        PREFIX=${1#*=}
        shift
        ;;
    --bin-dir)
        need_value "$1" $#
        BIN_DIR=$2
        shift 2
        ;;
    --bin-dir=*)
        BIN_DIR=${1#*=}
        shift
        ;;
    --no-build)
        NO_BUILD=1
        shift
        ;;
    --systemd)
        SYSTEMD=1
        shift
        ;;
    --uninstall)
        UNINSTALL=1
        shift
        ;;
    --dry-run)
        DRY_RUN=1
        shift
        ;;
    -h | --help)
        usage
        exit 0
        ;;
    *)
        usage_error "unknown argument: $1"
        ;;
    esac
done

if [ "$NO_BUILD" = 1 ] && [ -n "$BIN_DIR" ]; then
    usage_error "--no-build and --bin-dir cannot be combined (--no-build means --bin-dir $SCRIPT_DIR/target/release)"
fi
if [ "$NO_BUILD" = 1 ]; then
    BIN_DIR=$SCRIPT_DIR/target/release
fi
if [ -n "$BIN_DIR" ] && [ "$UNINSTALL" = 1 ]; then
    warn "--bin-dir/--no-build have no effect with --uninstall"
fi

case $(uname -s) in
MINGW* | MSYS* | CYGWIN* | Windows_NT)
    die "on Windows use install.ps1 (PowerShell): powershell -ExecutionPolicy Bypass -File install.ps1"
    ;;
esac

if [ -z "$PREFIX" ]; then
    if is_root || [ "$SYSTEMD" = 1 ]; then
        PREFIX=/usr/local
    else
        [ -n "${HOME:-}" ] || die "HOME is not set; pass --prefix"
        PREFIX=$HOME/.local
    fi
fi
[ -n "$PREFIX" ] || usage_error "--prefix must not be empty"
case $PREFIX in
/*) ;;
*) PREFIX=$PWD/$PREFIX ;;
esac
# Drop trailing slashes (but keep "/").
while [ "${PREFIX%/}" != "$PREFIX" ] && [ "$PREFIX" != / ]; do
    PREFIX=${PREFIX%/}
done
BINDIR=${PREFIX%/}/bin

if [ "$SYSTEMD" = 1 ]; then
    [ "$(uname -s)" = Linux ] || die "--systemd is only supported on Linux"
    if ! is_root; then
        if [ "$DRY_RUN" = 1 ]; then
            warn "not running as root: printing the plan only; the real run with --systemd needs root (sudo)"
        else
            die "--systemd needs root: re-run with sudo (build first as your user, then: sudo $0 --no-build --systemd)"
        fi
    fi
    if [ ! -d /run/systemd/system ] || ! command -v systemctl >/dev/null 2>&1; then
        if [ "$DRY_RUN" = 1 ]; then
            warn "systemd does not seem to be running on this machine (no /run/systemd/system or systemctl)"
        else
            die "--systemd: systemd does not seem to be running on this machine (no /run/systemd/system or systemctl)"
        fi
    fi
    # The path goes into ExecStart= unquoted: keep it free of whitespace, quotes, % specifiers and $.
    case $BINDIR in
    *[!A-Za-z0-9._/+@-]*)
        die "--systemd: the install directory $BINDIR contains characters that cannot be used in a systemd unit; choose another --prefix"
        ;;
    esac
    # ProtectHome=true hides these from the service.
    case $BINDIR/ in
    /home/* | /root/* | /run/user/*)
        die "--systemd: $BINDIR is hidden from the service by ProtectHome=true; use a prefix such as /usr/local or /opt/nimbus"
        ;;
    esac
fi

# ---------------------------------------------------------------------------------------------
# Uninstall

uninstall() {
    local name src_dst dst found=0

    if [ "$SYSTEMD" = 1 ]; then
        if [ -e "$UNIT_DST" ] || [ -L "$UNIT_DST" ]; then
            say "stopping and disabling $SERVICE"
            run systemctl disable --now "$SERVICE"
            say "removing $UNIT_DST"
            run rm -f -- "$UNIT_DST"
            run systemctl daemon-reload
            if [ "$DRY_RUN" = 1 ]; then
                run systemctl reset-failed "$SERVICE"
            else
                systemctl reset-failed "$SERVICE" >/dev/null 2>&1 || true
            fi
        else
            say "no $UNIT_DST: the service is not installed"
        fi
    elif [ -e "$UNIT_DST" ]; then
        warn "$UNIT_DST is still installed; add --systemd to stop and remove the service too"
    fi

    for name in $BINARIES; do
        dst=$BINDIR/$name
        if [ -e "$dst" ] || [ -L "$dst" ]; then
            say "removing $dst"
            run rm -f -- "$dst"
            found=1
        else
            say "$dst is not installed"
        fi
    done

    while IFS= read -r src_dst; do
        dst=${PREFIX%/}/${src_dst#*:}
        if [ -e "$dst" ] || [ -L "$dst" ]; then
            say "removing $dst"
            run rm -f -- "$dst"
        fi
    done <<EOF
$COMPLETIONS
EOF

    echo
    if [ "$DRY_RUN" = 1 ]; then
        echo "Dry run: nothing was changed."
    elif [ "$found" = 1 ]; then
        echo "Uninstalled nimbusd and nimbus from $BINDIR."
    else
        echo "Nothing to uninstall in $BINDIR."
    fi
    if [ "$SYSTEMD" = 1 ]; then
        echo "Kept the configuration ($CONFIG_DIR), the data ($DATA_DIR: database and master key)"
        echo "and the $SERVICE_USER user. To erase them too (irreversible):"
        echo "  sudo rm -rf $CONFIG_DIR $DATA_DIR && sudo userdel $SERVICE_USER"
    else
        echo "Configuration and data (e.g. ~/.config/nimbus, ~/.local/share/nimbus) were left in place."
    fi
}

if [ "$UNINSTALL" = 1 ]; then
    uninstall
    exit 0
fi

# ---------------------------------------------------------------------------------------------
# Binaries

if [ -z "$BIN_DIR" ]; then
    command -v cargo >/dev/null 2>&1 ||
        die "cargo not found on PATH. Install Rust (https://rustup.rs) or, if you built the binaries already (e.g. as another user before sudo), use --no-build or --bin-dir DIR"
    [ -f "$SCRIPT_DIR/Cargo.toml" ] ||
        die "no Cargo.toml in $SCRIPT_DIR: run install.sh from the source tree, or pass --bin-dir DIR"
    if is_root && [ "$DRY_RUN" = 0 ]; then
        warn "building as root leaves root-owned files in target/; you can build as your user and run 'sudo $0 --no-build' instead"
    fi
    say "building (this can take several minutes)"
    if [ "$DRY_RUN" = 1 ]; then
        run cd "$SCRIPT_DIR"
        run cargo build --release --locked -p nimbus-daemon -p nimbus-cli
    else
        (cd "$SCRIPT_DIR" && cargo build --release --locked -p nimbus-daemon -p nimbus-cli) ||
            die "cargo build failed"
    fi
    target_dir=${CARGO_TARGET_DIR:-target}
    case $target_dir in
    /*) ;;
    *) target_dir=$SCRIPT_DIR/$target_dir ;;
    esac
    BIN_DIR=$target_dir/release
    if [ "$DRY_RUN" = 0 ] && [ ! -x "$BIN_DIR/nimbusd" ]; then
        die "the build succeeded but $BIN_DIR/nimbusd is missing (custom build.target-dir?); run again with --bin-dir DIR"
    fi
else
    # Prebuilt binaries: check them even under --dry-run, the real run would fail without them.
    case $BIN_DIR in
    /*) ;;
    *) BIN_DIR=$PWD/$BIN_DIR ;;
    esac
    if [ ! -d "$BIN_DIR" ]; then
        if [ "$NO_BUILD" = 1 ]; then
            die "$BIN_DIR does not exist: build first with 'cargo build --release --locked -p nimbus-daemon -p nimbus-cli'"
        fi
        die "$BIN_DIR does not exist"
    fi
    for name in $BINARIES; do
        if [ ! -f "$BIN_DIR/$name" ] || [ ! -x "$BIN_DIR/$name" ]; then
            if [ "$NO_BUILD" = 1 ]; then
                die "$BIN_DIR/$name not found or not executable: build first with 'cargo build --release --locked -p nimbus-daemon -p nimbus-cli'"
            fi
            die "$BIN_DIR/$name not found or not executable"
        fi
    done
fi

INSTALLED=""
installed() {
    INSTALLED="$INSTALLED  $1
"
}

say "installing into $BINDIR"
run install -d -m 0755 "$BINDIR"
for name in $BINARIES; do
    if [ -e "$BINDIR/$name" ] && [ "$BIN_DIR/$name" -ef "$BINDIR/$name" ]; then
        say "$BINDIR/$name is the source binary itself; leaving it"
    else
        run install -m 0755 "$BIN_DIR/$name" "$BINDIR/$name"
    fi
    installed "$BINDIR/$name"
done

# ---------------------------------------------------------------------------------------------
# Shell completions

if [ -d "$SCRIPT_DIR/completions" ]; then
    while IFS= read -r src_dst; do
        src=$SCRIPT_DIR/completions/${src_dst%%:*}
        dst=${PREFIX%/}/${src_dst#*:}
        [ -f "$src" ] || continue
        say "installing completion $dst"
        run install -d -m 0755 "${dst%/*}"
        run install -m 0644 "$src" "$dst"
        installed "$dst"
    done <<EOF
$COMPLETIONS
EOF
fi

# ---------------------------------------------------------------------------------------------
# systemd

# Writes standard input to $1 with mode $2 (further arguments go to install, e.g. -o/-g).
write_file() {
    local dst=$1 mode=$2
    shift 2
    if [ "$DRY_RUN" = 1 ]; then
        cat >/dev/null
        printf '%s: [dry-run] write %s (mode %s%s)\n' "$PROG" "$dst" "$mode" "${*:+, install $*}" >&2
        return 0
    fi
    new_scratch
    cat >"$SCRATCH"
    install -m "$mode" "$@" "$SCRATCH" "$dst"
}

nologin_shell() {
    local sh
    for sh in /usr/sbin/nologin /sbin/nologin /usr/bin/nologin; do
        if [ -x "$sh" ]; then
            printf '%s' "$sh"
            return 0
        fi
    done
    printf '%s' /bin/false
}

setup_systemd() {
    local unit

    [ -f "$UNIT_SRC" ] || die "$UNIT_SRC is missing; run install.sh from the source tree"

    if getent group "$SERVICE_GROUP" >/dev/null 2>&1; then
        say "group $SERVICE_GROUP exists"
    else
        say "creating system group $SERVICE_GROUP"
        run groupadd --system "$SERVICE_GROUP"
    fi
    if id -u "$SERVICE_USER" >/dev/null 2>&1; then
        say "user $SERVICE_USER exists; leaving it as it is"
    else
        say "creating system user $SERVICE_USER (home $DATA_DIR, no login shell)"
        run useradd --system --gid "$SERVICE_GROUP" --home-dir "$DATA_DIR" --no-create-home \
            --shell "$(nologin_shell)" --comment "Nimbus control plane" "$SERVICE_USER"
    fi

    say "preparing $CONFIG_DIR and $DATA_DIR"
    run install -d -m 0750 -o root -g "$SERVICE_GROUP" "$CONFIG_DIR"
    run install -d -m 0700 -o "$SERVICE_USER" -g "$SERVICE_GROUP" "$DATA_DIR"

    if [ -e "$CONFIG_FILE" ] || [ -L "$CONFIG_FILE" ]; then
        say "keeping the existing $CONFIG_FILE"
    else
        say "writing an example configuration to $CONFIG_FILE"
        if [ "$DRY_RUN" = 1 ]; then
            printf '%s: [dry-run] %s config example > %s (mode 0640, root:%s)\n' \
                "$PROG" "$BINDIR/nimbusd" "$CONFIG_FILE" "$SERVICE_GROUP" >&2
        else
            new_scratch
            "$BINDIR/nimbusd" config example >"$SCRATCH" || die "'$BINDIR/nimbusd config example' failed"
            [ -s "$SCRATCH" ] || die "'$BINDIR/nimbusd config example' printed nothing"
            install -m 0640 -o root -g "$SERVICE_GROUP" "$SCRATCH" "$CONFIG_FILE"
        fi
        installed "$CONFIG_FILE"
    fi

    unit=$(cat "$UNIT_SRC")
    unit=${unit//@BINDIR@/"$BINDIR"}
    if [ -f "$UNIT_DST" ] && [ "$(cat "$UNIT_DST")" = "$unit" ]; then
        say "$UNIT_DST is up to date"
    else
        if [ -e "$UNIT_DST" ]; then
            say "updating $UNIT_DST (put local changes in a drop-in: systemctl edit nimbusd)"
        else
            say "installing $UNIT_DST"
        fi
        write_file "$UNIT_DST" 0644 <<<"$unit"
    fi
    installed "$UNIT_DST"

    run systemctl daemon-reload
    say "enabling $SERVICE (not starting it)"
    run systemctl enable "$SERVICE"
}

if [ "$SYSTEMD" = 1 ]; then
    setup_systemd
fi

# ---------------------------------------------------------------------------------------------
# Summary

echo
if [ "$DRY_RUN" = 1 ]; then
    echo "Dry run: nothing was changed. A real run would install:"
else
    echo "Installed:"
fi
printf '%s' "$INSTALLED"
if [ "$DRY_RUN" = 0 ]; then
    version=$("$BINDIR/nimbusd" --version 2>/dev/null | head -n 1) || version=""
    [ -z "$version" ] || echo "Version: $version"
fi
echo
echo "Next steps:"
if [ "$SYSTEMD" = 1 ]; then
    echo "  1. Review $CONFIG_FILE (the service sets NIMBUS_DATA_DIR=$DATA_DIR and JSON logs)."
    echo "  2. Initialise the database as the service user (asks for the administrator password):"
    echo "       sudo -u $SERVICE_USER env NIMBUS_CONFIG=$CONFIG_FILE NIMBUS_DATA_DIR=$DATA_DIR \\"
    echo "           $BINDIR/nimbusd init --email you@example.com"
    echo "     Until then the service exits with code 4 (not initialised)."
    echo "  3. sudo systemctl start nimbusd     (logs: journalctl -u nimbusd -f)"
    echo "  4. nimbus login"
    if [ "$DRY_RUN" = 0 ] && systemctl is-active --quiet "$SERVICE" 2>/dev/null; then
        echo
        echo "nimbusd is running: restart it to use the new binary: sudo systemctl restart nimbusd"
    fi
else
    echo "  1. nimbusd serve       (the first start in a terminal walks you through setup)"
    echo "  2. nimbus login        (in another terminal)"
fi

case ":${PATH:-}:" in
*":$BINDIR:"* | *":$BINDIR/:"*) ;;
*)
    echo
    warn "$BINDIR is not on your PATH; add it, e.g. in ~/.profile:"
    # shellcheck disable=SC2016 # $PATH is meant literally
    printf '  export PATH="%s:$PATH"\n' "$BINDIR" >&2
    ;;
esac
