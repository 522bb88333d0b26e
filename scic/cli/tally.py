"""``scic tally FILE``: recompute a ``scic-tally/1`` file (FORMATS.md §1); nothing is written."""

from __future__ import annotations

import json
import os
import sys
from fractions import Fraction
from pathlib import Path

import click
from flask.cli import with_appcontext

from scic.cli import refuse

#: FORMATS.md: status 3 when colleges break the law (R-COL-1 to R-COL-3).
LEGAL_STATUS = 3


def user_locale() -> str:
    """The terminal user's language (LC_ALL, LC_MESSAGES, LANG): French or English."""
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(name, "")
        if value:
            return "fr" if value.lower().startswith("fr") else "en"
    return "fr"


@click.command("tally")
@click.argument("path", metavar="FILE", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the scic-tally-result/1 document.")
@click.option(
    "--no-legal-checks",
    is_flag=True,
    help="Skip the legal checks of the colleges (R-COL-1 to R-COL-3).",
)
@with_appcontext
def tally(path: Path, as_json: bool, no_legal_checks: bool) -> None:
    """Recompute every resolution of a scic-tally/1 FILE, exactly (R-TAL-1, R-TAL-4).

    Exit status: 0 success, 2 malformed file, 3 colleges that break the law.
    """
    from flask_babel import force_locale

    from scic.core.messages import describe
    from scic.voting import tally_format

    with force_locale(user_locale()):
        from scic.core.i18n import _

        try:
            text = path.read_bytes()
        except OSError as error:
            refuse(
                [
                    _(
                        "%(file)s: cannot read the file (%(reason)s).",
                        file=str(path),
                        reason=error.strerror or type(error).__name__,
                    )
                ]
            )
        tally_file, violations = tally_format.read_tally_text(text)
        if tally_file is None:
            refuse([f"{path}: {describe(v)}" for v in violations])
        if not no_legal_checks and (problems := tally_format.legal_violations(tally_file)):
            for problem in problems:
                click.echo(f"{path}: {describe(problem)}", err=True)
            sys.exit(LEGAL_STATUS)
        results = tally_format.tally_all(tally_file)
        if as_json:
            click.echo(
                json.dumps(
                    tally_format.result_to_json(results, tally_file.assembly),
                    indent=2,
                    ensure_ascii=False,
                )
            )
            return
        click.echo(render_table(tally_file, results))


def _percent(value: Fraction | None) -> str:
    from scic.voting.rules import percent_half_up

    return "—" if value is None else f"{percent_half_up(value)} %"


def _majority(majority) -> str:
    from scic.core.i18n import _

    label = (
        _("more than %(threshold)s")
        if majority.kind == "more_than"
        else _("at least %(threshold)s")
    )
    return label % {"threshold": _percent(majority.threshold)}


def _quorum_line(assembly) -> str:
    """The quorum applied and whether it was reached (R-AG-11)."""
    from scic.core.i18n import _
    from scic.voting.assembly_rules import applicable_quorum, quorum_of

    quorum = quorum_of(assembly)
    text = _(
        "Quorum: %(quorum)s of %(members)s members, %(required)s needed, "
        "%(participating)s taking part → %(verdict)s"
    )
    return text % {
        "quorum": _percent(applicable_quorum(assembly)),
        "members": assembly.members,
        "required": quorum.required_count,
        "participating": assembly.participating,
        "verdict": _("reached") if quorum.reached else _("not reached"),
    }


def _row(values: list[str], widths: list[int]) -> str:
    return "  ".join(
        v.ljust(w) if i == 0 else v.rjust(w)
        for i, (v, w) in enumerate(zip(values, widths, strict=True))
    )


def render_table(tally_file, results) -> str:
    """A readable, translated table per resolution: counts, weights and contributions."""
    from scic.core.i18n import _
    from scic.voting.rules import Method

    rules = tally_file.rules
    lines = [
        _("Method: %(method)s · abstentions: %(abstentions)s · silent colleges: %(silent)s")
        % {
            "method": rules.method.value,
            "abstentions": rules.abstentions.value,
            "silent": rules.silent_college.value,
        },
    ]
    if (assembly := tally_file.assembly) is not None:
        lines.append(_quorum_line(assembly))
    weights = {c.code: c.weight for c in tally_file.colleges}
    for resolution, result in zip(tally_file.resolutions, results, strict=True):
        totals: dict[str | None, list[int]] = {}
        for count in resolution.ballots:
            row = totals.setdefault(count.code, [0, 0, 0])
            row[0] += count.for_
            row[1] += count.against
            row[2] += count.abstain
        title = f"{resolution.id}" + (f" — {resolution.title}" if resolution.title else "")
        lines += [
            "",
            title,
            "=" * len(title),
            _("Majority: %(majority)s") % {"majority": _majority(resolution.majority)},
        ]
        header = [
            _("College"),
            _("Weight"),
            _("For"),
            _("Against"),
            _("Abstained"),
            _("Effective weight"),
            _("Contribution for"),
            _("Contribution against"),
        ]
        rows = []
        if rules.method is Method.HEADCOUNT:
            for code, (f, a, s) in totals.items():
                rows.append([code or "—", "—", str(f), str(a), str(s), "—", "—", "—"])
        else:
            parts = {c.code: c for c in result.colleges}
            for code, weight in weights.items():
                f, a, s = totals.get(code, [0, 0, 0])
                part = parts[code]
                rows.append(
                    [
                        code + (" *" if part.silent else ""),
                        _percent(weight),
                        str(f),
                        str(a),
                        str(s),
                        _percent(part.effective_weight),
                        _percent(part.for_),
                        _percent(part.against),
                    ]
                )
        widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
        lines += [_row(header, widths), _row(["-" * w for w in widths], widths)]
        lines += [_row(r, widths) for r in rows]
        if any(c.silent for c in result.colleges):
            lines.append(_("* silent college"))
        verdict = _("adopted") if result.adopted else _("not adopted")
        if result.validly_deliberated is False:
            verdict = _("not adopted: the assembly could not deliberate (R-AG-11)")
        if result.share_for is None:
            lines.append(_("Nothing expressed: %(verdict)s") % {"verdict": verdict})
        else:
            lines.append(
                _("For: %(for)s (%(exact)s) · against: %(against)s → %(verdict)s")
                % {
                    "for": _percent(result.share_for),
                    "exact": str(result.share_for),
                    "against": _percent(result.share_against),
                    "verdict": verdict,
                }
            )
    return "\n".join(lines)


commands = (tally,)
