#!/bin/sh
# Installs apx on a server: service account, folders, pipeline file, binary, workspace, and the
# schedule files (crontab and systemd units). Re-running it upgrades the binary and keeps the
# pipeline file, the workspace and the database (migrations run at the next command).
#
#   cron/install.sh [--prefix DIR] [--binary PATH] [--user NAME] [--no-account]
#                   [--activate cron|systemd]
#
#   --prefix DIR   install under DIR instead of / (DIR/opt/apx/bin/apx, DIR/etc/apx,
#                  DIR/var/lib/apx, DIR/var/backups/apx; schedule files get DIR's paths)
#   --binary PATH  the apx executable (default: .build/release/apx, else .build/debug/apx)
#   --user NAME    service account (default apx)
#   --no-account   do not create the account (also APX_INSTALL_NO_ACCOUNT=1); folders stay
#                  owned by whoever runs the script unless the account exists
#   --activate     cron: `crontab -u USER` the installed crontab; systemd: copy the units to
#                  /etc/systemd/system and enable apx-run.timer and apx-prune.timer
#                  (only with prefix /)
#   APX_USERADD    the command that creates the account (default useradd; tests pass a stand-in)
set -eu

here=$(cd "$(dirname "$0")" && pwd)
repo=$(dirname "$here")
prefix=/
binary=
user=apx
account=yes
activate=
[ "${APX_INSTALL_NO_ACCOUNT:-}" = 1 ] && account=no

while [ $# -gt 0 ]; do
    case "$1" in
        --prefix|--binary|--user|--activate)
            [ $# -ge 2 ] || { echo "install.sh: $1 needs a value" >&2; exit 64; } ;;
    esac
    case "$1" in
        --prefix) prefix=$2; shift 2 ;;
        --binary) binary=$2; shift 2 ;;
        --user) user=$2; shift 2 ;;
        --no-account) account=no; shift ;;
        --activate) activate=$2; shift 2 ;;
        -h|--help) sed -n '2,22p' "$0"; exit 0 ;;
        *) echo "install.sh: unknown option $1" >&2; exit 64 ;;
    esac
done

# A relative prefix would put relative paths into the schedule (cron starts in $HOME).
case "$prefix" in /*) ;; ?*) prefix=$(pwd)/$prefix ;; esac

# The prefix goes unquoted into the crontab (run by /bin/sh), the systemd units and sed: refuse
# what either would split or interpret, rather than install a schedule that never starts.
case "$prefix" in
    ''|*[[:space:]]*|*[\'\"\\\$\`\#%\;\&\|\<\>\(\)\*\?\[\]\{\}\~\!]*)
        echo "install.sh: --prefix '$prefix' has a space or a shell character (' \" \\ \$ \` # % ; & | < > ( ) * ? [ ] { } ~ !); choose a plain path" >&2
        exit 64 ;;
esac
# Checked before anything is installed (an unknown value used to fail only at the end).
case "$activate" in
    "") ;;
    cron|systemd) [ "${prefix%/}" = "" ] || { echo "install.sh: --activate only with prefix / (got $prefix)" >&2; exit 64; } ;;
    *) echo "install.sh: --activate cron|systemd" >&2; exit 64 ;;
esac
case "$user" in
    ''|-*|*[!A-Za-z0-9._-]*) echo "install.sh: --user '$user' is not a plain account name" >&2; exit 64 ;;
esac

if [ -z "$binary" ]; then
    for candidate in "$repo/.build/release/apx" "$repo/.build/debug/apx"; do
        if [ -x "$candidate" ]; then binary=$candidate; break; fi
    done
fi
if [ -z "$binary" ] || [ ! -x "$binary" ]; then
    echo "install.sh: no apx binary; build it first: swift build -c release (or pass --binary PATH)" >&2
    exit 66
fi

p=${prefix%/}
bin=$p/opt/apx/bin
etc=$p/etc/apx
root=$p/var/lib/apx
backups=$p/var/backups/apx

# 1. Service account (system account, no login, home = the workspace).
if [ "$account" = yes ] && ! id "$user" >/dev/null 2>&1; then
    "${APX_USERADD:-useradd}" --system --user-group --home-dir "$root" --no-create-home --shell /usr/sbin/nologin "$user"
    echo "created service account $user"
fi

# 2. Folders and the binary (a new binary replaces the old one atomically).
mkdir -p "$bin" "$etc" "$root" "$backups" "$p/etc/systemd/system"
cp "$binary" "$bin/.apx.new"
chmod 755 "$bin/.apx.new"
mv -f "$bin/.apx.new" "$bin/apx"

# 3. The pipeline file (kept if present) and a calendar folder operators add years to.
mkdir -p "$etc/calendar"
cp -n "$repo"/pipelines/calendar/*.txt "$etc/calendar/" 2>/dev/null || true
if [ ! -f "$etc/pipeline.conf" ]; then
    sed "s#^calendar.directory =.*#calendar.directory = $etc/calendar#" "$repo/pipelines/default.conf" > "$etc/pipeline.conf"
    echo "wrote $etc/pipeline.conf (edit it; unknown keys are refused)"
fi

# 4. The workspace (idempotent).
"$bin/apx" init --root "$root"

# 5. Schedule files with this prefix's paths.
rewrite() {
    sed -e "s#/opt/apx#$p/opt/apx#g" -e "s#/etc/apx#$etc#g" -e "s#/var/lib/apx#$root#g" \
        -e "s#/var/backups/apx#$backups#g" -e "s#^User=apx#User=$user#" -e "s#^Group=apx#Group=$user#" "$1"
}
rewrite "$here/apx.crontab" > "$etc/apx.crontab"
for unit in "$here"/systemd/*.service "$here"/systemd/*.timer; do
    rewrite "$unit" > "$p/etc/systemd/system/$(basename "$unit")"
done

# 6. Ownership: the account owns the workspace and the backups.
if id "$user" >/dev/null 2>&1; then
    chown -R "$user:$(id -gn "$user")" "$root" "$backups"
fi

# 7. Activation (only on the real system).
case "$activate" in
    "") ;;
    cron) crontab -u "$user" "$etc/apx.crontab"; echo "crontab installed for $user" ;;
    systemd)
        systemctl daemon-reload
        systemctl enable --now apx-run.timer apx-prune.timer
        echo "timers enabled: systemctl list-timers 'apx-*'" ;;
    *) echo "install.sh: --activate cron|systemd" >&2; exit 64 ;;
esac

"$bin/apx" --version
echo "installed: $bin/apx · $etc/pipeline.conf · workspace $root · backups $backups"
echo "schedule: crontab -u $user $etc/apx.crontab   or   systemctl enable --now apx-run.timer apx-prune.timer"
