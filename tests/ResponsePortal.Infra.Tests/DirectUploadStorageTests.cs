using System.Text.Json;
using Xunit;

namespace ResponsePortal.Infra.Tests;

/// <summary>
/// Direct uploads (ADR 0104) in the compiled template: staging blobs expire by a lifecycle rule, and the blob endpoint's
/// CORS lets the portal's origin, and only it, send blocks. The names and CORS values are those of
/// ReplyUploadStorageNames and DirectUploadCors in ResponsePortal.Azure.
/// </summary>
public class DirectUploadStorageTests
{
    private const string StagingContainer = "reply-uploads";

    private readonly CompiledTemplate template = CompiledTemplate.ForMain;

    private JsonElement Storage => template.Module("storage");

    [Fact]
    public void The_staging_container_is_declared_and_is_the_one_the_lifecycle_rule_empties()
    {
        var containers = CompiledTemplate.ParameterPassedTo(Storage, "containerNames").EnumerateArray().Select(e => e.GetString());
        var policy = CompiledTemplate.Resources(CompiledTemplate.TemplateOf(Storage), "Microsoft.Storage/storageAccounts/managementPolicies").Single();
        var rule = policy.Properties().At("policy", "rules")[0];

        Assert.Contains(StagingContainer, containers);
        Assert.Equal(StagingContainer, CompiledTemplate.ParameterPassedTo(Storage, "stagingContainerName").GetString());
        Assert.Contains("'default'", policy.GetProperty("name").GetString(), StringComparison.Ordinal);
        Assert.True(rule.GetProperty("enabled").GetBoolean());
        Assert.Equal("[format('{0}/', parameters('stagingContainerName'))]", rule.At("definition", "filters", "prefixMatch")[0].GetString());
        Assert.Equal(["blockBlob"], rule.At("definition", "filters", "blobTypes").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public void Staging_blobs_and_their_earlier_versions_are_deleted_after_a_day_or_two()
    {
        var storageTemplate = CompiledTemplate.TemplateOf(Storage);
        var rule = CompiledTemplate.Resources(storageTemplate, "Microsoft.Storage/storageAccounts/managementPolicies").Single()
            .Properties().At("policy", "rules")[0];
        var retention = storageTemplate.At("parameters", "stagingRetentionDays");

        Assert.Equal("[parameters('stagingRetentionDays')]", rule.At("definition", "actions", "baseBlob", "delete", "daysAfterModificationGreaterThan").GetString());
        Assert.Equal("[parameters('stagingRetentionDays')]", rule.At("definition", "actions", "version", "delete", "daysAfterCreationGreaterThan").GetString());
        Assert.Equal(1, retention.GetProperty("defaultValue").GetInt32());
        Assert.InRange(retention.GetProperty("maxValue").GetInt32(), 1, 7);
    }

    [Fact]
    public void Only_the_portals_origin_may_send_blocks_to_the_blob_endpoint()
    {
        var origins = CompiledTemplate.ParameterPassedTo(Storage, "blobCorsAllowedOrigins").EnumerateArray().Select(e => e.GetString()).ToList();
        var cors = template.Single("Microsoft.Storage/storageAccounts/blobServices").Properties().At("cors", "corsRules");

        // The same expression the function app's CORS and Portal__PortalBaseUrl are given: the static web app's address.
        Assert.Equal([template.AppSettings["Portal__PortalBaseUrl"]], origins);
        Assert.Equal("[if(empty(parameters('blobCorsAllowedOrigins')), createArray(), createArray(createObject('allowedOrigins', parameters('blobCorsAllowedOrigins'), 'allowedMethods', createArray('PUT', 'GET', 'OPTIONS'), 'allowedHeaders', createArray('content-type', 'x-ms-*'), 'exposedHeaders', createArray('x-ms-*', 'etag'), 'maxAgeInSeconds', 3600)))]",
            cors.GetString());
    }

    [Fact]
    public void A_multipart_request_is_limited_to_the_streamed_ceiling_not_the_whole_reply()
    {
        var settings = template.AppSettings;

        Assert.Equal("[parameters('replyMaxStreamedReplyBytes')]", settings["Replies__MaxStreamedReplyBytes"]);
        Assert.Equal("[add(parameters('replyMaxStreamedReplyBytes'), 8388608)]", settings["FUNCTIONS_REQUEST_BODY_SIZE_LIMIT"]);
        Assert.Equal(104857600, template.Root.At("parameters", "replyMaxStreamedReplyBytes").GetProperty("defaultValue").GetInt32());
    }
}
