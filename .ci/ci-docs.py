"""Validate the pipeline files in docs/ci.md against GitHub's and GitLab's published schemas.

The test `the_ci_recipes_in_the_docs_run_as_written` runs their commands; this checks the
rest (keys, nesting, action inputs) the way the CI services would read them.
"""
import pathlib
import subprocess
import sys
import tempfile

ROOT = pathlib.Path(__file__).resolve().parent.parent
SCHEMAS = {
    "# .github/workflows/resumes.yml": "vendor.github-workflows",
    "# .gitlab-ci.yml": "vendor.gitlab-ci",
}


def yaml_blocks(markdown):
    blocks, current = [], None
    for line in markdown.splitlines():
        stripped = line.strip()
        if current is None and stripped == "```yaml":
            current = []
        elif current is not None and stripped == "```":
            blocks.append("\n".join(current) + "\n")
            current = None
        elif current is not None:
            current.append(line)
    return blocks


def main():
    blocks = yaml_blocks((ROOT / "docs/ci.md").read_text(encoding="utf-8"))
    failed = False
    with tempfile.TemporaryDirectory() as tmp:
        for first_line, schema in SCHEMAS.items():
            found = [b for b in blocks if b.startswith(first_line)]
            if len(found) != 1:
                print(f"docs/ci.md: expected one block starting `{first_line}`, found {len(found)}")
                failed = True
                continue
            path = pathlib.Path(tmp) / first_line[2:].replace("/", "_")
            path.write_text(found[0], encoding="utf-8")
            result = subprocess.run(
                [sys.executable, "-m", "check_jsonschema", "--builtin-schema", schema, str(path)],
                capture_output=True,
                text=True,
            )
            print(f"{first_line[2:]} ({schema}): {result.stdout.strip()}")
            if result.returncode != 0:
                print(result.stderr)
                failed = True
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
