using Microsoft.Extensions.Configuration;
using ResponsePortal.Azure.Storage;

namespace ResponsePortal.Integration.Tests.Storage;

public sealed class StorageConnectionTests
{
    private static IConfigurationSection Section(params (string Key, string Value)[] settings)
        => new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>($"{StorageConnection.Name}:{s.Key}", s.Value)))
            .Build()
            .GetSection(StorageConnection.Name);

    [Fact]
    public void Service_uris_are_taken_as_configured_so_any_azure_cloud_works()
    {
        var connection = StorageConnection.From(Section(
            ("blobServiceUri", "https://stportal.blob.core.usgovcloudapi.net/"),
            ("queueServiceUri", "https://stportal.queue.core.usgovcloudapi.net/"),
            ("tableServiceUri", "https://stportal.table.core.usgovcloudapi.net/"),
            ("credential", "managedidentity"),
            ("clientId", "5e6f7a8b-0000-4000-8000-000000000001")));

        Assert.Equal("stportal.blob.core.usgovcloudapi.net", connection.BlobServiceUri.Host);
        Assert.Equal("stportal.queue.core.usgovcloudapi.net", connection.QueueServiceUri.Host);
        Assert.Equal("stportal.table.core.usgovcloudapi.net", connection.TableServiceUri.Host);
        Assert.Equal("5e6f7a8b-0000-4000-8000-000000000001", connection.ManagedIdentityClientId);
        Assert.Null(connection.SharedKey);
    }

    [Fact]
    public void An_account_name_alone_is_not_enough_and_the_message_names_the_missing_settings()
    {
        var error = Assert.Throws<InvalidOperationException>(() => StorageConnection.From(Section(("accountName", "stportal"), ("tableServiceUri", "https://stportal.table.core.windows.net/"))));

        Assert.Contains("AzureWebJobsStorage__blobServiceUri, AzureWebJobsStorage__queueServiceUri", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("tableServiceUri", error.Message.Split("with a managed identity")[0].Split("connection string),")[1], StringComparison.Ordinal);
    }

    [Fact]
    public void A_relative_or_non_http_endpoint_is_refused()
    {
        var error = Assert.Throws<InvalidOperationException>(() => StorageConnection.From(Section(
            ("blobServiceUri", "stportal.blob.core.windows.net"), ("queueServiceUri", "https://q/"), ("tableServiceUri", "https://t/"))));

        Assert.Contains("AzureWebJobsStorage__blobServiceUri is not an absolute http(s) URI", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_account_key_signs_with_the_shared_key_for_azurite()
    {
        var connection = StorageConnection.From(Section(
            ("blobServiceUri", "http://127.0.0.1:10000/devstoreaccount1"), ("queueServiceUri", "http://127.0.0.1:10001/devstoreaccount1"),
            ("tableServiceUri", "http://127.0.0.1:10002/devstoreaccount1"), ("accountName", "devstoreaccount1"), ("accountKey", "a2V5")));

        Assert.Equal(new StorageConnection.Key("devstoreaccount1", "a2V5"), connection.SharedKey);
    }
}
