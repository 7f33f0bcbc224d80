using Microsoft.Azure.Functions.Worker;
using ResponsePortal.Intake;

namespace ResponsePortal.Functions.Intake;

/// <summary>Registers communications that other systems drop into the <c>incoming</c> container.</summary>
public sealed class IntakeFunction(IntakeProcessor intake)
{
    [Function(nameof(IntakePackage))]
    public Task IntakePackage(
        [BlobTrigger("incoming/{packageId}/manifest.json", Connection = "AzureWebJobsStorage")] Stream manifest, string packageId, CancellationToken cancellationToken)
        => intake.ProcessAsync(packageId, manifest, cancellationToken);
}
