#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# --write-pcap must not write through a name another user planted, and
# must not leave the record readable by everyone.  The planted names sit
# in a directory owned by the attacker (nobody), where the kernel follows
# a symbolic link whatever fs.protected_symlinks says, so the test does
# not depend on that sysctl.  A root run must refuse (exit 1, one message
# naming the file) a symbolic link to a root-only file, a file owned by
# nobody, and a hard link to a root-only file, and leave each untouched;
# a new file must be mode 0600 under umask 022; a file of one's own is
# still overwritten, and /dev/null still works.
source "$(dirname "$0")/../netns/lib.sh"
require_cmd setpriv stat sha256sum
setup
common=(--dev "$DEV_A" --mode packet --dst-mac "$MAC_B" --dst-ip "$IP4_B"
	--dst-port "$PORT" --count 50 --rate 5kpps --quiet)
NOBODY=(setpriv --reuid=65534 --regid=65534 --clear-groups)
chmod 0711 "$TMP"
install -d -m 0755 -o 65534 -g 65534 "$TMP/attacker"
install -d -m 0700 "$TMP/root"
echo "root's secret" >"$TMP/root/secret"
chmod 0600 "$TMP/root/secret"
sum=$(sha256sum <"$TMP/root/secret")

# refused NAME PATTERN PATH: a root run with --write-pcap PATH exits 1
# with a message naming PATH that matches PATTERN.
refused() {
	local name=$1 pat=$2 path=$3 rc=0
	umask 022
	pzc_a "${common[@]}" --write-pcap "$path" \
		>"$TMP/$name.out" 2>"$TMP/$name.err" || rc=$?
	if [ $rc -eq 1 ] && grep -qF "'$path'" "$TMP/$name.err" &&
		grep -qE "$pat" "$TMP/$name.err"; then
		pass "$name: refused, exit 1: $(head -n1 "$TMP/$name.err")"
	else
		fail "$name: --write-pcap $path: exit $rc (1 expected), stderr: $(cat "$TMP/$name.err")"
	fi
	if [ "$(sha256sum <"$TMP/root/secret")" != "$sum" ]; then
		fail "$name: root's file was written through $path"
		echo "root's secret" >"$TMP/root/secret"
	fi
}

## A symbolic link planted by nobody, pointing at root's 0600 file.
"${NOBODY[@]}" ln -s "$TMP/root/secret" "$TMP/attacker/link.pcap"
refused symlink 'symbolic link' "$TMP/attacker/link.pcap"
## A file that nobody owns (the run would truncate and fill it).
"${NOBODY[@]}" sh -c "echo nobody\\'s >'$TMP/attacker/theirs.pcap'"
before=$(sha256sum <"$TMP/attacker/theirs.pcap")
refused other-owner 'belongs to uid 65534' "$TMP/attacker/theirs.pcap"
[ "$(sha256sum <"$TMP/attacker/theirs.pcap")" = "$before" ] ||
	fail "other-owner: nobody's file was overwritten"
## A hard link to root's file (possible with fs.protected_hardlinks=0;
## made here by root, which the sysctl does not restrict).
ln "$TMP/root/secret" "$TMP/attacker/hard.pcap"
refused hardlink 'hard links' "$TMP/attacker/hard.pcap"

## A new file: created 0600 whatever the umask lets through.
rc=0
(umask 022; pzc_a "${common[@]}" --write-pcap "$TMP/root/new.pcap") \
	>"$TMP/new.out" 2>"$TMP/new.err" || rc=$?
mode=$(stat -c %a "$TMP/root/new.pcap" 2>/dev/null || echo none)
if [ $rc -eq 0 ] && [ "$mode" = 600 ]; then
	pass "new: a new record is mode 0600 under umask 022"
else
	fail "new: exit $rc, mode $mode (600 expected): $(cat "$TMP/new.err")"
fi
## One's own file is overwritten (truncated: 50 frames, not 100).
rc=0
pzc_a "${common[@]}" --count 100 --write-pcap "$TMP/root/new.pcap" \
	>/dev/null 2>&1 || rc=$?
pzc_a "${common[@]}" --write-pcap "$TMP/root/new.pcap" \
	>"$TMP/own.out" 2>"$TMP/own.err" || rc=$?
if [ $rc -eq 0 ] && "$PZC_PCAPCMP" --count 50 --stamps --verify \
	"$TMP/root/new.pcap" >"$TMP/own.cmp" 2>&1; then
	pass "own: a file of one's own is overwritten with the new 50 frames"
else
	fail "own: exit $rc: $(cat "$TMP/own.err" "$TMP/own.cmp")"
fi
## A character device.
rc=0
pzc_a "${common[@]}" --write-pcap /dev/null >"$TMP/null.out" \
	2>"$TMP/null.err" || rc=$?
if [ $rc -eq 0 ]; then
	pass "null: --write-pcap /dev/null works"
else
	fail "null: --write-pcap /dev/null: exit $rc: $(cat "$TMP/null.err")"
fi
finish
