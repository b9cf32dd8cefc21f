"""Write the shell scripts embedded in action.yml (each step's `run:`) and in the GitLab
template (each job's `script:`) to files, so ShellCheck and `sh -n` see them: actionlint checks
an action.yml's inputs and outputs, not its composite steps' scripts.

usage: python3 .ci/extract_scripts.py OUT_DIR   (prints "SHELL PATH" per script)
"""

import pathlib
import re
import sys

import yaml

# ${{ expr }} (GitHub) and $[[ inputs.x ]] (GitLab) are replaced before the shell runs: stand in
# a plain word of the same role, as actionlint does for workflows.
EXPRESSION = re.compile(r"\$\{\{.*?\}\}|\$\[\[.*?\]\]")


def write(out, name, shell, body):
    path = out / f"{name}.{shell}"
    path.write_text(f"#!/usr/bin/env {shell}\n" + EXPRESSION.sub("EXPRESSION", body))
    print(shell, path)


def main():
    out = pathlib.Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    action = yaml.safe_load(pathlib.Path("action.yml").read_text())
    for i, step in enumerate(action["runs"]["steps"]):
        if "run" in step:
            shell = step.get("shell")
            if shell not in ("bash", "sh"):
                sys.exit(f"action.yml step {i}: shell {shell!r}; only bash and sh are checked")
            write(out, f"action-step-{i}", shell, step["run"])
    # The component's spec header, then its jobs: GitLab's runner images here run POSIX sh.
    *_, jobs = yaml.safe_load_all(pathlib.Path("templates/publisher.yml").read_text())
    for name, job in jobs.items():
        if isinstance(job, dict) and "script" in job:
            write(out, f"gitlab-{name}", "sh", "\n".join(job["script"]) + "\n")


main()
