using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;

namespace ResponsePortal.Functions.Http;

/// <summary>The Functions app's side of <see cref="SecurityHeaders"/>: every HTTP invocation's response carries them.</summary>
public sealed class SecurityHeadersMiddleware : IFunctionsWorkerMiddleware
{
    public Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        if (context.GetHttpContext() is { } http)
        {
            SecurityHeaders.ApplyWhenStarting(http);
        }
        return next(context);
    }
}
