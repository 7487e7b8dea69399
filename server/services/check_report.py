"""What `waypost tours check` prints: `file:line:col: message` lines, GitHub Actions annotations, or JUnit XML."""
from xml.etree import ElementTree

from .tour_check import StepCheck
from .tour_files import Problem


def _findings(results: list[StepCheck], problems: list[Problem]):
    """(severity, file, line, col, message) of everything found, in file order."""
    found = [("error", p.file, p.line, p.col, p.message) for p in problems]
    for r in results:
        subject = f"{r.experience} {r.noun} {r.item}".rstrip()
        found += [("error", r.file, r.line, r.col, f"{subject}: {message}") for message in r.errors]
        found += [("warning", r.file, r.line, r.col, f"{subject}: {message}") for message in r.warnings]
        if r.skipped:
            found.append(("warning", r.file, r.line, r.col, f"{subject}: {r.skipped}"))
    return sorted(found, key=lambda f: (f[1], f[2], f[3]))


def text_lines(results: list[StepCheck], problems: list[Problem]) -> list[str]:
    return [f"{file}:{line}:{col}: {'warning: ' if severity == 'warning' else ''}{message}"
            for severity, file, line, col, message in _findings(results, problems)]


def _escape(value: str, property_value: bool = False) -> str:
    """GitHub's workflow-command escaping (of the message; of properties, also : and ,)."""
    value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return value.replace(":", "%3A").replace(",", "%2C") if property_value else value


def github_lines(results: list[StepCheck], problems: list[Problem]) -> list[str]:
    return [f"::{severity} file={_escape(file, True)},line={line},col={col},title=Waypost tour check::{_escape(message)}"
            for severity, file, line, col, message in _findings(results, problems)]


def junit_xml(results: list[StepCheck], problems: list[Problem]) -> str:
    """One test suite per file, one test case per step or hotspot (its failures, its skip, its warnings as
    output), and a case per problem that kept a file from being checked."""
    suites = ElementTree.Element("testsuites", name="waypost tours check")
    by_file: dict[str, list] = {}
    for r in results:
        by_file.setdefault(r.file, []).append(r)
    for p in problems:
        by_file.setdefault(p.file, []).append(p)
    for file, entries in by_file.items():
        suite = ElementTree.SubElement(suites, "testsuite", name=file)
        failures = skipped = 0
        for entry in entries:
            if isinstance(entry, Problem):
                case = ElementTree.SubElement(suite, "testcase", classname=file, name=f"line {entry.line}",
                                              file=file, line=str(entry.line))
                ElementTree.SubElement(case, "failure", message=entry.message).text = entry.message
                failures += 1
                continue
            name = f"{entry.noun} {entry.item}".strip() + (f" ({entry.target})" if entry.target else "")
            case = ElementTree.SubElement(suite, "testcase", classname=entry.experience, name=name, file=file,
                                          line=str(entry.line))
            if entry.errors:
                failures += 1
                ElementTree.SubElement(case, "failure", message=entry.errors[0]).text = "\n".join(entry.errors)
            elif entry.skipped:
                skipped += 1
                ElementTree.SubElement(case, "skipped", message=entry.skipped)
            output = [*entry.warnings, *([f"[[ATTACHMENT|{entry.screenshot}]]"] if entry.screenshot else [])]
            if output:
                ElementTree.SubElement(case, "system-out").text = "\n".join(output)
        suite.set("tests", str(len(entries)))
        suite.set("failures", str(failures))
        suite.set("skipped", str(skipped))
    return ElementTree.tostring(suites, encoding="unicode", xml_declaration=True) + "\n"
