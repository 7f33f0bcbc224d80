using System.Text.Json;
using ResponsePortal.Reminders;

namespace ResponsePortal.Azure.Reminders;

/// <summary>The wire format of a reminder message: camelCase JSON carrying its schemaVersion.</summary>
public static class ReminderJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    public static string Serialize(ReminderMessage message) => JsonSerializer.Serialize(message, Options);

    /// <summary>The message, or null with the reason it cannot be read (bad JSON, unknown schema version).</summary>
    public static (ReminderMessage? Message, string? Problem) Deserialize(string body)
    {
        try
        {
            var message = JsonSerializer.Deserialize<ReminderMessage>(body, Options);
            if (message is null || string.IsNullOrEmpty(message.Slug) || string.IsNullOrEmpty(message.Kind) || string.IsNullOrEmpty(message.AddresseeId))
            {
                return (null, "The body is not a reminder.");
            }
            if (message.SchemaVersion != ReminderMessage.CurrentSchemaVersion)
            {
                return (null, $"Schema version {message.SchemaVersion} is not known (this version reads {ReminderMessage.CurrentSchemaVersion}).");
            }
            return (message, null);
        }
        catch (JsonException ex)
        {
            return (null, "The body is not JSON: " + ex.Message);
        }
    }
}
