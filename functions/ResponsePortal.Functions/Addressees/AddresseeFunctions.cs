using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using ResponsePortal.Addressees;
using ResponsePortal.Azure.Identity;
using ResponsePortal.Functions.Http;

namespace ResponsePortal.Functions.Addressees;

/// <summary>The secretariat manages addressees, the mailboxes that get reminders, and the users who act for them.</summary>
public sealed class AddresseeFunctions(CallerResolver callers, AddresseeDirectory directory)
{
    [Function(nameof(ListAddressees))]
    public async Task<IActionResult> ListAddressees(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "addressees")] HttpRequest req, CancellationToken cancellationToken)
    {
        var access = await callers.CheckAsync(req, Allow.Secretariat, cancellationToken);
        return access.Allowed ? HttpResults.Ok(await directory.ListAsync(cancellationToken)) : HttpResults.Problem(access.Problem!, req);
    }

    [Function(nameof(GetAddressee))]
    public async Task<IActionResult> GetAddressee(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "addressees/{id}")] HttpRequest req, string id, CancellationToken cancellationToken)
    {
        var access = await callers.CheckAsync(req, Allow.Secretariat, cancellationToken);
        return access.Allowed ? HttpResults.From(await directory.GetAsync(id, cancellationToken), req) : HttpResults.Problem(access.Problem!, req);
    }

    [Function(nameof(SaveAddressee))]
    public async Task<IActionResult> SaveAddressee(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "addressees/{id}")] HttpRequest req, string id, CancellationToken cancellationToken)
    {
        var access = await callers.CheckAsync(req, Allow.Secretariat, cancellationToken);
        if (!access.Allowed)
        {
            return HttpResults.Problem(access.Problem!, req);
        }
        var (draft, problem) = await RequestReader.ReadJsonAsync<AddresseeDraft>(req, cancellationToken);
        return draft is null ? HttpResults.Problem(problem!, req) : HttpResults.From(await directory.SaveAsync(access.Caller!.UserId, id, draft, cancellationToken), req);
    }

    /// <summary>The audit trail of an addressee's entry, contacts and members: who changed what, and when.</summary>
    [Function(nameof(ListAddresseeChanges))]
    public async Task<IActionResult> ListAddresseeChanges(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "addressees/{id}/changes")] HttpRequest req, string id, CancellationToken cancellationToken)
    {
        var access = await callers.CheckAsync(req, Allow.Secretariat, cancellationToken);
        return access.Allowed ? HttpResults.From(await directory.ListChangesAsync(id, cancellationToken), req) : HttpResults.Problem(access.Problem!, req);
    }

    [Function(nameof(ListContacts))]
    public async Task<IActionResult> ListContacts(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "addressees/{id}/contacts")] HttpRequest req, string id, CancellationToken cancellationToken)
    {
        var access = await callers.CheckAsync(req, Allow.Secretariat, cancellationToken);
        return access.Allowed ? HttpResults.From(await directory.ListContactsAsync(id, cancellationToken), req) : HttpResults.Problem(access.Problem!, req);
    }

    [Function(nameof(SaveContact))]
    public async Task<IActionResult> SaveContact(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "addressees/{id}/contacts/{email}")] HttpRequest req, string id, string email, CancellationToken cancellationToken)
    {
        var access = await callers.CheckAsync(req, Allow.Secretariat, cancellationToken);
        if (!access.Allowed)
        {
            return HttpResults.Problem(access.Problem!, req);
        }
        var (draft, problem) = await RequestReader.ReadJsonAsync<ContactDraft>(req, cancellationToken);
        return draft is null ? HttpResults.Problem(problem!, req) : HttpResults.From(await directory.SaveContactAsync(access.Caller!.UserId, id, email, draft, cancellationToken), req);
    }

    [Function(nameof(RemoveContact))]
    public async Task<IActionResult> RemoveContact(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "addressees/{id}/contacts/{email}")] HttpRequest req, string id, string email, CancellationToken cancellationToken)
    {
        var access = await callers.CheckAsync(req, Allow.Secretariat, cancellationToken);
        if (!access.Allowed)
        {
            return HttpResults.Problem(access.Problem!, req);
        }
        var outcome = await directory.RemoveContactAsync(access.Caller!.UserId, id, email, cancellationToken);
        return outcome.Succeeded ? new NoContentResult() : HttpResults.Problem(outcome.Problem!, req);
    }

    [Function(nameof(ListMembers))]
    public async Task<IActionResult> ListMembers(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "addressees/{id}/members")] HttpRequest req, string id, CancellationToken cancellationToken)
    {
        var access = await callers.CheckAsync(req, Allow.Secretariat, cancellationToken);
        return access.Allowed ? HttpResults.From(await directory.ListMembersAsync(id, cancellationToken), req) : HttpResults.Problem(access.Problem!, req);
    }

    [Function(nameof(SaveMember))]
    public async Task<IActionResult> SaveMember(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "addressees/{id}/members/{userId}")] HttpRequest req, string id, string userId, CancellationToken cancellationToken)
    {
        var access = await callers.CheckAsync(req, Allow.Secretariat, cancellationToken);
        if (!access.Allowed)
        {
            return HttpResults.Problem(access.Problem!, req);
        }
        var (draft, problem) = await RequestReader.ReadJsonAsync<MemberDraft>(req, cancellationToken);
        return draft is null ? HttpResults.Problem(problem!, req) : HttpResults.From(await directory.SaveMemberAsync(access.Caller!.UserId, id, userId, draft, cancellationToken), req);
    }

    [Function(nameof(RemoveMember))]
    public async Task<IActionResult> RemoveMember(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "addressees/{id}/members/{userId}")] HttpRequest req, string id, string userId, CancellationToken cancellationToken)
    {
        var access = await callers.CheckAsync(req, Allow.Secretariat, cancellationToken);
        if (!access.Allowed)
        {
            return HttpResults.Problem(access.Problem!, req);
        }
        var outcome = await directory.RemoveMemberAsync(access.Caller!.UserId, id, userId, cancellationToken);
        return outcome.Succeeded ? new NoContentResult() : HttpResults.Problem(outcome.Problem!, req);
    }
}
