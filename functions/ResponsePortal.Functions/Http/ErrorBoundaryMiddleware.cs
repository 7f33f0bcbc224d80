using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;

namespace ResponsePortal.Functions.Http;

/// <summary>
/// The Functions app's error boundary: every invocation runs inside it. An HTTP function that throws is answered
/// by <see cref="ErrorBoundary"/> (503 or 500 problem+json, never the exception); a timer, queue or blob function
/// that throws is logged and the exception goes back to the Functions host, which retries the message or waits for
/// the next tick, so the host itself never stops over an outage.
/// </summary>
public sealed class ErrorBoundaryMiddleware(ErrorBoundary boundary) : IFunctionsWorkerMiddleware
{
    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        try
        {
            await next(context);
        }
        catch (Exception ex) when (context.GetHttpContext() is { } http)
        {
            // The ASP.NET Core integration executes an IActionResult only when the function returned one; a response
            // written here is left as it is.
            await boundary.TryAnswerAsync(http, ex, context.FunctionDefinition.Name);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !context.CancellationToken.IsCancellationRequested)
        {
            boundary.LogBackgroundFailure(ex, context.FunctionDefinition.Name);
            throw;
        }
    }
}
