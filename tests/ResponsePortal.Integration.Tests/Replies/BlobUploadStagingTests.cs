using System.Web;
using Azure.Core;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.Time.Testing;
using Moq;
using ResponsePortal.Azure.Replies;
using ResponsePortal.Integration.Tests.Harness;

namespace ResponsePortal.Integration.Tests.Replies;

/// <summary>
/// The SAS BlobUploadStaging grants. In Azure the client signs in with Entra ID (shared keys are off), so the SAS is a
/// user-delegation SAS: that branch runs here against a BlobServiceClient substitute, since Azurite cannot issue
/// delegation keys. The account-key branch runs against Azurite (and in <see cref="UploadSessionFunctionsTests"/>).
/// </summary>
public sealed class BlobUploadStagingTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 3, 0, 0, TimeSpan.Zero);

    private sealed class NoCredential : TokenCredential
    {
        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken) => throw new InvalidOperationException("No call is expected.");
        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) => throw new InvalidOperationException("No call is expected.");
    }

    private static (Mock<BlobServiceClient> Service, BlobUploadStaging Staging, FakeTimeProvider Clock) EntraSignedIn()
    {
        var account = new Uri("https://rpaccount.blob.core.windows.net");
        var service = new Mock<BlobServiceClient>(MockBehavior.Strict);
        service.SetupGet(s => s.AccountName).Returns("rpaccount");
        service.Setup(s => s.GetBlobContainerClient(It.IsAny<string>()))
            .Returns((string name) => new BlobContainerClient(new Uri(account, name), new NoCredential()));
        service.Setup(s => s.GetUserDelegationKeyAsync(It.IsAny<DateTimeOffset?>(), It.IsAny<DateTimeOffset>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((DateTimeOffset? start, DateTimeOffset expiry, CancellationToken _) => global::Azure.Response.FromValue(
                BlobsModelFactory.UserDelegationKey("oid-1", "tid-1", start!.Value, expiry, "b", "2025-01-05", Convert.ToBase64String(new byte[32])), Mock.Of<global::Azure.Response>()));
        var clock = new FakeTimeProvider(Now);
        return (service, new BlobUploadStaging(service.Object, clock), clock);
    }

    [Fact]
    public async Task Signed_in_with_entra_id_the_grant_is_a_user_delegation_sas_that_writes_one_blob_over_https_only()
    {
        var (_, staging, _) = EntraSignedIn();

        var grant = await staging.GrantWriteAsync("abc123", TimeSpan.FromHours(1), default);

        var query = HttpUtility.ParseQueryString(grant.Url.Query);
        Assert.Equal("https://rpaccount.blob.core.windows.net/reply-uploads/abc123", grant.Url.GetLeftPart(UriPartial.Path));
        Assert.Equal(("w", "b", "https"), (query["sp"], query["sr"], query["spr"]));
        Assert.Equal(("oid-1", "tid-1"), (query["skoid"], query["sktid"]));
        Assert.Equal(Now.AddHours(1), grant.ExpiresAt);
        Assert.Equal("2026-12-01T04:00:00Z", query["se"]);
        Assert.Equal("2026-12-01T02:55:00Z", query["st"]);
    }

    [Fact]
    public async Task One_delegation_key_signs_many_grants_until_it_would_expire_before_them()
    {
        var (service, staging, clock) = EntraSignedIn();

        await staging.GrantWriteAsync("a", TimeSpan.FromHours(1), default);
        clock.Advance(TimeSpan.FromHours(20));
        await staging.GrantWriteAsync("b", TimeSpan.FromHours(1), default);
        clock.Advance(TimeSpan.FromHours(3.5));
        await staging.GrantWriteAsync("c", TimeSpan.FromHours(1), default);

        // The first key lasts a day: enough for the grant at 20 h, not for the one ending at 24.5 h.
        service.Verify(s => s.GetUserDelegationKeyAsync(It.IsAny<DateTimeOffset?>(), It.IsAny<DateTimeOffset>(), It.IsAny<CancellationToken>()), Times.Exactly(2));
    }

    [Fact]
    public async Task Built_from_a_connection_string_the_grant_is_an_account_key_sas_that_azurite_accepts_for_writing_only()
    {
        await using var azurite = await ResponsePortal.DevHost.Local.LocalAzurite.StartInMemoryAsync();
        var blobs = new BlobServiceClient(azurite.ConnectionString);
        await blobs.GetBlobContainerClient(ReplyUploadStorageNames.StagingContainer).CreateIfNotExistsAsync();
        var staging = new BlobUploadStaging(blobs, TimeProvider.System);

        var grant = await staging.GrantWriteAsync("abc123", TimeSpan.FromHours(1), default);
        var blob = new global::Azure.Storage.Blobs.Specialized.BlockBlobClient(grant.Url);
        await blob.StageBlockAsync(ResponsePortal.Replies.UploadSession.BlockId(0), new MemoryStream(PortalHarness.Pdf()));

        var query = HttpUtility.ParseQueryString(grant.Url.Query);
        Assert.Equal(("w", "b", null), (query["sp"], query["sr"], query["skoid"]));
        Assert.Single(await staging.ReceivedBlocksAsync("abc123", default));
    }
}
