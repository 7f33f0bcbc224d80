using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using ResponsePortal.Azure.Identity;
using ResponsePortal.Common;
using ResponsePortal.Communications;
using ResponsePortal.Functions.Http;

namespace ResponsePortal.Functions.Communications;

/// <summary>The secretariat's view of communications and cases.</summary>
public sealed class CommunicationFunctions(CallerResolver callers, CommunicationRegistration registration, CommunicationQueries queries)
{
    /// <summary>Registers one letter: multipart with a "communication" JSON field, a "letter" file and an optional "publicVersion" file.</summary>
    [Function(nameof(RegisterCommunication))]
    public async Task<IActionResult> RegisterCommunication(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "communications")] HttpRequest req, CancellationToken cancellationToken)
    {
        var access = await callers.CheckAsync(req, Allow.Secretariat, cancellationToken);
        if (!access.Allowed)
        {
            return HttpResults.Problem(access.Problem!, req);
        }
        var (form, formProblem) = await RequestReader.ReadFormAsync(req, LetterForms.MaxRequestBytes, cancellationToken);
        if (form is null)
        {
            return HttpResults.Problem(formProblem!, req);
        }
        var (draft, draftProblem) = await LetterForms.ReadJsonFieldAsync<CommunicationDraft>(form, "communication", cancellationToken);
        if (draft is null)
        {
            return HttpResults.Problem(draftProblem!, req);
        }
        await using var letter = LetterForms.File(form, "letter");
        await using var publicVersion = LetterForms.File(form, "publicVersion");
        var outcome = await registration.RegisterAsync(access.Caller!, draft, letter?.Upload, publicVersion?.Upload, cancellationToken);
        return outcome.Succeeded
            ? HttpResults.Created($"/api/communications/{outcome.Value!.Slug}", queries.View(outcome.Value))
            : HttpResults.Problem(outcome.Problem!, req);
    }

    /// <summary>Registers related letters as a case: a "case" JSON field naming, for each letter, the form file that holds it.</summary>
    [Function(nameof(RegisterCase))]
    public async Task<IActionResult> RegisterCase(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "cases")] HttpRequest req, CancellationToken cancellationToken)
    {
        var access = await callers.CheckAsync(req, Allow.Secretariat, cancellationToken);
        if (!access.Allowed)
        {
            return HttpResults.Problem(access.Problem!, req);
        }
        var (form, formProblem) = await RequestReader.ReadFormAsync(req, LetterForms.MaxRequestBytes * 4, cancellationToken);
        if (form is null)
        {
            return HttpResults.Problem(formProblem!, req);
        }
        var (draft, draftProblem) = await LetterForms.ReadJsonFieldAsync<CaseDraft>(form, "case", cancellationToken);
        if (draft is null)
        {
            return HttpResults.Problem(draftProblem!, req);
        }
        var files = form.Files.Select(f => new LetterForms.FormFileUpload(f)).ToList();
        try
        {
            var outcome = await registration.RegisterCaseAsync(access.Caller!, draft, files.ToDictionary(f => f.FieldName, f => f.Upload, StringComparer.Ordinal), cancellationToken);
            if (!outcome.Succeeded)
            {
                return HttpResults.Problem(outcome.Problem!, req);
            }
            var (@case, communications) = outcome.Value;
            return HttpResults.Created($"/api/cases/{@case.Id}", new { @case.Id, @case.Title, Communications = communications.Select(c => queries.View(c)) });
        }
        catch (ArgumentException)
        {
            return HttpResults.Problem(Problem.Invalid("Two files in the request have the same field name."), req);
        }
        finally
        {
            foreach (var file in files)
            {
                await file.DisposeAsync();
            }
        }
    }

    [Function(nameof(ListCommunications))]
    public async Task<IActionResult> ListCommunications(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "communications")] HttpRequest req, CancellationToken cancellationToken)
    {
        var access = await callers.CheckAsync(req, Allow.Secretariat, cancellationToken);
        if (!access.Allowed)
        {
            return HttpResults.Problem(access.Problem!, req);
        }
        var (filter, problem) = CommunicationFilterQuery.Parse(req.Query);
        if (filter is null)
        {
            return HttpResults.Problem(problem!, req);
        }
        return HttpResults.Ok(await queries.ListAsync(filter, cancellationToken));
    }

    [Function(nameof(GetCommunication))]
    public async Task<IActionResult> GetCommunication(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "communications/{slug}")] HttpRequest req, string slug, CancellationToken cancellationToken)
    {
        var access = await callers.CheckAsync(req, Allow.Secretariat, cancellationToken);
        return access.Allowed
            ? HttpResults.From(await queries.GetAsync(access.Caller!, slug, cancellationToken), req)
            : HttpResults.Problem(access.Problem!, req);
    }

    [Function(nameof(GetCommunicationLetter))]
    public async Task<IActionResult> GetCommunicationLetter(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "communications/{slug}/letter")] HttpRequest req, string slug, CancellationToken cancellationToken)
    {
        var access = await callers.CheckAsync(req, Allow.Secretariat, cancellationToken);
        return access.Allowed
            ? LetterForms.Download(await queries.OpenLetterAsync(access.Caller!, slug, cancellationToken), req)
            : HttpResults.Problem(access.Problem!, req);
    }

    [Function(nameof(ListCommunicationEvents))]
    public async Task<IActionResult> ListCommunicationEvents(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "communications/{slug}/events")] HttpRequest req, string slug, CancellationToken cancellationToken)
    {
        var access = await callers.CheckAsync(req, Allow.Secretariat, cancellationToken);
        if (!access.Allowed)
        {
            return HttpResults.Problem(access.Problem!, req);
        }
        var communication = await queries.GetAsync(access.Caller!, slug, cancellationToken);
        return communication.Succeeded
            ? HttpResults.Ok(await queries.ListEventsAsync(slug, cancellationToken))
            : HttpResults.Problem(communication.Problem!, req);
    }
}
