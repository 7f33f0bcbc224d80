using Microsoft.Azure.Functions.Worker;
using ResponsePortal.Intake;

namespace ResponsePortal.Functions.Intake;

/// <summary>
/// Registers communications that other systems drop into the <c>incoming</c> container. Flex Consumption does not
/// poll containers, so in Azure the trigger is fed by an Event Grid subscription (infra/scripts/subscribe-intake.sh,
/// run by azd after deploy); the DevHost polls Azurite instead.
/// </summary>
public sealed class IntakeFunction(IntakeProcessor intake)
{
    [Function(nameof(IntakePackage))]
    public Task IntakePackage(
        [BlobTrigger("incoming/{packageId}/manifest.json", Source = BlobTriggerSource.EventGrid, Connection = "AzureWebJobsStorage")] Stream manifest, string packageId, CancellationToken cancellationToken)
        => intake.ProcessAsync(packageId, manifest, cancellationToken);
}
