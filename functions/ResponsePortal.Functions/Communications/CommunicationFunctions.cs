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
        var (form, formProblem) = await LetterForm.ReadAsync(req, LetterForms.MaxRequestBytes, RegistrationParts.Contains, RegistrationParts.Length, cancellationToken);
        if (form is null)
        {
            return HttpResults.Problem(formProblem!, req);
        }
        await using (form)
        {
            var (draft, draftProblem) = await form.ReadJsonAsync<CommunicationDraft>("communication", cancellationToken);
            if (draft is null)
            {
                return HttpResults.Problem(draftProblem!, req);
            }
            var outcome = await registration.RegisterAsync(access.Caller!, draft, form.File("letter"), form.File("publicVersion"), cancellationToken);
            return outcome.Succeeded
                ? HttpResults.Created($"/api/communications/{outcome.Value!.Slug}", await queries.ViewAsync(outcome.Value, cancellationToken))
                : HttpResults.Problem(outcome.Problem!, req);
        }
    }

    private static readonly string[] RegistrationParts = ["communication", "letter", "publicVersion"];

    /// <summary>At most 50 letters of a case, each with a public version, and the case itself.</summary>
    private const int MaxCaseParts = 101;

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
        // A case names its file parts itself: any name is read, and those the case does not name are refused below.
        var (form, formProblem) = await LetterForm.ReadAsync(req, LetterForms.MaxRequestBytes * 4, _ => true, MaxCaseParts, cancellationToken);
        if (form is null)
        {
            return HttpResults.Problem(formProblem!, req);
        }
        await using (form)
        {
            var (draft, draftProblem) = await form.ReadJsonAsync<CaseDraft>("case", cancellationToken);
            if (draft is null)
            {
                return HttpResults.Problem(draftProblem!, req);
            }
            var named = (draft.Communications ?? []).SelectMany(c => new[] { c?.LetterFile, c?.PublicVersionFile }).OfType<string>().ToHashSet(StringComparer.Ordinal);
            var unnamed = form.PartNames.Where(n => n != "case" && !named.Contains(n)).ToList();
            if (unnamed.Count > 0)
            {
                return HttpResults.Problem(Problem.Invalid(unnamed.ToDictionary(
                    n => TextRules.Shown(n), n => new[] { $"The form has a part \"{TextRules.Shown(n)}\" that no letter of the case names." })), req);
            }
            var files = form.PartNames.Where(n => n != "case").ToDictionary(n => n, n => form.File(n)!, StringComparer.Ordinal);
            var outcome = await registration.RegisterCaseAsync(access.Caller!, draft, files, cancellationToken);
            if (!outcome.Succeeded)
            {
                return HttpResults.Problem(outcome.Problem!, req);
            }
            var (@case, communications) = outcome.Value;
            var views = new List<CommunicationView>();
            foreach (var c in communications)
            {
                views.Add(await queries.ViewAsync(c, cancellationToken));
            }
            return HttpResults.Created($"/api/cases/{@case.Id}", new { @case.Id, @case.Title, Communications = views });
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
