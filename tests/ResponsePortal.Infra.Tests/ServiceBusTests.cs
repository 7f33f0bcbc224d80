using System.Text.Json;
using Xunit;

namespace ResponsePortal.Infra.Tests;

public class ServiceBusTests
{
    private readonly CompiledTemplate template = CompiledTemplate.ForMain;

    private JsonElement ReminderQueue => template.Single("Microsoft.ServiceBus/namespaces/queues").Properties();

    [Fact]
    public void Namespace_is_standard_and_accepts_only_entra_tokens_over_tls_1_2()
    {
        var serviceBus = template.Single("Microsoft.ServiceBus/namespaces");

        Assert.Equal("Standard", serviceBus.At("sku", "name").GetString());
        Assert.True(serviceBus.Properties().GetProperty("disableLocalAuth").GetBoolean());
        Assert.Equal("1.2", serviceBus.Properties().GetProperty("minimumTlsVersion").GetString());
    }

    [Fact]
    public void Reminders_queue_drops_a_repeated_message_id_within_seven_days()
    {
        var serviceBusModule = CompiledTemplate.TemplateOf(template.Module("service-bus"));

        Assert.True(ReminderQueue.GetProperty("requiresDuplicateDetection").GetBoolean());
        Assert.Equal("[parameters('duplicateDetectionHistoryTimeWindow')]", ReminderQueue.GetProperty("duplicateDetectionHistoryTimeWindow").GetString());
        Assert.Equal("P7D", serviceBusModule.At("parameters", "duplicateDetectionHistoryTimeWindow", "defaultValue").GetString());
    }

    [Fact]
    public void Reminders_queue_dead_letters_expired_messages()
    {
        Assert.True(ReminderQueue.GetProperty("deadLetteringOnMessageExpiration").GetBoolean());
    }

    [Fact]
    public void Queue_max_delivery_count_and_the_app_setting_come_from_one_parameter()
    {
        const string mainParameter = "[parameters('reminderMaxDeliveryCount')]";

        Assert.Equal("[parameters('reminderMaxDeliveryCount')]", ReminderQueue.GetProperty("maxDeliveryCount").GetString());
        Assert.Equal(mainParameter, CompiledTemplate.ParameterPassedTo(template.Module("service-bus"), "reminderMaxDeliveryCount").GetString());
        Assert.Equal(mainParameter, template.AppSettings["Reminders__MaxDeliveryCount"]);
        Assert.Equal(5, template.Root.At("parameters", "reminderMaxDeliveryCount", "defaultValue").GetInt32());
    }
}
