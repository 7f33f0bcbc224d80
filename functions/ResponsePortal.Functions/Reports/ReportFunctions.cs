using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using ResponsePortal.Azure.Identity;
using ResponsePortal.Common;
using ResponsePortal.Functions.Http;
using ResponsePortal.Reports;

namespace ResponsePortal.Functions.Reports;

/// <summary>The secretariat's reporting periods and their communications reports (docs/reports.md).</summary>
public sealed class ReportFunctions(CallerResolver callers, ReportService reports)
{
    [Function(nameof(ListReportingPeriods))]
    public async Task<IActionResult> ListReportingPeriods(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "reporting-periods")] HttpRequest req, CancellationToken cancellationToken)
    {
        var access = await callers.CheckAsync(req, Allow.Secretariat, cancellationToken);
        return access.Allowed ? HttpResults.Ok(await reports.ListAsync(cancellationToken)) : HttpResults.Problem(access.Problem!, req);
    }

    [Function(nameof(CreateReportingPeriod))]
    public async Task<IActionResult> CreateReportingPeriod(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "reporting-periods")] HttpRequest req, CancellationToken cancellationToken)
    {
        var access = await callers.CheckAsync(req, Allow.Secretariat, cancellationToken);
        if (!access.Allowed)
        {
            return HttpResults.Problem(access.Problem!, req);
        }
        var (draft, problem) = await RequestReader.ReadJsonAsync<ReportingPeriodDraft>(req, cancellationToken);
        if (draft is null)
        {
            return HttpResults.Problem(problem!, req);
        }
        var outcome = await reports.CreateAsync(access.Caller!, draft, cancellationToken);
        return outcome.Succeeded ? HttpResults.Created($"/api/reporting-periods/{outcome.Value!.Id}", outcome.Value) : HttpResults.Problem(outcome.Problem!, req);
    }

    [Function(nameof(GetReportingPeriod))]
    public async Task<IActionResult> GetReportingPeriod(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "reporting-periods/{id}")] HttpRequest req, string id, CancellationToken cancellationToken)
    {
        var access = await callers.CheckAsync(req, Allow.Secretariat, cancellationToken);
        return access.Allowed ? HttpResults.From(await reports.GetAsync(id, cancellationToken), req) : HttpResults.Problem(access.Problem!, req);
    }

    /// <summary>Changes a draft period (name keeping its id, session, dates); a final one is a 409.</summary>
    [Function(nameof(ChangeReportingPeriod))]
    public async Task<IActionResult> ChangeReportingPeriod(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "reporting-periods/{id}")] HttpRequest req, string id, CancellationToken cancellationToken)
    {
        var access = await callers.CheckAsync(req, Allow.Secretariat, cancellationToken);
        if (!access.Allowed)
        {
            return HttpResults.Problem(access.Problem!, req);
        }
        var (draft, problem) = await RequestReader.ReadJsonAsync<ReportingPeriodDraft>(req, cancellationToken);
        if (draft is null)
        {
            return HttpResults.Problem(problem!, req);
        }
        return HttpResults.From(await reports.ChangeAsync(access.Caller!, id, draft, cancellationToken), req);
    }

    /// <summary>
    /// The report as it would be published now (a draft, or the next corrigendum): JSON with what the build read,
    /// or <c>?format=csv</c>, <c>?format=html</c>, <c>?format=pdf</c> (with <c>&amp;lang=fr|es</c>) to see it as the public will.
    /// </summary>
    [Function(nameof(PreviewReport))]
    public async Task<IActionResult> PreviewReport(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "reporting-periods/{id}/report")] HttpRequest req, string id, CancellationToken cancellationToken)
    {
        var access = await callers.CheckAsync(req, Allow.Secretariat, cancellationToken);
        if (!access.Allowed)
        {
            return HttpResults.Problem(access.Problem!, req);
        }
        var format = req.Query["format"].ToString();
        var language = req.Query["lang"].ToString();
        if (format is not ("" or "json" or "csv" or "html" or "pdf"))
        {
            return HttpResults.Problem(Problem.Invalid(new Dictionary<string, string[]> { ["format"] = ["Use json, csv, html or pdf."] }), req);
        }
        if (language is not ("" or "en" or "fr" or "es"))
        {
            return HttpResults.Problem(Problem.Invalid(new Dictionary<string, string[]> { ["lang"] = ["Use en, fr or es."] }), req);
        }
        var outcome = await reports.PreviewAsync(id, cancellationToken);
        if (!outcome.Succeeded)
        {
            return HttpResults.Problem(outcome.Problem!, req);
        }
        var preview = outcome.Value!;
        var text = ReportText.For(language);
        return format switch
        {
            "csv" => new ContentResult { Content = ReportCsv.Write(preview.Report, reports.BaseUrl), ContentType = "text/csv; charset=utf-8", StatusCode = 200 },
            "html" => new ContentResult { Content = new ReportHtml(text, reports.BaseUrl).Report(preview.Report), ContentType = "text/html; charset=utf-8", StatusCode = 200 },
            "pdf" => new FileContentResult(ReportPdf.Write(preview.Report, text, reports.BaseUrl), "application/pdf") { FileDownloadName = $"{id}-draft-{text.Language}.pdf" },
            _ => HttpResults.Ok(new { report = preview.Report, reads = preview.Reads, elapsedMilliseconds = Math.Round(preview.Elapsed.TotalMilliseconds, 1) }),
        };
    }

    /// <summary>A published version's report.json, as the public site holds it.</summary>
    [Function(nameof(GetPublishedReport))]
    public async Task<IActionResult> GetPublishedReport(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "reporting-periods/{id}/versions/{version}")] HttpRequest req, string id, string version, CancellationToken cancellationToken)
    {
        var access = await callers.CheckAsync(req, Allow.Secretariat, cancellationToken);
        if (!access.Allowed)
        {
            return HttpResults.Problem(access.Problem!, req);
        }
        return int.TryParse(version, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number)
            ? HttpResults.From(await reports.PublishedAsync(id, number, cancellationToken), req)
            : HttpResults.Problem(Problem.NotFound($"version {version} of reporting period {id}"), req);
    }

    /// <summary>Builds the report now and publishes it on the public site: the period becomes final. Twice is a 409.</summary>
    [Function(nameof(FinaliseReport))]
    public async Task<IActionResult> FinaliseReport(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "reporting-periods/{id}/finalise")] HttpRequest req, string id, CancellationToken cancellationToken)
    {
        var access = await callers.CheckAsync(req, Allow.Secretariat, cancellationToken);
        return access.Allowed ? HttpResults.From(await reports.FinaliseAsync(access.Caller!, id, cancellationToken), req) : HttpResults.Problem(access.Problem!, req);
    }

    /// <summary>Writes the report index rows of every stored letter and reply: once, for an archive older than the reports feature.</summary>
    [Function(nameof(RebuildReportIndex))]
    public async Task<IActionResult> RebuildReportIndex(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "report-index/rebuild")] HttpRequest req, CancellationToken cancellationToken)
    {
        var access = await callers.CheckAsync(req, Allow.Secretariat, cancellationToken);
        return access.Allowed ? HttpResults.Ok(await reports.RebuildIndexAsync(cancellationToken)) : HttpResults.Problem(access.Problem!, req);
    }

    /// <summary>Publishes a corrigendum: a new version with <c>{"note": "what changed"}</c>; earlier versions stay published.</summary>
    [Function(nameof(IssueCorrigendum))]
    public async Task<IActionResult> IssueCorrigendum(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "reporting-periods/{id}/corrigenda")] HttpRequest req, string id, CancellationToken cancellationToken)
    {
        var access = await callers.CheckAsync(req, Allow.Secretariat, cancellationToken);
        if (!access.Allowed)
        {
            return HttpResults.Problem(access.Problem!, req);
        }
        var (draft, problem) = await RequestReader.ReadJsonAsync<CorrigendumDraft>(req, cancellationToken);
        if (draft is null)
        {
            return HttpResults.Problem(problem!, req);
        }
        var outcome = await reports.CorrectAsync(access.Caller!, id, draft, cancellationToken);
        return outcome.Succeeded
            ? HttpResults.Created($"/api/reporting-periods/{id}/versions/{outcome.Value!.Versions[^1].Number}", outcome.Value)
            : HttpResults.Problem(outcome.Problem!, req);
    }
}
