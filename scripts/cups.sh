# A real print queue for the end-to-end tests: "Madoguchi-PDF", a CUPS queue
# whose backend (Debian's printer-driver-cups-pdf) writes every job as a PDF
# file into $PDF_PRINTER_OUT, so a test can print a letter through the same
# `lp` path as a real printer and then read back what came out.
# Sourced by scripts/lib.sh (which provides log, as_root and apt_retry).
# ensure_pdf_printer is safe to run again: each step checks first, and prints
# nothing when everything is already in place.

PDF_PRINTER=Madoguchi-PDF
# Under /var/spool/cups-pdf/ because that is the only fixed place the stock
# AppArmor profile of cups-pdf (Ubuntu; not Debian containers) lets it write.
PDF_PRINTER_OUT=${PDF_PRINTER_OUT:-/var/spool/cups-pdf/madoguchi}
export PDF_PRINTER PDF_PRINTER_OUT

# cups-pdf reads /etc/cups/cups-pdf-<name>.conf when the device URI is
# cups-pdf:/<name>, and then ignores cups-pdf.conf. A file of our own leaves
# the machine's own cups-pdf printer (which writes into ~/PDF) as it was.
PDF_PRINTER_URI=cups-pdf:/madoguchi
PDF_PRINTER_CONF=/etc/cups/cups-pdf-madoguchi.conf
# The PPD "without options": the one with options would override the settings
# below from its own defaults (Label 2, LogType 7).
PDF_PRINTER_PPD=/usr/share/ppd/cups-pdf/CUPS-PDF_noopt.ppd

# Label 1: every file is named job_<id>-<title>.pdf, so a test finds its
#   letter from the id `lp` prints ("request id is Madoguchi-PDF-<id> ...").
# TitlePref 1: <title> comes from `lp -t` (non-ASCII turns into _ and octal
#   codes, so give an ASCII one); without -t it is stdin____cups-pdf-madoguchi.
# Out and AnonDirName: one directory whether the job's user is known (the
#   file is then owned by that user) or unknown (owned by nobody).
# UserUMask 0022: readable by whoever runs the tests, whoever printed.
_pdf_printer_conf() {
  cat <<EOF
# Written by scripts/cups.sh for the $PDF_PRINTER test queue ($PDF_PRINTER_URI).
Out $PDF_PRINTER_OUT
AnonDirName $PDF_PRINTER_OUT
Label 1
TitlePref 1
UserUMask 0022
AnonUMask 0022
Grp lpadmin
EOF
}

# lp and lpstat print in the user's language (even without that locale
# installed: CUPS has its own catalogues), so parse them only under C.
_cups_c() { LC_ALL=C LANG=C "$@"; }

_cupsd_running() {
  command -v lpstat >/dev/null 2>&1 || return 1
  # lpstat -r exits 0 either way; only its words tell.
  [ "$(_cups_c lpstat -r 2>/dev/null)" = "scheduler is running" ]
}

_pdf_queue_ready() {
  local v p a o
  v=$(_cups_c lpstat -v "$PDF_PRINTER" 2>/dev/null) || return 1
  p=$(_cups_c lpstat -p "$PDF_PRINTER" 2>/dev/null) || return 1
  a=$(_cups_c lpstat -a "$PDF_PRINTER" 2>/dev/null) || return 1
  o=$(_cups_c lpoptions -p "$PDF_PRINTER" 2>/dev/null) || return 1
  [ "$v" = "device for $PDF_PRINTER: $PDF_PRINTER_URI" ] &&
    [[ "$p" == *" enabled since "* ]] &&
    [[ "$a" == "$PDF_PRINTER accepting requests"* ]] &&
    [[ " $o " == *" pdftops-renderer=pdftocairo "* ]] &&
    [[ " $o " == *" printer-is-shared=false "* ]]
}

ensure_pdf_printer() {
  local p missing=() i out changed=

  for p in cups cups-client printer-driver-cups-pdf; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    log "Installing the PDF printer: ${missing[*]}"
    changed=1
    apt_retry apt-get update -qq
    apt_retry apt-get install -y -qq --no-install-recommends "${missing[@]}"
  fi

  if ! _cupsd_running; then
    log "Starting the CUPS scheduler"
    changed=1
    if [ -d /run/systemd/system ]; then
      as_root systemctl start cups
    else
      # Containers and CI images have no systemd, and the package's own start
      # is refused there (policy-rc.d), so cupsd is started by hand. It forks
      # into the background, detached, stdio on /dev/null, and stays up: its
      # IdleExitTimeout only applies when run on demand (-l).
      as_root /usr/sbin/cupsd
    fi
    for i in $(seq 1 50); do
      _cupsd_running && break
      [ "$i" = 50 ] && { echo "CUPS scheduler did not come up (see /var/log/cups/error_log)" >&2; return 1; }
      sleep 0.2
    done
  fi

  # A printed letter holds personal data: CUPS must not keep a job's document
  # (the d* files in /var/spool/cups) once the job is done. Its default keeps
  # them for a day. cupsctl rewrites cupsd.conf and restarts the scheduler.
  if [ "$(_cups_c cupsctl 2>/dev/null | sed -n 's/^PreserveJobFiles=//p')" != No ]; then
    log "Telling CUPS not to keep the documents of finished jobs (PreserveJobFiles No)"
    changed=1
    as_root cupsctl PreserveJobFiles=No
    for i in $(seq 1 50); do
      _cupsd_running && break
      [ "$i" = 50 ] && { echo "CUPS scheduler did not come back after cupsctl (see /var/log/cups/error_log)" >&2; return 1; }
      sleep 0.2
    done
  fi

  # 1777 like /tmp: cups-pdf writes as the job's user (or nobody) and leaves an
  # existing directory alone; the sticky bit keeps users off others' files.
  if [ "$(stat -c %a "$PDF_PRINTER_OUT" 2>/dev/null)" != 1777 ]; then
    log "Making $PDF_PRINTER_OUT for printed PDFs"
    changed=1
    as_root mkdir -p "$PDF_PRINTER_OUT"
    as_root chmod 1777 "$PDF_PRINTER_OUT"
  fi
  # cups-pdf reads its configuration afresh for every job: no restart needed.
  if [ "$(cat "$PDF_PRINTER_CONF" 2>/dev/null)" != "$(_pdf_printer_conf)" ]; then
    log "Writing $PDF_PRINTER_CONF"
    changed=1
    _pdf_printer_conf | as_root tee "$PDF_PRINTER_CONF" >/dev/null
    as_root chmod 644 "$PDF_PRINTER_CONF"
  fi

  if ! _pdf_queue_ready; then
    log "Setting up the print queue $PDF_PRINTER ($PDF_PRINTER_URI -> $PDF_PRINTER_OUT)"
    changed=1
    # The same command creates the queue or repairs one that exists.
    # pdftops-renderer pdftocairo: cups-pdf only takes PostScript, and of the
    # PDF-to-PostScript renderers only cairo's keeps the text extractable
    # (Ghostscript's and Poppler's turn the app's Japanese into garbage for
    # pdftotext; cairo's path still lost one "0" of one app sheet, so tests
    # should look for words, not every character). Not shared: nothing to
    # announce on the network.
    # abort-job: a failing job ends as "aborted" instead of being retried.
    # lpadmin warns that PPD drivers are deprecated: shown only on failure.
    if ! out=$(as_root lpadmin -p "$PDF_PRINTER" -E -v "$PDF_PRINTER_URI" -P "$PDF_PRINTER_PPD" \
      -o pdftops-renderer-default=pdftocairo -o printer-is-shared=false \
      -o printer-error-policy=abort-job 2>&1); then
      printf '%s\n' "$out" >&2
      return 1
    fi
    _pdf_queue_ready || { echo "print queue $PDF_PRINTER is not ready" >&2; return 1; }
  fi

  # The stock AppArmor profile of cups-pdf may read only cups-pdf.conf; our
  # file would be ignored and PDFs would land in /var/spool/cups-pdf/<user>.
  # Said once, when something was set up, to stay quiet on later runs.
  if [ -n "$changed" ] && [ "$(cat /sys/module/apparmor/parameters/enabled 2>/dev/null)" = Y ] &&
    [ -e /etc/apparmor.d/usr.sbin.cupsd ]; then
    log "Warning: AppArmor is on; if no PDF appears in $PDF_PRINTER_OUT, see /var/log/cups/cups-pdf-${PDF_PRINTER}_log and put the cups-pdf profile in complain mode (aa-complain /usr/lib/cups/backend/cups-pdf)"
  fi
}
