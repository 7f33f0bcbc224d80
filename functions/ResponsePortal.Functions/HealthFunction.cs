using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace ResponsePortal.Functions;

public sealed class HealthFunction(TimeProvider clock)
{
    /// <summary>The only anonymous endpoint: says the app is up and what time it believes it is.</summary>
    [Function(nameof(Health))]
    public IActionResult Health([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "health")] HttpRequest req)
        => new OkObjectResult(new { status = "ok", now = clock.GetUtcNow() });
}
