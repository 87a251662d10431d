#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""The man page documents exactly the option table, per command.

  man_options.py PATH/TO/pktgen-zc PATH/TO/pktgen-zc.8

For each command, the options that 'pktgen-zc CMD --help' prints (the
table) must be the options the man page's COMMANDS section lists for
it, with the same short letters; every option of any command must have
an entry in OPTIONS (or, for recv, RECEIVE), and those sections must
document nothing the table lacks.
"""
import re
import subprocess
import sys

COMMANDS = ("send", "replay", "probe", "demo", "recv")


def table(tool, cmd):
    out = subprocess.run([tool, cmd, "--help"], capture_output=True,
                         text=True, check=True).stdout
    opts = {}
    for line in out.splitlines():
        m = re.match(r"^  (?:-(.), |    )--([a-z0-9-]+)", line)
        if m:
            opts[m.group(2)] = m.group(1)
    return opts


def unman(s):
    return s.replace("\\-", "-").replace('"', "")


def man_sections(path):
    text = open(path, encoding="utf-8").read().splitlines()
    per_cmd, documented = {}, {}
    sect = sub = None
    prev_tp = False
    for line in text:
        if line.startswith(".SH "):
            sect, sub = line[4:].strip(), None
        elif line.startswith(".SS "):
            sub = line[4:].strip()
        if sect == "COMMANDS" and sub in COMMANDS and line.startswith(".RB ["):
            m = re.match(r"^\.RB \[ (?:\\-(.) \| )?\\-\\-([a-z0-9\\-]+)", line)
            if m:
                per_cmd.setdefault(sub, {})[unman(m.group(2))] = m.group(1)
        if sect in ("OPTIONS", "RECEIVE") and prev_tp:
            for short, name in re.findall(
                    r"(?:\\-(\w)\W+)?\\-\\-([a-z0-9]+(?:\\?-[a-z0-9]+)*)",
                    line):
                documented[unman(name)] = short or None
                break
        prev_tp = line.startswith(".TP")
    return per_cmd, documented


def main():
    tool, manpage = sys.argv[1], sys.argv[2]
    per_cmd, documented = man_sections(manpage)
    failures = 0
    union = {}
    for cmd in COMMANDS:
        t = table(tool, cmd)
        m = per_cmd.get(cmd, {})
        union.update(t)
        for name in sorted(set(t) - set(m)):
            print(f"FAIL {cmd}: --{name} is in the table, not in the "
                  f"man page's COMMANDS list")
            failures += 1
        for name in sorted(set(m) - set(t)):
            print(f"FAIL {cmd}: --{name} is in the man page's list, not "
                  f"in the table")
            failures += 1
        for name in sorted(set(t) & set(m)):
            if t[name] != m[name]:
                print(f"FAIL {cmd}: --{name}: short -{t[name]} in the "
                      f"table, -{m[name]} in the man page")
                failures += 1
        print(f"{cmd}: {len(t)} options, {len(m)} in the man page")
    for name in sorted(set(union) - set(documented)):
        print(f"FAIL --{name} has no entry in OPTIONS")
        failures += 1
    for name in sorted(set(documented) - set(union)):
        print(f"FAIL OPTIONS documents --{name}, which no command takes")
        failures += 1
    print(f"{len(documented)} OPTIONS entries, {len(union)} options")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
